// Seeding for the benchmark. Bench users are made with the project's own repositories and use
// cases (a verified account with a password, a known device and network, a passkey for the first
// few); the growth tiers clone a template row with set-based SQL, reusing its argon2 hash, so a
// million users and ten million sessions take minutes rather than hours.
import Database from "better-sqlite3";
import pg from "pg";
import { createPrismaClient } from "../../lib/db/client";
import { migrateDatabase, sqliteFilePath } from "../../lib/db/migrate";
import { createStore, type TStore } from "../../lib/db/store";
import { createOidcClient } from "../../lib/oidc/clients";
import { finishPasskeyRegistration, startPasskeyRegistration } from "../../lib/account/passkey-registration";
import { hashPassword } from "../../lib/identity/password-hasher";
import type { TDeps, TRequestMeta } from "../../lib/kernel/deps";
import { ipPrefix, userAgentFamily } from "../../lib/risk/context";
import { createDeviceSigner, deviceHashOf } from "../../lib/security/device-id";
import { createSecretBox } from "../../lib/security/secret-box";
import { generateToken } from "../../lib/security/tokens";
import { createSession } from "../../lib/sessions/create-session";
import { seedDemoTenants } from "../../lib/tenancy/demo-tenants";
import { createSoftAuthenticator, type TSoftAuthenticator } from "../../tests/support/soft-authenticator";
import { root } from "../build-app";
import { BROWSER_USER_AGENT } from "./http";
import { BENCH_CALLBACK, type TBenchOidcClient } from "./oidc-flow";
import type { TBenchDatabase } from "./server";
import type { TTenant } from "../../lib/tenancy/types";

export const BENCH_PASSWORD = "bench password: correct horse battery staple";

/** A customer as the bench plays them: their browser's device cookie, home address and passkey. */
export type TBenchUser = {
  index: number;
  email: string;
  ip: string;
  deviceCookie: string;
  authenticator: TSoftAuthenticator | null;
};

export function benchEmail(index: number): string {
  return `bench-${index}@bench.example`;
}

/** One address per user in the benchmarking range 198.18.0.0/15 (RFC 2544); never routed. */
export function benchIp(index: number): string {
  return `198.${18 + ((index >> 16) & 1)}.${(index >> 8) & 255}.${index & 255}`;
}

export type TSeedContext = { store: TStore; deps: TDeps; tenant: TTenant };

export async function openSeedContext(
  database: TBenchDatabase,
  baseUrl: URL,
  encryptionKey: Buffer,
): Promise<TSeedContext> {
  await migrateDatabase(database.url, root);
  const store = createStore(createPrismaClient(database.url));
  const [tenant] = await seedDemoTenants(store);
  if (!tenant) throw new Error("demo tenant missing");
  return { store, deps: benchDeps(store, baseUrl, encryptionKey), tenant };
}

/** The use cases' dependencies over a bench database: the real clock, mail to the outbox. */
export function benchDeps(store: TStore, baseUrl: URL, encryptionKey: Buffer): TDeps {
  return { store, now: () => new Date(), baseUrl, mailMode: "outbox", secrets: createSecretBox(encryptionKey) };
}

/**
 * `count` verified users with a password, each with a device and a network the account has signed
 * in from before: the ordinary returning customer, whom the risk engine lets in without a second
 * step. The first `passkeys` of them also have a passkey (registered through the use cases).
 */
export async function seedBenchUsers(
  ctx: TSeedContext,
  encryptionKey: Buffer,
  count: number,
  passkeys: number,
): Promise<TBenchUser[]> {
  const { store, tenant } = ctx;
  const hash = await hashPassword(BENCH_PASSWORD);
  const signer = createDeviceSigner(encryptionKey);
  const users: TBenchUser[] = [];
  const now = new Date();
  const family = userAgentFamily(BROWSER_USER_AGENT);
  for (let start = 0; start < count; start += 100) {
    const batch = Array.from({ length: Math.min(100, count - start) }, (_, k) => start + k);
    const made = await store.transaction(async (tx) => {
      const out: TBenchUser[] = [];
      for (const index of batch) {
        const email = benchEmail(index);
        const user = await tx.users.create({ tenantId: tenant.id, email, displayName: `Bench ${index}`, at: now });
        await tx.users.markEmailVerified(tenant.id, user.id, email, now);
        await tx.passwords.set(tenant.id, user.id, hash, now);
        const deviceCookie = signer.issue();
        await tx.knownDevices.remember({
          tenantId: tenant.id,
          userId: user.id,
          deviceHash: deviceHashOf(deviceCookie.split(".")[0]!),
          uaFamily: family,
          at: now,
        });
        const ip = benchIp(index);
        await tx.knownNetworks.remember({ tenantId: tenant.id, userId: user.id, prefix: ipPrefix(ip)!, at: now });
        out.push({ index, email, ip, deviceCookie, authenticator: null });
      }
      return out;
    });
    users.push(...made);
  }
  for (const user of users.slice(0, passkeys)) user.authenticator = await registerPasskey(ctx, user);
  return users;
}

