// Repositories for account recovery that bypasses lost second factors (delayed or assisted).
import { randomUUID } from "node:crypto";
import type { RecoveryRequest } from "../generated/sqlite/client";
import type { TDb } from "../types";

export type TRecoveryRequest = RecoveryRequest;

export function recoveryRepositories(db: TDb) {
  return {
    recoveryRequests: {
      create: (input: {
        tenantId: string;
        userId: string;
        kind: "delayed" | "assisted";
        cancelTokenHash: string;
        availableAt: Date;
        ip: string | null;
        userAgent: string | null;
        at: Date;
      }) =>
        db.recoveryRequest.create({
          data: {
            id: randomUUID(),
            tenantId: input.tenantId,
            userId: input.userId,
            kind: input.kind,
            cancelTokenHash: input.cancelTokenHash,
            requestedAt: input.at,
            availableAt: input.availableAt,
            ip: input.ip,
            userAgent: input.userAgent,
          },
        }),
      /** The user's open (waiting) request, if any. */
      findOpen: (tenantId: string, userId: string) =>
        db.recoveryRequest.findFirst({
          where: { tenantId, userId, status: "waiting" },
          orderBy: { requestedAt: "desc" },
        }),
      listOpen: (tenantId: string) =>
        db.recoveryRequest.findMany({ where: { tenantId, status: "waiting" }, orderBy: { requestedAt: "asc" } }),
      /** One-click cancel from the mailed link: conditional, so it works once and only while waiting. */
      cancelByToken: async (tenantId: string, cancelTokenHash: string, by: string, at: Date) => {
        const { count } = await db.recoveryRequest.updateMany({
          where: { tenantId, cancelTokenHash, status: "waiting" },
          data: { status: "cancelled", cancelledAt: at, cancelledBy: by },
        });
        if (count !== 1) return null;
        return db.recoveryRequest.findFirst({ where: { tenantId, cancelTokenHash } });
      },
      cancel: async (tenantId: string, id: string, by: string, at: Date) =>
        (
          await db.recoveryRequest.updateMany({
            where: { tenantId, id, status: "waiting" },
            data: { status: "cancelled", cancelledAt: at, cancelledBy: by },
          })
        ).count === 1,
      /** Completes a request whose wait is over; conditional, so it completes once. */
      complete: async (tenantId: string, id: string, at: Date) =>
        (
          await db.recoveryRequest.updateMany({
            where: { tenantId, id, status: "waiting", availableAt: { lte: at } },
            data: { status: "completed", completedAt: at },
          })
        ).count === 1,
      findByCancelTokenHash: (tenantId: string, cancelTokenHash: string) =>
        db.recoveryRequest.findFirst({ where: { tenantId, cancelTokenHash } }),
    },
    /** Removes the second factors a delayed recovery bypassed (all of them, in one tenant, for one user). */
    recoveryFactors: {
      removeAll: async (tenantId: string, userId: string) => {
        const passkeys = (await db.passkeyCredential.deleteMany({ where: { tenantId, userId } })).count;
        const totp = (await db.totpFactor.deleteMany({ where: { tenantId, userId } })).count;
        const recoveryCodes = (await db.recoveryCode.deleteMany({ where: { tenantId, userId } })).count;
        return { passkeys, totp, recoveryCodes };
      },
      /** Removes the password (an unconfirmed account's, when someone else proves the mailbox). */
      removePassword: async (tenantId: string, userId: string) =>
        (await db.passwordCredential.deleteMany({ where: { tenantId, userId } })).count,
    },
  };
}
