// Repositories for the risk engine: the devices and networks each user has signed in from.
import { randomUUID } from "node:crypto";
import type { TDb } from "./store";

export function riskRepositories(db: TDb) {
  return {
    knownDevices: {
      find: (tenantId: string, userId: string, deviceHash: string) => db.knownDevice.findFirst({ where: { tenantId, userId, deviceHash } }),
      count: (tenantId: string, userId: string) => db.knownDevice.count({ where: { tenantId, userId } }),
      /** Remembers the device (or refreshes when it was last seen). */
      remember: (input: { tenantId: string; userId: string; deviceHash: string; uaFamily: string | null; at: Date }) =>
        db.knownDevice.upsert({
          where: { userId_deviceHash: { userId: input.userId, deviceHash: input.deviceHash } },
          create: { id: randomUUID(), tenantId: input.tenantId, userId: input.userId, deviceHash: input.deviceHash, uaFamily: input.uaFamily, firstSeenAt: input.at, lastSeenAt: input.at },
          update: { lastSeenAt: input.at, uaFamily: input.uaFamily },
        }),
    },

    knownNetworks: {
      find: (tenantId: string, userId: string, prefix: string) => db.knownNetwork.findFirst({ where: { tenantId, userId, prefix } }),
      count: (tenantId: string, userId: string) => db.knownNetwork.count({ where: { tenantId, userId } }),
      remember: (input: { tenantId: string; userId: string; prefix: string; at: Date }) =>
        db.knownNetwork.upsert({
          where: { userId_prefix: { userId: input.userId, prefix: input.prefix } },
          create: { id: randomUUID(), tenantId: input.tenantId, userId: input.userId, prefix: input.prefix, firstSeenAt: input.at, lastSeenAt: input.at },
          update: { lastSeenAt: input.at },
        }),
    },
  };
}
