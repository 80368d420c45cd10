// Repository for customer accounts: address, profile, lock state and failure counters.
import { randomUUID } from "node:crypto";
import type { TUser, TUserStatus } from "../../identity/types";
import { mapNullable, toUser } from "../rows";
import type { TDb } from "../types";

export type { TUser, TUserStatus } from "../../identity/types";
const toUserOrNull = mapNullable(toUser);

export function userRepositories(db: TDb) {
  return {
    users: {
      findByEmail: async (tenantId: string, email: string): Promise<TUser | null> =>
        toUserOrNull(await db.user.findUnique({ where: { tenantId_email: { tenantId, email } } })),
      findById: async (tenantId: string, id: string): Promise<TUser | null> =>
        toUserOrNull(await db.user.findFirst({ where: { tenantId, id } })),
      /** Id and address of the tenant's accounts among `ids` (labels for audit rows). */
      listEmailsByIds: (tenantId: string, ids: readonly string[]) =>
        db.user.findMany({ where: { tenantId, id: { in: [...ids] } }, select: { id: true, email: true } }),
      /** Accounts whose address contains `query` (already lower-cased), newest first. */
      search: async (tenantId: string, query: string, take: number): Promise<TUser[]> =>
        (
          await db.user.findMany({
            where: { tenantId, ...(query ? { email: { contains: query } } : {}) },
            orderBy: { createdAt: "desc" },
            take,
          })
        ).map(toUser),
      /** Accounts locked for good (no end time), or for a while that has not ended yet. */
      listLocked: async (tenantId: string, now: Date, take: number): Promise<TUser[]> =>
        (
          await db.user.findMany({
            where: { tenantId, OR: [{ status: "locked", lockedUntil: null }, { lockedUntil: { gt: now } }] },
            orderBy: { lockedAt: "desc" },
            take,
          })
        ).map(toUser),
      create: async (input: {
        tenantId: string;
        email: string;
        displayName: string | null;
        at: Date;
        signupDeviceHash?: string | null;
      }): Promise<TUser> =>
        toUser(
          await db.user.create({
            data: {
              id: randomUUID(),
              tenantId: input.tenantId,
              email: input.email,
              displayName: input.displayName,
              signupDeviceHash: input.signupDeviceHash ?? null,
              createdAt: input.at,
            },
          }),
        ),
      updateProfile: async (tenantId: string, id: string, data: { displayName: string | null }) =>
        (await db.user.updateMany({ where: { tenantId, id }, data })).count === 1,
      /** Marks the address verified only if it is still the user's address. */
      /** Counts a completed sign-in and returns the count after it. */
      countSignIn: async (tenantId: string, id: string): Promise<number> => {
        const rows = await db.$queryRaw<Array<{ signInCount: number | bigint }>>`
          UPDATE "User" SET "signInCount" = "signInCount" + 1 WHERE "tenantId" = ${tenantId} AND "id" = ${id} RETURNING "signInCount"`;
        return Number(rows[0]?.signInCount ?? 0);
      },
      markEmailVerified: async (tenantId: string, id: string, email: string, at: Date) =>
        (await db.user.updateMany({ where: { tenantId, id, email }, data: { emailVerifiedAt: at } })).count === 1,
      setLockState: async (
        tenantId: string,
        id: string,
        data: {
          status: TUserStatus;
          lockReason: string | null;
          lockedAt: Date | null;
          lockedUntil: Date | null;
          failedLoginCount?: number;
          lastFailedAt?: Date | null;
          secondFactorFailures?: number;
        },
      ) => (await db.user.updateMany({ where: { tenantId, id }, data })).count === 1,
      dismissPasskeyOffer: async (tenantId: string, id: string, at: Date) =>
        (await db.user.updateMany({ where: { tenantId, id }, data: { passkeyOfferDismissedAt: at } })).count === 1,
      /** Moves the account to a new address (already confirmed by link); false if it is taken in the tenant. */
      changeEmail: async (tenantId: string, id: string, fromEmail: string, toEmail: string, at: Date) =>
        (
          await db.user.updateMany({
            where: { tenantId, id, email: fromEmail },
            data: { email: toEmail, emailVerifiedAt: at },
          })
        ).count === 1,
      markRecovered: async (tenantId: string, id: string, at: Date) =>
        (await db.user.updateMany({ where: { tenantId, id }, data: { recoveredAt: at, credentialsChangedAt: at } }))
          .count === 1,
      setPayout: async (
        tenantId: string,
        id: string,
        data: { payoutHolder: string; payoutIban: string; payoutChangedAt: Date },
      ) => (await db.user.updateMany({ where: { tenantId, id }, data })).count === 1,
      markCredentialsChanged: async (tenantId: string, id: string, at: Date) =>
        (await db.user.updateMany({ where: { tenantId, id }, data: { credentialsChangedAt: at } })).count === 1,
      resetFailures: async (tenantId: string, id: string) =>
        (await db.user.updateMany({ where: { tenantId, id }, data: { failedLoginCount: 0 } })).count === 1,
      /**
       * Adds one to the account's consecutive second-factor failures (from unknown devices) and returns the new count.
       */
      recordSecondFactorFailure: async (tenantId: string, id: string): Promise<number | null> => {
        const { count } = await db.user.updateMany({
          where: { tenantId, id },
          data: { secondFactorFailures: { increment: 1 } },
        });
        if (count !== 1) return null;
        return (
          (await db.user.findFirst({ where: { tenantId, id }, select: { secondFactorFailures: true } }))
            ?.secondFactorFailures ?? null
        );
      },
      resetSecondFactorFailures: async (tenantId: string, id: string) =>
        (await db.user.updateMany({ where: { tenantId, id }, data: { secondFactorFailures: 0 } })).count === 1,
      /**
       * Adds one to the account's consecutive password failures (an atomic UPDATE … + 1) and returns
       * the new count. Unlike the throttling counters it never expires: only a success or a
       * recovery resets it, so the permanent lock holds however slowly the guesses come.
       */
      recordFailure: async (tenantId: string, id: string, at: Date): Promise<number | null> => {
        const { count } = await db.user.updateMany({
          where: { tenantId, id },
          data: { failedLoginCount: { increment: 1 }, lastFailedAt: at },
        });
        // Read back even when no row matched (an unknown address): both paths make the same two calls.
        const row = await db.user.findFirst({ where: { tenantId, id }, select: { failedLoginCount: true } });
        return count === 1 ? (row?.failedLoginCount ?? null) : null;
      },
    },
  };
}
