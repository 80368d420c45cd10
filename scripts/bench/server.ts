// The system under test: a throwaway database (a SQLite file in a temporary folder, or a fresh
// PostgreSQL database) and the production server started as `npm start` starts it, in its own
// process group on its own port.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { dropPgDatabase } from "../../tests/support/test-db";
import { root } from "../build-app";

export type TBenchDatabase = { url: string; kind: "sqlite" | "postgresql"; label: string; drop(): Promise<void> };

export async function createBenchDatabase(pgAdminUrl: string | null): Promise<TBenchDatabase> {
  if (!pgAdminUrl) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "portico-bench-"));
    const file = path.join(dir, "bench.db");
    return {
      url: `file:${file}`,
      kind: "sqlite",
      label: "SQLite (WAL, temporary file)",
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `portico_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  const version = (await admin.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version ?? "?";
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: "postgresql",
    label: `PostgreSQL ${version} (database ${name}, dropped afterwards)`,
    // Autovacuum works through a freshly grown database for minutes: wait up to two for it.
    drop: () => dropPgDatabase(pgAdminUrl, name, 480),
  };
}

export type TServer = { base: URL; stop(): Promise<void> };

/** Bench-only environment of the server: a trusted proxy hop so each virtual browser has its own address. */
export function serverEnv(
  database: TBenchDatabase,
  port: number,
  encryptionKey: string,
  dataDir: string,
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
    DATABASE_URL: database.url,
    PORT: String(port),
    PORTICO_LISTEN_HOST: "127.0.0.1",
    PORTICO_BASE_URL: `http://localhost:${port}`,
    PORTICO_DATA_DIR: dataDir,
    PORTICO_ENCRYPTION_KEY: encryptionKey,
    // The bench plays the load balancer in front of the app (as the e2e tests do): it appends each
    // virtual browser's address, and the app counts its per-IP limits on that address.
    PORTICO_TRUSTED_PROXY_HOPS: "2",
  };
}

async function waitForHealth(base: URL, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(new URL("/api/health", base));
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the server did not become healthy in time");
}

/** Starts `npm start`'s script; with `profileDir`, the server writes a V8 CPU profile there when it stops. */
export async function startServer(
  env: NodeJS.ProcessEnv,
  port: number,
  profileDir: string | null = null,
): Promise<TServer> {
  const profile = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", path.join(root, "scripts", "start.ts")], {
    cwd: root,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  const keep = (chunk: Buffer) => {
    log.push(chunk.toString());
    if (log.length > 200) log.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const base = new URL(`http://localhost:${port}`);
  try {
    await waitForHealth(base, child, 120_000);
  } catch (error) {
    if (child.pid) process.kill(-child.pid, "SIGTERM");
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${log.join("")}`);
  }
  return {
    base,
    stop: async () => {
      if (child.exitCode !== null || !child.pid) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    },
  };
}
