// Where the time of a request goes, measured in the same run as the load figures: how many
// database calls each measured journey makes (its use cases replayed in-process, against the
// bench database, with a client that counts model operations), and what one such call costs
// through the ORM compared with the same statement sent through the driver directly.
import Database from "better-sqlite3";
import pg from "pg";
import { createPrismaClient } from "../../lib/db/client";
import { sqliteFilePath } from "../../lib/db/migrate";
import { createStore } from "../../lib/db/store";
import { finishPasskeySignIn, startPasskeySignIn } from "../../lib/identity/passkey-sign-in";
import { signInWithPassword } from "../../lib/identity/sign-in-with-password";
import type { TRequestMeta } from "../../lib/kernel/deps";
import { deviceHashOf } from "../../lib/security/device-id";
import { generateToken } from "../../lib/security/tokens";
import { validateSession } from "../../lib/sessions/validate-session";
import { BROWSER_USER_AGENT } from "./http";
import { TENANT } from "./scenarios";
import { BENCH_PASSWORD, benchDeps, type TBenchUser } from "./seed";
import type { TBenchDatabase } from "./server";

export type TDatabaseCost = {
  /** Main-thread milliseconds of one read of the tenant by slug, averaged over `samples` calls in a row. */
  ormMsPerCall: number;
  driverMsPerCall: number;
  samples: number;
  /** Database calls per operation, each including the tenant lookup every request makes. */
  calls: { passwordSignIn: number; passkeySignIn: number; sessionCheck: number };
};

const SAMPLES = 2000;

async function perCallMs(run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await run();
  const started = process.hrtime.bigint();
  for (let i = 0; i < SAMPLES; i++) await run();
  return Math.round(Number(process.hrtime.bigint() - started) / 1e3 / SAMPLES) / 1e3;
}

/** The same statement the ORM sends for a tenant by slug, prepared per call as the adapter does. */
async function driverRead(
  database: TBenchDatabase,
): Promise<{ read: () => Promise<unknown>; close: () => Promise<void> }> {
  const sql = 'SELECT * FROM "Tenant" WHERE "slug" = ';
  if (database.kind === "sqlite") {
    const db = new Database(sqliteFilePath(database.url), { readonly: true });
    return { read: async () => db.prepare(`${sql}?`).get(TENANT), close: async () => void db.close() };
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  return { read: () => client.query(`${sql}$1`, [TENANT]), close: () => client.end() };
}

export async function measureDatabaseCost(
  database: TBenchDatabase,
  baseUrl: URL,
  encryptionKey: Buffer,
  users: readonly TBenchUser[],
): Promise<TDatabaseCost> {
  let count = 0;
  const store = createStore(createPrismaClient(database.url, { onQuery: () => void count++ }));
  const deps = benchDeps(store, baseUrl, encryptionKey);
  const counted = async <T>(work: () => Promise<T>): Promise<{ result: T; calls: number }> => {
    const before = count;
    const result = await work();
    return { result, calls: count - before };
  };
  const tenantOf = async () => {
    const found = await store.tenants.findBySlug(TENANT);
    if (!found) throw new Error(`tenant ${TENANT} missing`);
    return found;
  };
  const metaOf = (user: TBenchUser): TRequestMeta => ({
    ip: user.ip,
    userAgent: BROWSER_USER_AGENT,
    deviceHash: deviceHashOf(user.deviceCookie.split(".")[0]!),
  });
  try {
    // Password sign-in: the form post (one request).
    const passwordUser = users.findLast((u) => !u.authenticator);
    if (!passwordUser) throw new Error("no password-only bench user");
    const password = await counted(async () =>
      signInWithPassword(
        deps,
        await tenantOf(),
        { email: passwordUser.email, password: BENCH_PASSWORD },
        metaOf(passwordUser),
      ),
    );
    if (!password.result.ok) throw new Error(`in-process sign-in failed: ${password.result.code}`);

    // Session check: the JSON endpoint with that session (one request).
    const token = password.result.token;
    const check = await counted(async () =>
      validateSession(deps, await tenantOf(), token, { meta: metaOf(passwordUser) }),
    );
    if (!check.result) throw new Error("in-process session check failed");

    // Passkey ceremony: options, then the signed assertion (two requests).
    const passkeyUser = users.find((u) => u.authenticator);
    if (!passkeyUser?.authenticator) throw new Error("no bench user with a passkey");
    const binding = generateToken();
    const options = await counted(async () => startPasskeySignIn(deps, await tenantOf(), binding));
    if (!options.result.ok) throw new Error(`in-process passkey options failed: ${options.result.code}`);
    const assertion = passkeyUser.authenticator.authenticate(options.result.options);
    const finish = await counted(async () =>
      finishPasskeySignIn(deps, await tenantOf(), assertion, binding, metaOf(passkeyUser)),
    );
    if (!finish.result.ok) throw new Error(`in-process passkey sign-in failed: ${finish.result.code}`);

    const driver = await driverRead(database);
    try {
      return {
        ormMsPerCall: await perCallMs(() => store.tenants.findBySlug(TENANT)),
        driverMsPerCall: await perCallMs(driver.read),
        samples: SAMPLES,
        calls: {
          passwordSignIn: password.calls,
          passkeySignIn: options.calls + finish.calls,
          sessionCheck: check.calls,
        },
      };
    } finally {
      await driver.close();
    }
  } finally {
    await store.disconnect();
  }
}
