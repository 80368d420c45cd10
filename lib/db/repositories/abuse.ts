// Repositories of the abuse defences: the tenant's threat state, the per-minute abuse counters,
// blocked addresses and the accounts attacked. Every call names the tenant.
import { ABUSE_STAT_KINDS } from "../../risk/types";
import type { TAbuseStatKind, TAttackedAccount, TThreatLevel, TThreatState } from "../../risk/types";
import { parseThreatLevel, toBlockedAddress, toThreatState } from "../rows";
import type { TDb } from "../types";

export type TThreatStatePatch = Partial<Omit<TThreatState, "tenantId">>;

/** The start of the minute of `at` (the AbuseStat bucket). */
export function minuteOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000);
}

function emptyCounts(): Record<TAbuseStatKind, number> {
  return Object.fromEntries(ABUSE_STAT_KINDS.map((kind) => [kind, 0])) as Record<TAbuseStatKind, number>;
}

export function abuseRepositories(db: TDb) {
  return {
    threatStates: {
      get: async (tenantId: string): Promise<TThreatState | null> => {
        const row = await db.threatState.findUnique({ where: { tenantId } });
        return row ? toThreatState(row) : null;
      },
      /** The tenant's state, created calm on first use. */
      ensure: async (tenantId: string, now: Date): Promise<TThreatState> =>
        toThreatState(
          await db.threatState.upsert({
            where: { tenantId },
            create: { tenantId, levelSince: now, evaluatedAt: new Date(0) },
            update: {},
          }),
        ),
      /**
       * Writes `patch` only if the state was last evaluated at `evaluatedAt` (a compare-and-set
       * between nodes): true for the one caller whose evaluation counts.
       */
      compareAndSet: async (tenantId: string, evaluatedAt: Date, patch: TThreatStatePatch): Promise<boolean> =>
        (await db.threatState.updateMany({ where: { tenantId, evaluatedAt }, data: patch })).count === 1,
      update: async (tenantId: string, patch: TThreatStatePatch) => {
        await db.threatState.updateMany({ where: { tenantId }, data: patch });
      },
    },
    abuseStats: {
      /** Adds `n` to the tenant's counter of `kind` for the minute of `at` (one atomic upsert). */
      add: async (tenantId: string, kind: TAbuseStatKind, at: Date, n = 1) => {
        const bucket = minuteOf(at);
        await db.$executeRaw`
          INSERT INTO "AbuseStat" ("tenantId", "bucket", "kind", "count") VALUES (${tenantId}, ${bucket}, ${kind}, ${n})
          ON CONFLICT ("tenantId", "bucket", "kind") DO UPDATE SET "count" = "AbuseStat"."count" + ${n}`;
      },
      /** The counts of every kind since `since` (inclusive of its minute). */
      sum: async (tenantId: string, since: Date): Promise<Record<TAbuseStatKind, number>> => {
        const rows = await db.abuseStat.groupBy({
          by: ["kind"],
          where: { tenantId, bucket: { gte: minuteOf(since) } },
          _sum: { count: true },
        });
        const counts = emptyCounts();
        for (const row of rows) {
          const kind = ABUSE_STAT_KINDS.find((k) => k === row.kind);
          if (kind) counts[kind] = row._sum.count ?? 0;
        }
        return counts;
      },
      /** Every counter row since `since`, oldest first (the dashboard's series). */
      series: async (tenantId: string, since: Date) => {
        const rows = await db.abuseStat.findMany({
          where: { tenantId, bucket: { gte: minuteOf(since) } },
          orderBy: { bucket: "asc" },
        });
        return rows.flatMap((row) => {
          const kind = ABUSE_STAT_KINDS.find((k) => k === row.kind);
          return kind ? [{ bucket: row.bucket, kind, count: row.count }] : [];
        });
      },
      purgeBefore: async (before: Date) => (await db.abuseStat.deleteMany({ where: { bucket: { lt: before } } })).count,
    },
    blockedAddresses: {
      /** Blocks `address` until `until` (a longer block already in place is kept). */
      block: async (
        tenantId: string,
        address: string,
        reason: string,
        now: Date,
        until: Date,
      ): Promise<{ created: boolean }> => {
        const existing = await db.blockedAddress.findUnique({ where: { tenantId_address: { tenantId, address } } });
        if (existing && existing.blockedUntil > now) {
          if (existing.blockedUntil < until)
            await db.blockedAddress.update({
              where: { tenantId_address: { tenantId, address } },
              data: { blockedUntil: until, reason },
            });
          return { created: false };
        }
        await db.blockedAddress.upsert({
          where: { tenantId_address: { tenantId, address } },
          create: { tenantId, address, reason, blockedAt: now, blockedUntil: until },
          update: { reason, blockedAt: now, blockedUntil: until, hits: 0 },
        });
        return { created: true };
      },
      /** The first of `addresses` blocked at `now`, or null. */
      findActive: async (tenantId: string, addresses: readonly string[], now: Date) => {
        if (addresses.length === 0) return null;
        const row = await db.blockedAddress.findFirst({
          where: { tenantId, address: { in: [...addresses] }, blockedUntil: { gt: now } },
          orderBy: { blockedUntil: "desc" },
        });
        return row ? toBlockedAddress(row) : null;
      },
      hit: async (tenantId: string, address: string) => {
        await db.blockedAddress.updateMany({ where: { tenantId, address }, data: { hits: { increment: 1 } } });
      },
      /** Addresses blocked at some point since `since`, newest first. */
      listSince: async (tenantId: string, since: Date, take = 100) =>
        (
          await db.blockedAddress.findMany({
            where: { tenantId, blockedUntil: { gte: since } },
            orderBy: { blockedAt: "desc" },
            take,
          })
        ).map(toBlockedAddress),
      unblock: async (tenantId: string, address: string, now: Date) =>
        (
          await db.blockedAddress.updateMany({
            where: { tenantId, address, blockedUntil: { gt: now } },
            data: { blockedUntil: now },
          })
        ).count === 1,
      purgeBefore: async (before: Date) =>
        (await db.blockedAddress.deleteMany({ where: { blockedUntil: { lt: before } } })).count,
    },
    attackedAccounts: {
      /** Counts a wrong password on the account while the tenant is at `level` (elevated or attack). */
      record: async (tenantId: string, userId: string, level: TThreatLevel, at: Date) => {
        const existing = await db.attackedAccount.findUnique({ where: { tenantId_userId: { tenantId, userId } } });
        const rank = { calm: 0, elevated: 1, attack: 2 } as const;
        if (!existing) {
          await db.attackedAccount.upsert({
            where: { tenantId_userId: { tenantId, userId } },
            create: { tenantId, userId, firstAt: at, lastAt: at, failures: 1, level },
            update: { lastAt: at, failures: { increment: 1 } },
          });
          return;
        }
        const higher = rank[level] > rank[parseThreatLevel(existing.level)];
        await db.attackedAccount.update({
          where: { tenantId_userId: { tenantId, userId } },
          data: { lastAt: at, failures: { increment: 1 }, ...(higher ? { level } : {}) },
        });
      },
      /** Accounts attacked since `since`, most recently first, with their address. */
      listSince: async (tenantId: string, since: Date, take = 100): Promise<TAttackedAccount[]> => {
        const rows = await db.attackedAccount.findMany({
          where: { tenantId, lastAt: { gte: since } },
          orderBy: { lastAt: "desc" },
          take,
          include: { user: { select: { email: true } } },
        });
        return rows.map(({ user, ...row }) => ({ ...row, email: user.email, level: parseThreatLevel(row.level) }));
      },
      forget: async (tenantId: string, userId: string) => {
        await db.attackedAccount.deleteMany({ where: { tenantId, userId } });
      },
    },
  };
}
