// Starts the production build for the end-to-end tests on a fresh database: a new SQLite file, or
// a recreated PostgreSQL database when E2E_DATABASE_URL is set. Refuses to touch anything that is
// not clearly a test database.
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { E2E_PORT, E2E_SQLITE_DIR, e2eDatabaseUrl, GLOBEX_PARTNER, SERVER_LOG, TEST_CLOCK_FILE } from "./env";

// Tee the server's output into a file that the tests read.
mkdirSync(path.dirname(SERVER_LOG), { recursive: true });
writeFileSync(SERVER_LOG, "");
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    appendFileSync(SERVER_LOG, chunk);
    return write(chunk, ...rest);
  }) as typeof stream.write;
}

const root = path.resolve(import.meta.dirname, "..", "..");
const pgUrl = process.env.E2E_DATABASE_URL;

if (pgUrl) {
  const url = new URL(pgUrl);
  const name = url.pathname.slice(1);
  if (!/test|e2e/.test(name))
    throw new Error(`refusing to reset ${name}: the e2e database name must contain "test" or "e2e"`);
  if (!["localhost", "127.0.0.1", "[::1]"].includes(url.hostname))
    throw new Error("refusing to reset a non-local database");
  const admin = new pg.Client({ connectionString: pgUrl.replace(`/${name}`, "/postgres") });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  process.env.DATABASE_URL = pgUrl;
} else {
  rmSync(E2E_SQLITE_DIR, { recursive: true, force: true });
  process.env.DATABASE_URL = e2eDatabaseUrl();
}

const { prepareDatabase } = await import("../../scripts/prepare-db");
const { createPrismaClient } = await import("../../lib/db/client");
const { createStore } = await import("../../lib/db/store");
const { hashPassword } = await import("../../lib/identity/password-hasher");
const { serve } = await import("../../scripts/serve");

await prepareDatabase();
const store = createStore(createPrismaClient(process.env.DATABASE_URL));
const globex = await store.tenants.findBySlug("globex");
if (!globex) throw new Error("globex tenant missing");
const now = new Date();
const user = await store.users.create({
  tenantId: globex.id,
  email: GLOBEX_PARTNER.email,
  displayName: "Globex Partner",
  at: now,
});
await store.passwords.set(globex.id, user.id, await hashPassword(GLOBEX_PARTNER.password), now);
await store.users.markEmailVerified(globex.id, user.id, user.email, now);
// A tenant that requires a second factor, for the enrolment journey.
const { DEMO_TENANTS } = await import("../../lib/tenancy/demo-tenants");
await store.tenants.ensure({
  ...DEMO_TENANTS[0]!,
  slug: "umbrella",
  name: "Umbrella Health",
  primaryColor: "#0f766e",
  accentColor: "#fecaca",
  mfaPolicy: "required",
});
// A passwordless tenant: passkeys only, for the passwordless journey.
await store.tenants.ensure({
  ...DEMO_TENANTS[0]!,
  slug: "initech",
  name: "Initech",
  primaryColor: "#4338ca",
  accentColor: "#c7d2fe",
  allowPassword: false,
  allowPasskey: true,
  allowTotp: false,
});
// A tenant that lets unconfirmed accounts sign in (as tenants from before that option do), for the
// journey of an account that must confirm its address before it can change any sign-in method.
await store.tenants.ensure({
  ...DEMO_TENANTS[0]!,
  slug: "stark",
  name: "Stark Outfitters",
  primaryColor: "#7c2d12",
  accentColor: "#fed7aa",
  requireVerifiedEmail: false,
});
await store.disconnect();

// The only place that enables the movable test clock (lib/next/deps.ts); it starts at real time.
writeFileSync(TEST_CLOCK_FILE, "0");
Object.assign(process.env, { NODE_ENV: "production", PORTICO_E2E: "1", PORTICO_TEST_CLOCK_FILE: TEST_CLOCK_FILE });
await serve({ dev: false, port: E2E_PORT, hostname: "localhost", dir: root });
console.log(`e2e server ready on ${E2E_PORT} (${pgUrl ? "PostgreSQL" : "SQLite"})`);
