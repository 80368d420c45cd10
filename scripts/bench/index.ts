// `npm run bench`: builds the app if needed, starts the production server on a throwaway
// database, seeds bench users, drives it over loopback HTTP and writes a JSON report plus a
// markdown table. Each ratio compares figures measured in this same run.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ARGON2_PARAMS } from "../../lib/identity/password-hasher";
import { ensureBuild, root } from "../build-app";
import { parseOptions, USAGE } from "./options";
import { measureDatabaseCost } from "./cost";
import { measurePages } from "./page-weight";
import { markdownTable, type TGrowthTier, type TReport, type TRun } from "./report";
import {
  authorizationCodeFlows,
  passkeySignIns,
  passwordSignIns,
  refreshTokenGrants,
  sessionChecks,
} from "./scenarios";
import {
  BENCH_PASSWORD,
  countPopulation,
  growPopulation,
  openSeedContext,
  registerBenchClient,
  seedBenchUsers,
  type TBenchUser,
} from "./seed";
import { createBenchDatabase, serverEnv, startServer } from "./server";

process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.CHECKPOINT_DISABLE = "1";

if (process.argv.includes("--help")) {
  console.log(USAGE);
  process.exit(0);
}
const options = parseOptions(process.argv.slice(2), process.env);
const load = { concurrency: options.concurrency, seconds: options.seconds, warmupSeconds: options.warmupSeconds };
const log = (text: string) => console.log(`[bench] ${text}`);

function describe(run: TRun): string {
  const errors = run.errors ? `, ${run.errors} errors (${run.firstError ?? "?"})` : "";
  return `${run.perSecond}/s, p50 ${run.p50Ms} ms, p95 ${run.p95Ms} ms, p99 ${run.p99Ms} ms${errors}`;
}

function hashLimit(): TRun {
  const child = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(import.meta.dirname, "hash-limit.ts"),
      String(options.concurrency),
      String(options.seconds),
      String(options.warmupSeconds),
    ],
    {
      cwd: root,
      env: process.env,
      encoding: "utf8",
    },
  );
  if (child.status !== 0) throw new Error(`hash limit measurement failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "{}") as TRun;
}

ensureBuild("the build is missing or older than its sources");

const database = await createBenchDatabase(options.pgAdminUrl);
const dataDir = mkdtempSync(path.join(os.tmpdir(), "portico-bench-data-"));
const keyBytes = randomBytes(32);
const env = serverEnv(database, options.port, keyBytes.toString("base64url"), dataDir);
const base = new URL(env.PORTICO_BASE_URL!);
let stopServer: (() => Promise<void>) | null = null;
let cleanedUp = false;
async function cleanUp() {
  if (cleanedUp) return;
  cleanedUp = true;
  await stopServer?.();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
// The server runs in its own process group, so an interrupted bench must stop it (and drop the
// database) itself.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping the server and removing the bench database…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

try {
  log(`database: ${database.label}`);
  const seed = await openSeedContext(database, base, keyBytes);
  const seedStarted = Date.now();
  const users: TBenchUser[] = await seedBenchUsers(seed, keyBytes, options.users, options.passkeyUsers);
  const oidcClient = await registerBenchClient(seed);
  await seed.store.disconnect();
  log(
    `seeded ${users.length} users (${options.passkeyUsers} with a passkey) in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`,
  );

  log(`measuring the hash limit: argon2id verifications at concurrency ${options.concurrency}…`);
  const limit = hashLimit();
  log(`  ${describe(limit)}`);

  const server = await startServer(env, options.port, options.profileDir);
  stopServer = server.stop;
  log(`server up on ${server.base.origin}`);

  const scenario = async (name: string, run: () => Promise<TRun>) => {
    log(`${name}…`);
    const result = await run();
    log(`  ${describe(result)}`);
    return result;
  };
  const passwordSignIn = await scenario("password sign-ins", () => passwordSignIns(server.base, users, load));
  const passkeySignIn = await scenario("passkey sign-ins", () => passkeySignIns(server.base, users, load));
  const health = await scenario("health endpoint", () => sessionChecks(server.base, users, load, "health"));
  const accountPage = await scenario("account page", () => sessionChecks(server.base, users, load, "account-page"));
  const sessionJson = await scenario("session JSON", () => sessionChecks(server.base, users, load, "session-json"));
  const oidcCodeFlow = await scenario("authorization-code flows", () =>
    authorizationCodeFlows(server.base, users, oidcClient, load),
  );
  const oidcRefresh = await scenario("refresh_token grants", () =>
    refreshTokenGrants(server.base, users, oidcClient, load),
  );

  log("database calls per operation and the cost of one call…");
  const cost = await measureDatabaseCost(database, base, keyBytes, users);
  log(`  ${JSON.stringify(cost)}`);

  let pageResults: Awaited<ReturnType<typeof measurePages>> | null = null;
  if (options.pages) {
    log("page weight and no-JS forms in Chromium…");
    pageResults = await measurePages(server.base, {
      email: users[users.length - 1]!.email,
      password: BENCH_PASSWORD,
      ip: users[users.length - 1]!.ip,
    });
  }

  let growth: TReport["growth"] = null;
  if (options.growthUsers !== null) {
    // Short runs at each tier; the comparison is of latency at the same load.
    const tierLoad = { ...load, seconds: Math.max(3, Math.ceil(options.seconds / 2)) };
    const tier = async (): Promise<TGrowthTier> => {
      const population = await countPopulation(database);
      log(
        `tier of ${population.users.toLocaleString("en")} users, ${population.sessions.toLocaleString("en")} sessions`,
      );
      const signIn = await scenario("  sign-ins", () => passwordSignIns(server.base, users, tierLoad));
      const sessionCheck = await scenario("  session JSON", () =>
        sessionChecks(server.base, users, tierLoad, "session-json"),
      );
      return { ...population, signIn, sessionCheck };
    };
    log(`growth: ${options.sessionsPerUser} sessions per user at ${options.users} users…`);
    await growPopulation(database, options.users, options.sessionsPerUser, log);
    const small = await tier();
    const started = Date.now();
    log(
      `growth: adding users up to ${options.growthUsers.toLocaleString("en")} (${options.sessionsPerUser} sessions each)…`,
    );
    await growPopulation(database, options.growthUsers, options.sessionsPerUser, (text) => log(`  ${text}`));
    log(`  grown in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    growth = { small, large: await tier() };
  }

  const cpus = os.cpus();
  const report: TReport = {
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: cpus.length,
      model: cpus[0]?.model.trim() ?? "unknown",
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      os: `${os.type()} ${os.release()}`,
      node: process.version,
    },
    database: database.label,
    concurrency: options.concurrency,
    seconds: options.seconds,
    warmupSeconds: options.warmupSeconds,
    argon2: {
      algorithm: "argon2id",
      memoryKiB: ARGON2_PARAMS.memoryCost,
      iterations: ARGON2_PARAMS.timeCost,
      parallelism: ARGON2_PARAMS.parallelism,
      threadPool: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
    },
    users: options.users,
    passkeyUsers: options.passkeyUsers,
    hashLimit: limit,
    passwordSignIn,
    passkeySignIn,
    health,
    accountPage,
    sessionJson,
    oidcCodeFlow,
    oidcRefresh,
    cost,
    pages: pageResults?.pages ?? null,
    noJs: pageResults?.noJs ?? null,
    growth,
  };
  const out = path.resolve(root, options.out);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(out.replace(/\.json$/, "") + ".md", `${markdownTable(report)}\n`);
  console.log(`\n${markdownTable(report)}\n\nReport: ${path.relative(root, out)}`);
} finally {
  await cleanUp();
}
