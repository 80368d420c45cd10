// The database for the scale-out tests: a fresh database on the PostgreSQL server the suites are
// configured with (TEST_DATABASE_URL, as for the unit suite), migrated and seeded, dropped after.
import { createTestDb, type TTestDb } from "../../tests/support/test-db";
import { seedDemoTenants } from "../../lib/tenancy/demo-tenants";

export async function createSharedPostgresDatabase(): Promise<TTestDb> {
  if (!process.env.TEST_DATABASE_URL?.startsWith("postgres")) {
    throw new Error(
      "The cluster tests run on PostgreSQL: set TEST_DATABASE_URL=postgresql://… (a role that may create databases).",
    );
  }
  const db = await createTestDb();
  await seedDemoTenants(db.store);
  return db;
}
