// Repository for the rate-limit counters (one row per key, counted atomically in SQL).
import type { TDb } from "../types";

export type TCounter = { count: number; windowStartMs: number; windowEndMs: number };

function rowToCounter(row: {
  count: number | bigint;
  windowStartMs: number | bigint;
  windowEndMs: number | bigint;
}): TCounter {
  return { count: Number(row.count), windowStartMs: Number(row.windowStartMs), windowEndMs: Number(row.windowEndMs) };
}

export function rateLimitRepositories(db: TDb) {
  return {
    rateLimits: {
      /**
       * Counts one hit against `key` atomically (one INSERT … ON CONFLICT statement, valid on SQLite
       * and PostgreSQL) and returns the counter after the hit. A fixed window restarts when it has
       * ended; a sliding one moves its end to now + window on every hit.
       */
      hit: async (
        key: string,
        nowMs: number,
        windowMs: number,
        mode: "fixed" | "sliding" = "fixed",
      ): Promise<TCounter> => {
        const now = BigInt(nowMs);
        const end = BigInt(nowMs + windowMs);
        const rows =
          mode === "fixed"
            ? await db.$queryRaw<TCounter[]>`
              INSERT INTO "RateLimitCounter" ("key", "count", "windowStartMs", "windowEndMs") VALUES (${key}, 1, ${now}, ${end})
              ON CONFLICT ("key") DO UPDATE SET
                "count" = CASE WHEN "RateLimitCounter"."windowEndMs" <= ${now} THEN 1 ELSE "RateLimitCounter"."count" + 1 END,
                "windowStartMs" = CASE WHEN "RateLimitCounter"."windowEndMs" <= ${now} THEN ${now} ELSE "RateLimitCounter"."windowStartMs" END,
                "windowEndMs" = CASE WHEN "RateLimitCounter"."windowEndMs" <= ${now} THEN ${end} ELSE "RateLimitCounter"."windowEndMs" END
              RETURNING "count", "windowStartMs", "windowEndMs"`
            : await db.$queryRaw<TCounter[]>`
              INSERT INTO "RateLimitCounter" ("key", "count", "windowStartMs", "windowEndMs") VALUES (${key}, 1, ${now}, ${end})
              ON CONFLICT ("key") DO UPDATE SET
                "count" = CASE WHEN "RateLimitCounter"."windowEndMs" <= ${now} THEN 1 ELSE "RateLimitCounter"."count" + 1 END,
                "windowStartMs" = ${now},
                "windowEndMs" = ${end}
              RETURNING "count", "windowStartMs", "windowEndMs"`;
        const row = rows[0];
        if (!row) throw new Error("rate limit counter returned no row");
        return rowToCounter(row);
      },
      /** The live counter for `key`, or null when there is none or its window has ended. */
      get: async (key: string, nowMs: number): Promise<TCounter | null> => {
        const row = await db.rateLimitCounter.findUnique({ where: { key } });
        if (!row || Number(row.windowEndMs) <= nowMs) return null;
        return rowToCounter(row);
      },
      reset: async (key: string) => {
        await db.rateLimitCounter.deleteMany({ where: { key } });
      },
    },
  };
}
