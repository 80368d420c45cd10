// Applies the committed SQL migrations of the current provider at start-up. Each migration runs in
// its own transaction and is recorded with a checksum; an applied migration that was edited
// afterwards stops the start (migrations are append-only). PostgreSQL takes an advisory lock so
// that several app nodes starting together apply each migration once.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseKindOf } from "../config/env";

export type TMigration = { name: string; sql: string; checksum: string };

export function migrationsDir(kind: "sqlite" | "postgresql", root = process.cwd()): string {
  return path.join(root, "prisma", kind, "migrations");
}

export function readMigrations(dir: string): TMigration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export function sqliteFilePath(url: string): string {
  const file = url.replace(/^file:/, "").replace(/\?.*$/, "");
  return path.resolve(/*turbopackIgnore: true*/ file);
}

function assertUnchanged(migration: TMigration, recorded: string | undefined): boolean {
  if (recorded === undefined) return false;
  if (recorded !== migration.checksum) {
    throw new Error(`migration ${migration.name} was changed after it was applied`);
  }
  return true;
}

export function migrateSqlite(url: string, migrations: TMigration[]): string[] {
  const file = sqliteFilePath(url);
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    // WAL lets readers proceed while one writer commits; the busy timeout makes writers from
    // several processes wait instead of failing.
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 5000");
    db.exec(
      'CREATE TABLE IF NOT EXISTS "_portico_migrations" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)',
    );
    const applied = new Map(
      (
        db.prepare('SELECT "name", "checksum" FROM "_portico_migrations"').all() as { name: string; checksum: string }[]
      ).map((row) => [row.name, row.checksum]),
    );
    const done: string[] = [];
    for (const migration of migrations) {
      if (assertUnchanged(migration, applied.get(migration.name))) continue;
      // A table rebuild (CREATE new_X, copy, DROP X, rename) must not fire ON DELETE CASCADE on the
      // rows that reference X, and `PRAGMA foreign_keys` is ignored inside a transaction, so
      // enforcement is switched off around it and the result checked before commit.
      db.pragma("foreign_keys = OFF");
      try {
        db.transaction(() => {
          db.exec(migration.sql);
          const broken = db.pragma("foreign_key_check") as unknown[];
          if (broken.length > 0)
            throw new Error(`migration ${migration.name} leaves ${broken.length} broken foreign key(s)`);
          db.prepare('INSERT INTO "_portico_migrations" ("name", "checksum", "appliedAt") VALUES (?, ?, ?)').run(
            migration.name,
            migration.checksum,
            new Date().toISOString(),
          );
        }).immediate();
      } finally {
        db.pragma("foreign_keys = ON");
      }
      done.push(migration.name);
    }
    return done;
  } finally {
    db.close();
  }
}

export async function migratePostgres(url: string, migrations: TMigration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(747265)");
    await client.query(
      'CREATE TABLE IF NOT EXISTS "_portico_migrations" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ name: string; checksum: string }>(
      'SELECT "name", "checksum" FROM "_portico_migrations"',
    );
    const applied = new Map(rows.map((row) => [row.name, row.checksum]));
    const done: string[] = [];
    for (const migration of migrations) {
      if (assertUnchanged(migration, applied.get(migration.name))) continue;
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO "_portico_migrations" ("name", "checksum") VALUES ($1, $2)', [
          migration.name,
          migration.checksum,
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
      done.push(migration.name);
    }
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock(747265)").catch(() => undefined);
    await client.end();
  }
}

/** Applies pending migrations for the database at `url`; returns the names applied. */
export async function migrateDatabase(url: string, root = process.cwd()): Promise<string[]> {
  const kind = databaseKindOf(url);
  const migrations = readMigrations(migrationsDir(kind, root));
  return kind === "sqlite" ? migrateSqlite(url, migrations) : migratePostgres(url, migrations);
}
