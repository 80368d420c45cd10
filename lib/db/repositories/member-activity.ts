// What an organisation's administrator may know of their members' activity: when each last
// finished a sign-in (the newest completed session's sign-in time). Tenant-scoped.
import type { TDb } from "../types";

export function memberActivityRepositories(db: TDb) {
  return {
    memberActivity: {
      /** userId → the time of their newest completed sign-in, for the users of `userIds` who have one. */
      lastSignIns: async (tenantId: string, userIds: readonly string[]): Promise<Map<string, Date>> => {
        if (userIds.length === 0) return new Map();
        const rows = await db.session.groupBy({
          by: ["userId"],
          where: { tenantId, userId: { in: [...userIds] }, stage: "complete" },
          _max: { authTime: true },
        });
        return new Map(rows.flatMap((row) => (row._max.authTime ? [[row.userId, row._max.authTime] as const] : [])));
      },
    },
  };
}
