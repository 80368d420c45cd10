// Applies migrations and seeds the demo tenants for the configured database. Safe to run on every
// start: applied migrations are skipped and existing tenants are left as they are.
import { getConfig } from "../lib/config/env";
import { createPrismaClient } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { createStore } from "../lib/db/store";
import { seedDemoTenants } from "../lib/tenancy/demo-tenants";

export async function prepareDatabase(options: { seed: boolean } = { seed: true }) {
  const config = getConfig();
  const applied = await migrateDatabase(config.databaseUrl);
  let tenants: string[] = [];
  if (options.seed) {
    const store = createStore(createPrismaClient(config.databaseUrl));
    try {
      tenants = (await seedDemoTenants(store)).map((t) => t.slug);
    } finally {
      await store.disconnect();
    }
  }
  return { applied, tenants, config };
}
