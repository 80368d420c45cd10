// A real, empty, migrated database per test file: a temporary SQLite file by default, or a fresh
// PostgreSQL database when TEST_DATABASE_URL points at a server (each file gets its own database,
// dropped afterwards).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createPrismaClient } from "../../lib/db/client";
import { migrateDatabase } from "../../lib/db/migrate";
import { createStore, type TStore, type TTenant } from "../../lib/db/store";
import type { TDeps } from "../../lib/kernel/deps";
import { seedDemoTenants } from "../../lib/tenancy/demo-tenants";

export type TTestDb = {
  url: string;
  kind: "sqlite" | "postgresql";
  store: TStore;
  close(): Promise<void>;
};

export function testDatabaseKind(): "sqlite" | "postgresql" {
  const url = process.env.TEST_DATABASE_URL;
  return url && url.startsWith("postgres") ? "postgresql" : "sqlite";
}

export async function createTestDb(): Promise<TTestDb> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl && adminUrl.startsWith("postgres")) {
    const name = `portico_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    try {
      await admin.connect();
    } catch (error) {
      throw new Error(`TEST_DATABASE_URL is set but PostgreSQL is not reachable: ${error instanceof Error ? error.message : String(error)}`);
    }
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    await migrateDatabase(url.toString());
    const prisma = createPrismaClient(url.toString());
    const store = createStore(prisma);
    return {
      url: url.toString(),
      kind: "postgresql",
      store,
      close: async () => {
        await store.disconnect();
        const cleanup = new pg.Client({ connectionString: adminUrl });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await cleanup.end();
      },
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "portico-test-"));
  const url = `file:${path.join(dir, "test.db")}`;
  await migrateDatabase(url);
  const store = createStore(createPrismaClient(url));
  return {
    url,
    kind: "sqlite",
    store,
    close: async () => {
      await store.disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A controllable clock: tests move time instead of sleeping. */
export function createClock(start = new Date("2026-11-27T12:00:00.000Z")) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms: number) => {
      current += ms;
    },
    set: (date: Date) => {
      current = date.getTime();
    },
  };
}

export type TTestContext = {
  db: TTestDb;
  deps: TDeps;
  clock: ReturnType<typeof createClock>;
  acme: TTenant;
  globex: TTenant;
};

export async function createTestContext(): Promise<TTestContext> {
  const db = await createTestDb();
  const clock = createClock();
  const deps: TDeps = { store: db.store, now: clock.now, baseUrl: new URL("https://portal.example.test"), mailMode: "outbox" };
  const [acme, globex] = await seedDemoTenants(db.store);
  if (!acme || !globex) throw new Error("demo tenants missing");
  return { db, deps, clock, acme, globex };
}

export const META = { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36" };

/** The last mail queued to `to`, with its body (outbox mode keeps bodies). */
export async function lastMailTo(store: TStore, to: string) {
  const messages = await store.mail.listOutbox(200);
  return messages.find((m) => m.to === to) ?? null;
}

export function linkToken(text: string | null | undefined, pathname: string): string {
  const match = text?.match(new RegExp(`${pathname}\\?token=([A-Za-z0-9_-]+)`));
  if (!match?.[1]) throw new Error(`no ${pathname} link in mail`);
  return match[1];
}
