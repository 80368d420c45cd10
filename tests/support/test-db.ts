// A real, empty, migrated database per test: a temporary SQLite file by default, or a fresh
// PostgreSQL database when TEST_DATABASE_URL points at a server (dropped afterwards). Each is a
// copy of the template the global setup migrated once (test-db-template.ts); outside that setup
// the migrations run for each database.
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { inject } from "vitest";
import { createPrismaClient, type TPrismaClientOptions } from "../../lib/db/client";
import { migrateDatabase, sqliteFilePath } from "../../lib/db/migrate";
import { createStore, type TStore } from "../../lib/db/store";
import { hashPassword } from "../../lib/identity/password-hasher";
import type { TDeps } from "../../lib/kernel/deps";
import { seedDemoTenants } from "../../lib/tenancy/demo-tenants";
import { createSecretBox } from "../../lib/security/secret-box";
import type { TTenant } from "../../lib/tenancy/types";

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

/** The migrated template from the global setup, when the suite runs with it. */
function templateRef(): string | null {
  try {
    return inject("testDbTemplate") || null;
  } catch {
    return null;
  }
}

/** Drops a database this process created, through a connection to another database on the same server. */
export async function dropPgDatabase(adminUrl: string, name: string, attempts = 20) {
  const cleanup = new pg.Client({ connectionString: adminUrl });
  await cleanup.connect();
  try {
    // FORCE cannot end an autovacuum worker for a role without pg_signal_backend; such a worker
    // stops on its own (after a bulk load that can take a while), so the drop is retried.
    for (let attempt = 1; ; attempt++) {
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        break;
      } catch (error) {
        if (attempt >= attempts || !/pg_signal_backend|being accessed by other users/.test(String(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } finally {
    await cleanup.end();
  }
}

export async function createTestDb(options: TPrismaClientOptions = {}): Promise<TTestDb> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl && adminUrl.startsWith("postgres")) {
    const name = `portico_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    try {
      await admin.connect();
    } catch (error) {
      throw new Error(
        `TEST_DATABASE_URL is set but PostgreSQL is not reachable: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const template = templateRef();
    await admin.query(template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    if (!template) await migrateDatabase(url.toString());
    const prisma = createPrismaClient(url.toString(), options);
    const store = createStore(prisma);
    return {
      url: url.toString(),
      kind: "postgresql",
      store,
      close: async () => {
        await store.disconnect();
        await dropPgDatabase(adminUrl, name);
      },
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "portico-test-"));
  const file = path.join(dir, "test.db");
  const url = `file:${file}`;
  const template = templateRef();
  if (template) copyFileSync(template, file);
  else await migrateDatabase(url);
  const store = createStore(createPrismaClient(url, options));
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

/** `options.onQuery` hears every database call (tests that hold a use case to its budget of calls). */
export async function createTestContext(options: TPrismaClientOptions = {}): Promise<TTestContext> {
  const db = await createTestDb(options);
  const clock = createClock();
  const deps: TDeps = {
    store: db.store,
    now: clock.now,
    baseUrl: new URL("https://portal.example.test"),
    mailMode: "outbox",
    secrets: createSecretBox(randomBytes(32)),
  };
  const [acme, globex] = await seedDemoTenants(db.store);
  if (!acme || !globex) throw new Error("demo tenants missing");
  return { db, deps, clock, acme, globex };
}

/** A browser that already holds a device cookie (its hash), so repeated sign-ins are one known device. */
export const META = {
  ip: "203.0.113.7",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36",
  deviceHash: "0".repeat(64),
};

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

const hashCache = new Map<string, Promise<string>>();

/**
 * Creates a user directly through the repositories (works on invitation-only tenants too). The
 * argon2id hash of each distinct password is computed once per test file to keep suites fast.
 * The address counts as confirmed unless `verified: false`: tenants require a confirmed address
 * for password sign-in by default, and an unconfirmed account can change no factor.
 */
export async function createUser(
  store: TStore,
  tenant: TTenant,
  input: { email: string; password: string; verified?: boolean; at?: Date },
) {
  let hash = hashCache.get(input.password);
  if (!hash) {
    hash = hashPassword(input.password);
    hashCache.set(input.password, hash);
  }
  const at = input.at ?? new Date("2026-11-27T12:00:00.000Z");
  const user = await store.users.create({ tenantId: tenant.id, email: input.email, displayName: null, at });
  await store.passwords.set(tenant.id, user.id, await hash, at);
  if (input.verified ?? true) await store.users.markEmailVerified(tenant.id, user.id, input.email, at);
  return (await store.users.findById(tenant.id, user.id))!;
}

/** A pending mail message for the outbox tests (what a use case queues, minus real content). */
export function pendingMessage(tenantId: string, at: Date) {
  return { tenantId, to: "kick@example.com", subject: "s", text: "t", html: "h", status: "pending", at } as const;
}

/** The audit event types recorded for a tenant (optionally one user), oldest first. */
export async function auditTypes(store: TStore, tenantId: string, userId?: string): Promise<string[]> {
  const events = await store.audit.list(tenantId, { userId, limit: 1000 });
  return events.reverse().map((e) => e.type);
}

/**
 * Every row of every table, read with the raw driver (not Prisma), for checks such as "this
 * secret appears nowhere in the database".
 */
export async function dumpDatabase(db: TTestDb): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  if (db.kind === "sqlite") {
    const sqlite = new Database(sqliteFilePath(db.url), { readonly: true });
    try {
      const tables = sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all() as { name: string }[];
      for (const { name } of tables)
        out[name] = sqlite.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
    } finally {
      sqlite.close();
    }
    return out;
  }
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
    );
    for (const { tablename } of tables)
      out[tablename] = (await client.query(`SELECT * FROM "${tablename}"`)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
  return out;
}

/** Where `needle` occurs in a dump, as "Table.column" entries. */
export function findInDump(dump: Record<string, Record<string, unknown>[]>, needle: string): string[] {
  const hits: string[] = [];
  for (const [table, rows] of Object.entries(dump)) {
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (value !== null && value !== undefined && String(value).includes(needle)) hits.push(`${table}.${column}`);
      }
    }
  }
  return hits;
}
