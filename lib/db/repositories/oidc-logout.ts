// Repositories of back-channel logout: which Portico session each provider session belongs to, and
// the queue of logout tokens to deliver to apps. The queue is claimed like the mail outbox: a
// conditional UPDATE flips a due row to "sending", so of two nodes polling together one sends it.
import { randomUUID } from "node:crypto";
import type { OidcLogout, OidcSessionLink } from "../generated/sqlite/client";
import type { TDb } from "../types";

export type TOidcSessionLink = OidcSessionLink;
export type TOidcLogout = OidcLogout;

const linkKey = (tenantId: string, providerSessionUid: string) => `${tenantId}:${providerSessionUid}`;

export function oidcLogoutRepositories(db: TDb) {
  return {
    oidcSessionLinks: {
      /** Records (or moves) the provider session `providerSessionUid` to the Portico session `porticoSessionId`. */
      bind: async (input: {
        tenantId: string;
        providerSessionUid: string;
        porticoSessionId: string;
        userId: string;
        at: Date;
      }) => {
        const { at, ...rest } = input;
        const key = linkKey(input.tenantId, input.providerSessionUid);
        await db.oidcSessionLink.upsert({
          where: { key },
          create: { key, ...rest, createdAt: at, updatedAt: at },
          update: { porticoSessionId: rest.porticoSessionId, userId: rest.userId, updatedAt: at },
        });
      },
      find: (tenantId: string, providerSessionUid: string) =>
        db.oidcSessionLink.findFirst({ where: { key: linkKey(tenantId, providerSessionUid), tenantId } }),
      listForUser: (tenantId: string, userId: string) =>
        db.oidcSessionLink.findMany({ where: { tenantId, userId }, orderBy: { createdAt: "asc" } }),
      /** One page of every tenant's links, in key order after `afterKey` (the sweep walks them all). */
      listPage: (afterKey: string | null, limit: number) =>
        db.oidcSessionLink.findMany({
          where: afterKey === null ? {} : { key: { gt: afterKey } },
          orderBy: { key: "asc" },
          take: limit,
        }),
      /** Removes the link; true for the one caller that did (two endings of one session act once). */
      remove: async (tenantId: string, providerSessionUid: string) =>
        (await db.oidcSessionLink.deleteMany({ where: { key: linkKey(tenantId, providerSessionUid), tenantId } }))
          .count === 1,
    },
    oidcLogouts: {
      enqueue: (input: { tenantId: string; clientId: string; uri: string; sub: string; sid: string; at: Date }) => {
        const { at, ...rest } = input;
        return db.oidcLogout.create({
          data: { id: randomUUID(), jti: randomUUID(), ...rest, status: "pending", createdAt: at, nextTryAt: at },
        });
      },
      /** Claims up to `limit` due tokens for this node; a row another node claimed first is skipped. */
      claimDue: async (now: Date, limit: number): Promise<TOidcLogout[]> => {
        const due = await db.oidcLogout.findMany({
          where: { status: "pending", nextTryAt: { lte: now } },
          orderBy: { createdAt: "asc" },
          take: limit,
          select: { id: true },
        });
        const claimed: TOidcLogout[] = [];
        for (const { id } of due) {
          // nextTryAt is moved forward with the claim: requeueStale recognises a claim left by a dead node.
          const { count } = await db.oidcLogout.updateMany({
            where: { id, status: "pending" },
            data: { status: "sending", attempts: { increment: 1 }, nextTryAt: now },
          });
          if (count === 1) {
            const row = await db.oidcLogout.findUnique({ where: { id } });
            if (row) claimed.push(row);
          }
        }
        return claimed;
      },
      markSent: async (id: string, at: Date) => {
        await db.oidcLogout.updateMany({
          where: { id, status: "sending" },
          data: { status: "sent", sentAt: at, lastError: null },
        });
      },
      markFailed: async (id: string, error: string, nextTryAt: Date, final: boolean) => {
        await db.oidcLogout.updateMany({
          where: { id, status: "sending" },
          data: { status: final ? "failed" : "pending", lastError: error.slice(0, 500), nextTryAt },
        });
      },
      /** Requeues tokens left in "sending" by a node that died mid-delivery. */
      requeueStale: async (olderThan: Date) =>
        (
          await db.oidcLogout.updateMany({
            where: { status: "sending", nextTryAt: { lt: olderThan } },
            data: { status: "pending" },
          })
        ).count,
      /**
       * Removes tokens settled before `before`: delivered ones by when they were sent, given-up ones
       * by when the last attempt failed. Returns how many.
       */
      sweepSettled: async (before: Date) =>
        (
          await db.oidcLogout.deleteMany({
            where: {
              OR: [
                { status: "sent", sentAt: { lt: before } },
                { status: "failed", nextTryAt: { lt: before } },
              ],
            },
          })
        ).count,
      listForTenant: (tenantId: string) =>
        db.oidcLogout.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" } }),
    },
  };
}
