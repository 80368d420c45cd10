// Repository for password credentials (one hash per account).
import { randomUUID } from "node:crypto";
import type { PasswordCredential } from "../generated/sqlite/client";
import type { TDb } from "../types";

export type TPasswordCredential = PasswordCredential;

export function passwordRepositories(db: TDb) {
  return {
    passwords: {
      findByUserId: (tenantId: string, userId: string) =>
        db.passwordCredential.findFirst({ where: { tenantId, userId } }),
      set: (tenantId: string, userId: string, hash: string, at: Date) =>
        db.passwordCredential.upsert({
          where: { userId },
          create: { id: randomUUID(), tenantId, userId, hash, createdAt: at, updatedAt: at },
          update: { hash, updatedAt: at },
        }),
    },
  };
}
