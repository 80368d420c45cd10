// Production app instances for the cluster tests: each one a real `node` process serving the
// existing .next build (never a new build) through scripts/serve.ts, on its own port, against the
// database the test names. Processes run in their own process group, so a stop or a kill -9 ends
// the server and nothing else.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateDatabase } from "../../lib/db/migrate";
import { createPrismaClient } from "../../lib/db/client";
import { createStore, type TStore } from "../../lib/db/store";
import { seedDemoTenants } from "../../lib/tenancy/demo-tenants";
import { startPrivatePostgres } from "./private-postgres";

const root = path.resolve(import.meta.dirname, "..", "..");

/** One key for every instance of a run: a deployment shares PORTICO_ENCRYPTION_KEY across nodes. */
export const ENCRYPTION_KEY = randomBytes(32).toString("base64url");

export type TInstance = {
  /** Where the test reaches this instance directly, e.g. http://127.0.0.1:3601. */
  url: string;
  port: number;
  pid(): number;
  /** Everything the process printed. */
  output(): string;
  /** SIGKILL: no shutdown hooks, no flushing, as when a machine loses power. */
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** Starts the process again on the same port and database (after kill or stop). */
  restart(): Promise<void>;
};

export function assertBuildExists() {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    throw new Error(
      "No production build in .next: the cluster step runs the build made by the build step (npm test runs it first, or run `npx next build`).",
    );
  }
}

/** Migrates and seeds the demo tenants once, before any instance starts (instances do not migrate). */
export async function prepareClusterDatabase(url: string): Promise<TStore> {
  await migrateDatabase(url);
  const store = createStore(createPrismaClient(url));
  await seedDemoTenants(store);
  return store;
}

export async function startInstance(options: {
  port: number;
  databaseUrl: string;
  publicOrigin: string;
  env?: Record<string, string>;
}): Promise<TInstance> {
  assertBuildExists();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "portico-instance-"));
  let child: ChildProcess | null = null;
  let output = "";
  let exited: Promise<void> = Promise.resolve();

  const launch = async () => {
    output += `--- start ${new Date().toISOString()}\n`;
    const process_ = spawn(
      process.execPath,
      ["--import", "tsx", path.join(root, "cluster", "support", "serve-instance.ts")],
      {
        cwd: root,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? os.tmpdir(),
          NODE_ENV: "production",
          NEXT_TELEMETRY_DISABLED: "1",
          CHECKPOINT_DISABLE: "1",
          PORT: String(options.port),
          DATABASE_URL: options.databaseUrl,
          PORTICO_BASE_URL: options.publicOrigin,
          // The tests play the load balancer: it appends the client's address to X-Forwarded-For.
          PORTICO_TRUSTED_PROXY_HOPS: "2",
          PORTICO_ENCRYPTION_KEY: ENCRYPTION_KEY,
          PORTICO_DATA_DIR: dataDir,
          ...options.env,
        },
      },
    );
    child = process_;
    process_.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    process_.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise((resolve) => process_.once("exit", () => resolve()));
    await waitUntilListening(
      `http://127.0.0.1:${options.port}`,
      () => process_.exitCode !== null || process_.signalCode !== null,
      () => output,
    );
  };

  const signal = async (name: NodeJS.Signals) => {
    const running = child;
    if (!running?.pid || running.exitCode !== null || running.signalCode !== null) return;
    try {
      process.kill(-running.pid, name);
    } catch {
      running.kill(name);
    }
    await exited;
  };

  await launch();
  return {
    url: `http://127.0.0.1:${options.port}`,
    port: options.port,
    pid: () => child?.pid ?? -1,
    output: () => output,
    kill: () => signal("SIGKILL"),
    stop: () => signal("SIGTERM"),
    restart: launch,
  };
}

/** Any HTTP answer from /api/health (200, or 503 while the database is away) means the server listens. */
async function waitUntilListening(url: string, died: () => boolean, output: () => string) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (died()) throw new Error(`app instance on ${url} exited during start-up:\n${output()}`);
    try {
      await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`app instance on ${url} did not answer within 90 s:\n${output()}`);
}

/**
 * A private PostgreSQL server (see private-postgres.ts), migrated and seeded, with one app instance
 * on it: the stage of the fault tests. `keepStore: false` closes the test's own pool at once, for
 * tests that take the database away (the pool would only see its connections cut).
 */
export async function startOnPrivatePostgres(options: {
  postgresPort: number;
  appPort: number;
  publicOrigin: string;
  keepStore: boolean;
}) {
  const postgres = await startPrivatePostgres(options.postgresPort);
  const store = await prepareClusterDatabase(postgres.url);
  if (!options.keepStore) await store.disconnect();
  const app = await startInstance({
    port: options.appPort,
    databaseUrl: postgres.url,
    publicOrigin: options.publicOrigin,
  });
  return {
    postgres,
    app,
    store,
    close: async () => {
      await app.stop();
      if (options.keepStore) await store.disconnect();
      await postgres.destroy();
    },
  };
}

export const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
