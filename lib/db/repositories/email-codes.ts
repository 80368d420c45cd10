// Repositories for the one-time codes mailed at a stepped-up sign-in. Every change is conditional
// (unconsumed, tries left, unexpired), so concurrent requests on two nodes cannot use one code
// twice or get more tries than the limit.
import { randomUUID } from "node:crypto";
import type { SignInEmailCode } from "../generated/sqlite/client";
import type { TDb } from "../types";

export type TSignInEmailCode = SignInEmailCode;

export function emailCodeRepositories(db: TDb) {
  return {
    signInEmailCodes: {
      create: ({
        at,
        ...input
      }: {
        tenantId: string;
        userId: string;
        sessionId: string;
        codeHash: string;
        salt: string;
        expiresAt: Date;
        at: Date;
      }) => db.signInEmailCode.create({ data: { id: randomUUID(), ...input, createdAt: at } }),
      findForSession: (tenantId: string, sessionId: string) =>
        db.signInEmailCode.findFirst({ where: { tenantId, sessionId } }),
      /**
       * Takes one try before the code is checked and returns the tries used so far; null once
       * `maxAttempts` are used (or the code is used up or expired).
       */
      reserveAttempt: async (tenantId: string, id: string, maxAttempts: number, now: Date): Promise<number | null> => {
        const taken = await db.signInEmailCode.updateMany({
          where: { tenantId, id, consumedAt: null, attempts: { lt: maxAttempts }, expiresAt: { gt: now } },
          data: { attempts: { increment: 1 } },
        });
        if (taken.count !== 1) return null;
        return (
          (await db.signInEmailCode.findFirst({ where: { tenantId, id }, select: { attempts: true } }))?.attempts ??
          maxAttempts
        );
      },
      /** Uses the code up, only if it is still the one checked (a resend replaces it) and unused. */
      consume: async (tenantId: string, id: string, codeHash: string, now: Date) =>
        (
          await db.signInEmailCode.updateMany({
            where: { tenantId, id, codeHash, consumedAt: null, expiresAt: { gt: now } },
            data: { consumedAt: now },
          })
        ).count === 1,
      /** A new code for the same pending sign-in; the tries already used stay used. */
      replace: async (
        tenantId: string,
        id: string,
        input: { codeHash: string; salt: string; expiresAt: Date },
        limits: { maxSends: number; maxAttempts: number },
      ) =>
        (
          await db.signInEmailCode.updateMany({
            where: {
              tenantId,
              id,
              consumedAt: null,
              sends: { lt: limits.maxSends },
              attempts: { lt: limits.maxAttempts },
            },
            data: { ...input, sends: { increment: 1 } },
          })
        ).count === 1,
    },
  };
}
