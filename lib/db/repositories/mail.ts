// Repository for the mail outbox the dispatcher delivers from.
import { randomUUID } from "node:crypto";
import type { MailMessage } from "../generated/sqlite/client";
import type { TDb } from "../types";

export type TMailMessage = MailMessage;

export type TMailInput = {
  tenantId: string | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  status: "pending" | "outbox";
  at: Date;
};

/** `mailQueued` is told of every message written to the outbox (see `TStore.onMailQueued`). */
export function mailRepositories(db: TDb, mailQueued: () => void) {
  return {
    mail: {
      enqueue: async (input: TMailInput) => {
        const message = await db.mailMessage.create({
          data: {
            id: randomUUID(),
            tenantId: input.tenantId,
            to: input.to,
            subject: input.subject,
            text: input.text,
            html: input.html,
            status: input.status,
            createdAt: input.at,
            nextTryAt: input.at,
          },
        });
        mailQueued();
        return message;
      },
      /**
       * Claims up to `limit` due messages for this node. The status flip is conditional, so two
       * nodes polling together never send one message twice.
       */
      claimDue: async (now: Date, limit: number): Promise<TMailMessage[]> => {
        const due = await db.mailMessage.findMany({
          where: { status: "pending", nextTryAt: { lte: now } },
          orderBy: { createdAt: "asc" },
          take: limit,
          select: { id: true },
        });
        const claimed: TMailMessage[] = [];
        for (const { id } of due) {
          const { count } = await db.mailMessage.updateMany({
            where: { id, status: "pending" },
            data: { status: "sending", attempts: { increment: 1 } },
          });
          if (count === 1) {
            const message = await db.mailMessage.findUnique({ where: { id } });
            if (message) claimed.push(message);
          }
        }
        return claimed;
      },
      markSent: (id: string, at: Date) =>
        db.mailMessage.update({
          where: { id },
          data: { status: "sent", sentAt: at, text: null, html: null, lastError: null },
        }),
      markFailed: (id: string, error: string, nextTryAt: Date, final: boolean) =>
        db.mailMessage.update({
          where: { id },
          data: { status: final ? "failed" : "pending", lastError: error.slice(0, 500), nextTryAt },
        }),
      /** Requeues messages left in "sending" by a node that died mid-send. */
      requeueStale: async (olderThan: Date) =>
        (
          await db.mailMessage.updateMany({
            where: { status: "sending", nextTryAt: { lt: olderThan } },
            data: { status: "pending" },
          })
        ).count,
      listOutbox: (limit: number) =>
        db.mailMessage.findMany({ where: { status: "outbox" }, orderBy: { createdAt: "desc" }, take: limit }),
      findOutboxMessage: (id: string) => db.mailMessage.findFirst({ where: { id, status: "outbox" } }),
    },
  };
}
