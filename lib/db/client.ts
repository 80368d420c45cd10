// Creates the Prisma client for the configured database. SQLite (better-sqlite3) is the embedded
// default; a postgresql:// URL switches to PostgreSQL (pg). The two generated clients come from one
// schema contract, so the rest of lib/db types against the SQLite client.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseKindOf } from "../config/env";
import { noteDatabaseFailure } from "./availability";
import { PrismaClient as PgClient } from "./generated/postgresql/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { sqliteFilePath } from "./migrate";

export type TPrisma = SqliteClient;

/** `onQuery` hears of every model operation (the benchmark counts database calls per use case). */
export type TPrismaClientOptions = { onQuery?: (model: string | undefined, operation: string) => void };

export function createPrismaClient(url: string, options: TPrismaClientOptions = {}): TPrisma {
  if (databaseKindOf(url) === "sqlite") {
    return observed(
      new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: sqliteFilePath(url), timeout: 5000 }) }),
      options,
    );
  }
  const client = new PgClient({
    adapter: new PrismaPg({ connectionString: url, max: Number(process.env.PORTICO_PG_POOL_SIZE ?? 10) }),
  });
  // Both clients are generated from the same schema contract (checked by a test), so their model
  // APIs are identical; the cast only bridges two nominally different generated types.
  return observed(client as unknown as TPrisma, options);
}

/**
 * Every query that fails because the database cannot be reached is noted on the current request
 * (lib/db/availability.ts), so the server answers 503 instead of 500. The pool itself reconnects:
 * once the database is back, the next query opens a fresh connection.
 */
function observed(client: TPrisma, options: TPrismaClientOptions): TPrisma {
  const extended = client.$extends({
    query: {
      async $allOperations({ args, query, model, operation }) {
        options.onQuery?.(model, operation);
        try {
          return await query(args);
        } catch (error) {
          noteDatabaseFailure(error);
          throw error;
        }
      },
    },
  });
  // The extension changes no model API, only wraps each call; the cast drops the extension's type.
  return extended as unknown as TPrisma;
}