async function registerPasskey(ctx: TSeedContext, benchUser: TBenchUser): Promise<TSoftAuthenticator> {
  const { store, deps, tenant } = ctx;
  const user = await store.users.findByEmail(tenant.id, benchUser.email);
  if (!user) throw new Error(`${benchUser.email} missing`);
  const meta: TRequestMeta = { ip: benchUser.ip, userAgent: BROWSER_USER_AGENT, deviceHash: null };
  // A just-proven password session, as after signing in, is what may add a passkey.
  const { session } = await createSession(deps, { tenant, userId: user.id, meta, aal: 1, amr: ["pwd"] });
  const authenticator = createSoftAuthenticator({ origin: deps.baseUrl.origin });
  const binding = generateToken();
  const options = await startPasskeyRegistration(deps, tenant, { session, user }, binding);
  if (!options.ok) throw new Error(`passkey registration refused: ${options.code}`);
  const done = await finishPasskeyRegistration(
    deps,
    tenant,
    { session, user },
    { response: authenticator.register(options.options), name: "Bench key" },
    binding,
    meta,
  );
  if (!done.ok) throw new Error(`passkey registration failed: ${done.code}`);
  return authenticator;
}

/** The app the OpenID Provider scenarios sign in to: first-party (no consent page), confidential. */
export async function registerBenchClient(ctx: TSeedContext): Promise<TBenchOidcClient> {
  const created = await createOidcClient(
    ctx.deps,
    {
      tenantSlug: ctx.tenant.slug,
      name: "Bench app",
      type: "confidential",
      redirectUris: [BENCH_CALLBACK],
      firstParty: true,
      by: "operator",
    },
    { ip: null, userAgent: "portico-bench" },
  );
  if (!created.ok) throw new Error(`bench client registration failed: ${created.code}`);
  if (!created.value.clientSecret) throw new Error("a confidential client without a secret");
  return { clientId: created.value.client.clientId, clientSecret: created.value.clientSecret };
}

// --- Set-based growth ------------------------------------------------------------------------

type TBulk = {
  kind: "sqlite" | "postgresql";
  exec(sql: string): Promise<void>;
  value(sql: string): Promise<string>;
  columns(table: string): Promise<string[]>;
  close(): Promise<void>;
};

function openBulk(database: TBenchDatabase): Promise<TBulk> {
  if (database.kind === "sqlite") {
    const db = new Database(sqliteFilePath(database.url));
    db.pragma("busy_timeout = 30000");
    // A large page cache for this connection only: the random token-hash index of ten million
    // sessions is written far faster when its pages stay in memory.
    db.pragma("cache_size = -524288");
    return Promise.resolve({
      kind: "sqlite",
      exec: async (sql) => void db.exec(sql),
      value: async (sql) => String(Object.values(db.prepare(sql).get() as Record<string, unknown>)[0]),
      columns: async (table) => (db.pragma(`table_info("${table}")`) as Array<{ name: string }>).map((c) => c.name),
      close: async () => void db.close(),
    });
  }
  const client = new pg.Client({ connectionString: database.url });
  return client.connect().then(() => ({
    kind: "postgresql" as const,
    exec: async (sql) => void (await client.query(sql)),
    value: async (sql) => String(Object.values((await client.query(sql)).rows[0] as Record<string, unknown>)[0]),
    columns: async (table) =>
      (
        await client.query<{ column_name: string }>(
          "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
          [table],
        )
      ).rows.map((r) => r.column_name),
    close: () => client.end(),
  }));
}

