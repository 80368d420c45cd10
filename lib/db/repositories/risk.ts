// Repositories for the risk engine: the devices and networks each user has signed in from.
import { randomUUID } from "node:crypto";
import type { KnownDevice } from "../generated/sqlite/client";
import type { TDb } from "../types";

export type TKnownDevice = KnownDevice;

export function riskRepositories(db: TDb) {
  return {
    knownDevices: {
      find: (tenantId: string, userId: string, deviceHash: string) =>
        db.knownDevice.findFirst({ where: { tenantId, userId, deviceHash } }),
      count: (tenantId: string, userId: string) => db.knownDevice.count({ where: { tenantId, userId } }),
      forgetAll: async (tenantId: string, userId: string) =>
        (await db.knownDevice.deleteMany({ where: { tenantId, userId } })).count,
      /**
       * The device `deviceHash` if it has completed a sign-in of the account with this address. One
       * query by address, so an unknown address costs the same as an account seen from a new device.
       */
      findForEmail: (tenantId: string, email: string, deviceHash: string) =>
        db.knownDevice.findFirst({ where: { tenantId, deviceHash, user: { tenantId, email } } }),
      /**
       * Counts a password attempt from this device up front and returns the count after it. One
       * UPDATE … RETURNING (valid on SQLite and PostgreSQL): a separate read could see the increments
       * of concurrent attempts, and then no attempt of a burst would know it was the first.
       */
      hitPasswordAttempt: async (tenantId: string, id: string, at: Date): Promise<number | null> => {
        const rows = await db.$queryRaw<Array<{ passwordFailures: number | bigint }>>`
          UPDATE "KnownDevice" SET "passwordFailures" = "passwordFailures" + 1 WHERE "tenantId" = ${tenantId} AND "id" = ${id} RETURNING "passwordFailures"`;
        if (!rows[0]) return null;
        await db.knownDevice.updateMany({ where: { tenantId, id }, data: { lastPasswordFailureAt: at } });
        return Number(rows[0].passwordFailures);
      },
      resetPasswordFailures: async (tenantId: string, id: string) =>
        (
          await db.knownDevice.updateMany({
            where: { tenantId, id },
            data: { passwordFailures: 0, lastPasswordFailureAt: null },
          })
        ).count === 1,
      recordSecondFactorFailure: async (tenantId: string, id: string): Promise<number | null> => {
        const { count } = await db.knownDevice.updateMany({
          where: { tenantId, id },
          data: { secondFactorFailures: { increment: 1 } },
        });
        if (count !== 1) return null;
        return (
          (await db.knownDevice.findFirst({ where: { tenantId, id }, select: { secondFactorFailures: true } }))
            ?.secondFactorFailures ?? null
        );
      },
      resetSecondFactorFailures: async (tenantId: string, id: string) =>
        (
          await db.knownDevice.updateMany({
            where: { tenantId, id, secondFactorFailures: { not: 0 } },
            data: { secondFactorFailures: 0 },
          })
        ).count,
      /** A recovery or a support unlock gives every device of the account its full budgets back. */
      resetAllFailures: async (tenantId: string, userId: string) =>
        (
          await db.knownDevice.updateMany({
            where: { tenantId, userId },
            data: { passwordFailures: 0, lastPasswordFailureAt: null, secondFactorFailures: 0 },
          })
        ).count,
      /** Remembers the device (or refreshes when it was last seen). */
      remember: (input: { tenantId: string; userId: string; deviceHash: string; uaFamily: string | null; at: Date }) =>
        db.knownDevice.upsert({
          where: { userId_deviceHash: { userId: input.userId, deviceHash: input.deviceHash } },
          create: {
            id: randomUUID(),
            tenantId: input.tenantId,
            userId: input.userId,
            deviceHash: input.deviceHash,
            uaFamily: input.uaFamily,
            firstSeenAt: input.at,
            lastSeenAt: input.at,
          },
          update: { lastSeenAt: input.at, uaFamily: input.uaFamily },
        }),
    },

    knownNetworks: {
      find: (tenantId: string, userId: string, prefix: string) =>
        db.knownNetwork.findFirst({ where: { tenantId, userId, prefix } }),
      count: (tenantId: string, userId: string) => db.knownNetwork.count({ where: { tenantId, userId } }),
      forgetAll: async (tenantId: string, userId: string) =>
        (await db.knownNetwork.deleteMany({ where: { tenantId, userId } })).count,
      remember: (input: { tenantId: string; userId: string; prefix: string; at: Date }) =>
        db.knownNetwork.upsert({
          where: { userId_prefix: { userId: input.userId, prefix: input.prefix } },
          create: {
            id: randomUUID(),
            tenantId: input.tenantId,
            userId: input.userId,
            prefix: input.prefix,
            firstSeenAt: input.at,
            lastSeenAt: input.at,
          },
          update: { lastSeenAt: input.at },
        }),
    },
  };
}
