// Repository for the one-time tokens behind mailed links (confirmation, reset, email change).
import { randomUUID } from "node:crypto";
import type { OneTimeToken } from "../generated/sqlite/client";
import type { TDb } from "../types";

export type TOneTimeToken = OneTimeToken;
export type TTokenPurpose = "email_verification" | "password_reset" | "email_change" | "email_change_undo";

export function tokenRepositories(db: TDb) {
  return {
    tokens: {
      create: (input: {
        tenantId: string;
        userId: string;
        purpose: TTokenPurpose;
        tokenHash: string;
        email: string;
        expiresAt: Date;
        at: Date;
      }) =>
        db.oneTimeToken.create({
          data: {
            id: randomUUID(),
            tenantId: input.tenantId,
            userId: input.userId,
            purpose: input.purpose,
            tokenHash: input.tokenHash,
            email: input.email,
            expiresAt: input.expiresAt,
            createdAt: input.at,
          },
        }),
      /** Looks a token up without using it (to show the right page before the form is sent). */
      findUsable: (tenantId: string, purpose: TTokenPurpose, tokenHash: string, now: Date) =>
        db.oneTimeToken.findFirst({
          where: { tenantId, purpose, tokenHash, consumedAt: null, expiresAt: { gt: now } },
        }),
      /**
       * Uses a token up. The conditional UPDATE is the single point of truth: of two concurrent
       * redemptions, only one sees `consumedAt IS NULL` and changes a row.
       */
      consume: async (tenantId: string, purpose: TTokenPurpose, tokenHash: string, now: Date) => {
        const { count } = await db.oneTimeToken.updateMany({
          where: { tenantId, purpose, tokenHash, consumedAt: null, expiresAt: { gt: now } },
          data: { consumedAt: now },
        });
        if (count !== 1) return null;
        return db.oneTimeToken.findFirst({ where: { tenantId, purpose, tokenHash } });
      },
      /** Invalidates every outstanding token of a purpose (a new link replaces the old ones). */
      revokeOutstanding: async (tenantId: string, userId: string, purpose: TTokenPurpose, now: Date) =>
        (
          await db.oneTimeToken.updateMany({
            where: { tenantId, userId, purpose, consumedAt: null },
            data: { consumedAt: now },
          })
        ).count,
      countIssuedSince: (tenantId: string, userId: string, purpose: TTokenPurpose, since: Date) =>
        db.oneTimeToken.count({ where: { tenantId, userId, purpose, createdAt: { gte: since } } }),
      latestIssued: (tenantId: string, userId: string, purpose: TTokenPurpose) =>
        db.oneTimeToken.findFirst({ where: { tenantId, userId, purpose }, orderBy: { createdAt: "desc" } }),
    },
  };
}