function series(kind: TBulk["kind"], from: number, to: number): { with: string; from: string } {
  return kind === "sqlite"
    ? { with: `WITH RECURSIVE s(n) AS (SELECT ${from} UNION ALL SELECT n + 1 FROM s WHERE n < ${to}) `, from: "s" }
    : { with: "", from: `generate_series(${from}, ${to}) AS s(n)` };
}

/** Copies row `templateId` of `table` once per n in [from, to], with some columns computed from n. */
async function cloneRows(
  bulk: TBulk,
  table: string,
  templateId: string,
  from: number,
  to: number,
  computed: Record<string, string>,
  join = "",
) {
  const columns = await bulk.columns(table);
  const s = series(bulk.kind, from, to);
  const select = columns.map((c) => computed[c] ?? `t."${c}"`).join(", ");
  await bulk.exec(
    `${s.with}INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) SELECT ${select} FROM "${table}" t, ${s.from}${join} WHERE t."id" = '${templateId}'`,
  );
}

function randomHex(kind: TBulk["kind"]): string {
  return kind === "sqlite" ? "lower(hex(randomblob(32)))" : "md5(random()::text) || md5(random()::text)";
}

export type TPopulation = { users: number; sessions: number };

export async function countPopulation(database: TBenchDatabase): Promise<TPopulation> {
  const bulk = await openBulk(database);
  try {
    return {
      users: Number(await bulk.value('SELECT count(*) FROM "User"')),
      sessions: Number(await bulk.value('SELECT count(*) FROM "Session"')),
    };
  } finally {
    await bulk.close();
  }
}

/**
 * Grows the tenant to `targetUsers` accounts with `sessionsPerUser` sessions each (live ones, whose
 * tokens nobody holds), in batches, then refreshes the planner's statistics.
 */
export async function growPopulation(
  database: TBenchDatabase,
  targetUsers: number,
  sessionsPerUser: number,
  onProgress: (text: string) => void,
) {
  const bulk = await openBulk(database);
  try {
    const rand = randomHex(bulk.kind);
    const templateUser = await bulk.value(`SELECT "id" FROM "User" WHERE "email" = '${benchEmail(0)}'`);
    const templatePassword = await bulk.value(
      `SELECT "id" FROM "PasswordCredential" WHERE "userId" = '${templateUser}'`,
    );
    const templateSession = await bulk.value(
      `SELECT "id" FROM "Session" WHERE "stage" = 'complete' AND "revokedAt" IS NULL LIMIT 1`,
    );
    const existing = Number(await bulk.value('SELECT count(*) FROM "User"'));
    // The bench users get their ten sessions first (once), so every tier has ten per user.
    const benchSessions = Number(await bulk.value(`SELECT count(*) FROM "Session" WHERE "id" LIKE 'grow-b-%'`));
    if (benchSessions === 0) {
      await cloneRows(
        bulk,
        "Session",
        templateSession,
        1,
        sessionsPerUser,
        { id: `'grow-b-' || u."id" || '-' || s.n`, tokenHash: rand, userId: `u."id"` },
        `, "User" u`,
      );
    }
    const batch = 100_000;
    for (let from = existing; from < targetUsers; from += batch) {
      const to = Math.min(targetUsers, from + batch) - 1;
      await bulk.exec("BEGIN");
      await cloneRows(bulk, "User", templateUser, from, to, {
        id: `'grow-u-' || s.n`,
        email: `'grow-' || s.n || '@growth.example'`,
        displayName: "NULL",
      });
      await cloneRows(bulk, "PasswordCredential", templatePassword, from, to, {
        id: `'grow-p-' || s.n`,
        userId: `'grow-u-' || s.n`,
      });
      await cloneRows(bulk, "Session", templateSession, from * sessionsPerUser, (to + 1) * sessionsPerUser - 1, {
        id: `'grow-s-' || s.n`,
        userId: `'grow-u-' || (s.n / ${sessionsPerUser})`,
        tokenHash: rand,
      });
      await bulk.exec("COMMIT");
      onProgress(`${to + 1} users`);
    }
    await bulk.exec("ANALYZE");
  } finally {
    await bulk.close();
  }
}
