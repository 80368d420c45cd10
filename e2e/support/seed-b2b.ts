// Test seeding for the B2B specs, run with tsx against the e2e server's database: an organisation
// with its domains in a tenant, and a confirmed local account with a password. Prints one JSON line.
//   tsx e2e/support/seed-b2b.ts org <tenant> <slug> <name> <domain>
//   tsx e2e/support/seed-b2b.ts user <tenant> <email> <password>
//   tsx e2e/support/seed-b2b.ts sessions <tenant> <email>   (the account's live sessions: aal, amr)
import { createPrismaClient } from "../../lib/db/client";
import { createStore } from "../../lib/db/store";
import { hashPassword } from "../../lib/identity/password-hasher";
import { getConfig } from "../../lib/config/env";

const [command, tenantSlug, ...args] = process.argv.slice(2);
const store = createStore(createPrismaClient(getConfig().databaseUrl));
try {
  const tenant = tenantSlug ? await store.tenants.findBySlug(tenantSlug) : null;
  if (!tenant) throw new Error(`no tenant ${tenantSlug}`);
  const now = new Date();
  if (command === "org") {
    const [slug, name, domain] = args;
    if (!slug || !name || !domain) throw new Error("org <tenant> <slug> <name> <domain>");
    const organisation =
      (await store.organisations.findBySlug(tenant.id, slug)) ??
      (await store.organisations.create({ tenantId: tenant.id, slug, name, domains: [domain], policy: {}, at: now }));
    console.log(JSON.stringify({ organisationId: organisation.id }));
  } else if (command === "user") {
    const [email, password] = args;
    if (!email || !password) throw new Error("user <tenant> <email> <password>");
    const user = await store.users.create({ tenantId: tenant.id, email, displayName: null, at: now });
    await store.users.markEmailVerified(tenant.id, user.id, email, now);
    await store.passwords.set(tenant.id, user.id, await hashPassword(password), now);
    console.log(JSON.stringify({ userId: user.id }));
  } else if (command === "sessions") {
    const [email] = args;
    const user = email ? await store.users.findByEmail(tenant.id, email) : null;
    const sessions = user ? await store.sessions.listActive(tenant.id, user.id, now) : [];
    console.log(
      JSON.stringify({
        exists: user !== null,
        sessions: sessions.map((s) => ({ aal: s.aal, amr: s.amr, stage: s.stage })),
      }),
    );
  } else {
    throw new Error(`unknown command ${command}`);
  }
} finally {
  await store.disconnect();
}
