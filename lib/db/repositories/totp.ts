// Repository for authenticator-app (TOTP) factors.
import { randomUUID } from "node:crypto";
import type { TDb } from "../types";

export function totpRepositories(db: TDb) {
  return {
    totp: {
      findByUserId: (tenantId: string, userId: string) => db.totpFactor.findFirst({ where: { tenantId, userId } }),
      /** Starts (or restarts) an enrolment; a confirmed factor is never overwritten here. */
      savePending: async (tenantId: string, userId: string, secretSealed: string, at: Date) => {
        await db.totpFactor.deleteMany({ where: { tenantId, userId, confirmedAt: null } });
        return db.totpFactor.create({ data: { id: randomUUID(), tenantId, userId, secretSealed, createdAt: at } });
      },
      confirm: async (tenantId: string, userId: string, step: number, at: Date) =>
        (
          await db.totpFactor.updateMany({
            where: { tenantId, userId, confirmedAt: null },
            data: { confirmedAt: at, lastUsedStep: step },
          })
        ).count === 1,
      /**
       * Records that the code of `step` was used. Conditional on the stored step being older, so of
       * two concurrent uses of one code exactly one changes the row.
       */
      useStep: async (tenantId: string, userId: string, step: number) =>
        (
          await db.totpFactor.updateMany({
            where: {
              tenantId,
              userId,
              confirmedAt: { not: null },
              OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }],
            },
            data: { lastUsedStep: step },
          })
        ).count === 1,
      remove: async (tenantId: string, userId: string) =>
        (await db.totpFactor.deleteMany({ where: { tenantId, userId } })).count,
    },
  };
}
