// Applies migrations and seeds the demo tenants for the configured database. Safe to run on every
// start: applied migrations are skipped and existing tenants are left as they are.
import { getConfig } from "../lib/config/env";
import { createPrismaClient } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { createStore } from "../lib/db/store";
import { DEMO_CLIENT_LOCAL_SECRET, seedDemoClient } from "../lib/oidc/demo-client";
import { seedDemoTenants } from "../lib/tenancy/demo-tenants";

export async function prepareDatabase(options: { seed: boolean } = { seed: true }) {
  const config = getConfig();
  const applied = await migrateDatabase(config.databaseUrl);
  let tenants: string[] = [];
  if (options.seed) {
    const store = createStore(createPrismaClient(config.databaseUrl));
    try {
      const seeded = await seedDemoTenants(store);
      tenants = seeded.map((t) => t.slug);
      const acme = seeded.find((t) => t.slug === "acme");
      // The demo app's secret: PORTICO_DEMO_CLIENT_SECRET, else the documented local default (never printed).
      const secret = process.env.PORTICO_DEMO_CLIENT_SECRET || DEMO_CLIENT_LOCAL_SECRET;
      if (acme) await seedDemoClient(store, acme.id, secret, new Date());
    } finally {
      await store.disconnect();
    }
  }
  return { applied, tenants, config };
}
