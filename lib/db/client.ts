// Creates the Prisma client for the configured database. SQLite (better-sqlite3) is the embedded
// default; a postgresql:// URL switches to PostgreSQL (pg). The two generated clients come from one
// schema contract, so the rest of lib/db types against the SQLite client.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseKindOf } from "../config/env";
import { PrismaClient as PgClient } from "./generated/postgresql/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { sqliteFilePath } from "./migrate";

export type TPrisma = SqliteClient;

export function createPrismaClient(url: string): TPrisma {
  if (databaseKindOf(url) === "sqlite") {
    return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: sqliteFilePath(url), timeout: 5000 }) });
  }
  const client = new PgClient({
    adapter: new PrismaPg({ connectionString: url, max: Number(process.env.PORTICO_PG_POOL_SIZE ?? 10) }),
  });
  // Both clients are generated from the same schema contract (checked by a test), so their model
  // APIs are identical; the cast only bridges two nominally different generated types.
  return client as unknown as TPrisma;
}
