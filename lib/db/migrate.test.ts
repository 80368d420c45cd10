// Upgrading a database that holds data keeps every row: each migration is applied to a database
// built by the earlier ones and filled with a tenant, a user, a password and a session.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createPrismaClient } from "./client";
import { migrateDatabase, migrateSqlite, migrationsDir, readMigrations } from "./migrate";
import { createStore } from "./store";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "portico-upgrade-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

it("SQLite: applying later migrations to a database with data loses nothing", async () => {
  const url = `file:${path.join(dir, "upgrade.db")}`;
  const all = readMigrations(migrationsDir("sqlite"));
  expect(all.length).toBeGreaterThan(1);
  migrateSqlite(url, all.slice(0, 1));
  const Database = (await import("better-sqlite3")).default;
  const raw = new Database(url.slice(5));
  const now = new Date().toISOString();
  const [tenantId, userId] = [randomUUID(), randomUUID()];
  raw
    .prepare(`INSERT INTO "Tenant" ("id","slug","name","primaryColor","updatedAt") VALUES (?,?,?,?,?)`)
    .run(tenantId, "keep", "Keep", "#123456", now);
  raw
    .prepare(`INSERT INTO "User" ("id","tenantId","email","updatedAt") VALUES (?,?,?,?)`)
    .run(userId, tenantId, "keep@example.com", now);
  raw
    .prepare(`INSERT INTO "PasswordCredential" ("id","tenantId","userId","hash","updatedAt") VALUES (?,?,?,?,?)`)
    .run(randomUUID(), tenantId, userId, "$argon2id$x", now);
  raw
    .prepare(
      `INSERT INTO "Session" ("id","tenantId","userId","tokenHash","absoluteExpiresAt","authTime") VALUES (?,?,?,?,?,?)`,
    )
    .run(randomUUID(), tenantId, userId, "b".repeat(64), now, now);
  raw.close();

  const applied = await migrateDatabase(url);
  expect(applied).toEqual(all.slice(1).map((m) => m.name));
  const store = createStore(createPrismaClient(url));
  try {
    const tenant = await store.tenants.findBySlug("keep");
    expect(tenant).not.toBeNull();
    expect(await store.users.findByEmail(tenantId, "keep@example.com")).not.toBeNull();
    expect(await store.passwords.findByUserId(tenantId, userId)).not.toBeNull();
    expect(await store.sessions.findByTokenHash(tenantId, "b".repeat(64))).not.toBeNull();
  } finally {
    await store.disconnect();
  }
  // Running again applies nothing.
  expect(await migrateDatabase(url)).toEqual([]);
});
