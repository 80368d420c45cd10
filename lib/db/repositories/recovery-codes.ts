// Repository for recovery codes (stored as hashes, each usable once).
import { randomUUID } from "node:crypto";
import type { TDb } from "../types";

export function recoveryCodeRepositories(db: TDb) {
  return {
    recoveryCodes: {
      /** Replaces the whole set: the old codes stop working in the same transaction. */
      replaceAll: async (tenantId: string, userId: string, codeHashes: string[], at: Date) => {
        await db.recoveryCode.deleteMany({ where: { tenantId, userId } });
        for (const codeHash of codeHashes) {
          await db.recoveryCode.create({ data: { id: randomUUID(), tenantId, userId, codeHash, createdAt: at } });
        }
      },
      /** Uses a code up; a conditional UPDATE, so a code works once even under concurrency. */
      consume: async (tenantId: string, userId: string, codeHash: string, at: Date) =>
        (
          await db.recoveryCode.updateMany({
            where: { tenantId, userId, codeHash, usedAt: null },
            data: { usedAt: at },
          })
        ).count === 1,
      countRemaining: (tenantId: string, userId: string) =>
        db.recoveryCode.count({ where: { tenantId, userId, usedAt: null } }),
      removeAll: async (tenantId: string, userId: string) =>
        (await db.recoveryCode.deleteMany({ where: { tenantId, userId } })).count,
    },
  };
}
