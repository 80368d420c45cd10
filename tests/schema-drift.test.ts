// The committed migrations must build exactly the schema that prisma/*/schema.prisma describes:
// one database is built by our migration runner, another from the SQL Prisma derives from the
// schema file, and their catalogues are compared table by table. Column order is ignored (an
// ALTER TABLE … ADD COLUMN appends), everything else — types, nullability, defaults, primary
// keys, indexes, uniqueness, foreign keys and their actions — must match.
import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../lib/db/migrate";

const ROOT = path.resolve(import.meta.dirname, "..");
const PRISMA = path.join(ROOT, "node_modules", "prisma", "build", "index.js");
const PG_URL = process.env.TEST_DATABASE_URL?.startsWith("postgres") ? process.env.TEST_DATABASE_URL : null;

/** The SQL that creates the schema file's datamodel from nothing, as Prisma generates it. */
// (With PostgreSQL the CLI lingers ~10 s after printing, until its adapter's idle pool closes.)
async function schemaSql(provider: "sqlite" | "postgresql", env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      PRISMA,
      "migrate",
      "diff",
      "--config",
      `prisma/${provider}.config.ts`,
      "--from-empty",
      "--to-schema-datamodel",
      `prisma/${provider}/schema.prisma`,
      "--script",
    ],
    {
      cwd: ROOT,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1", ...env },
      encoding: "utf8",
    },
  );
  return stdout;
}

const byName = <T extends { name: string }>(rows: T[]) => [...rows].sort((a, b) => a.name.localeCompare(b.name));

function describeSqlite(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const tables = (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_portico_migrations' ORDER BY name",
        )
        .all() as { name: string }[]
    ).map((r) => r.name);
    const schema: Record<string, unknown> = {};
    for (const table of tables) {
      const columns = byName(
        (db.prepare(`PRAGMA table_info("${table}")`).all() as { cid: number; name: string }[]).map(
          ({ cid: _cid, ...column }) => column,
        ),
      );
      const indexes = byName(db.prepare(`PRAGMA index_list("${table}")`).all() as { seq: number; name: string }[]).map(
        ({ seq: _seq, ...index }) => ({
          ...index,
          columns: (
            db.prepare(`PRAGMA index_info("${index.name}")`).all() as { seqno: number; cid: number; name: string }[]
          ).map((c) => ({ seqno: c.seqno, name: c.name })),
        }),
      );
      const foreignKeys = db.prepare(`PRAGMA foreign_key_list("${table}")`).all() as { table: string; from: string }[];
      foreignKeys.sort((a, b) => `${a.table}.${a.from}`.localeCompare(`${b.table}.${b.from}`));
      schema[table] = { columns, indexes, foreignKeys };
    }
    return schema;
  } finally {
    db.close();
  }
}

describe("SQLite: migrations match prisma/sqlite/schema.prisma", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "portico-drift-"));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("a database built by the migrations has the same tables, columns, indexes and foreign keys as one built from the schema file", async () => {
    const migrated = path.join(dir, "migrated.db");
    const fromSchema = path.join(dir, "from-schema.db");
    const [sql] = await Promise.all([schemaSql("sqlite"), migrateDatabase(`file:${migrated}`, ROOT)]);
    expect(sql).toContain("CREATE TABLE");
    const db = new Database(fromSchema);
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
    const expected = describeSqlite(fromSchema);
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(8);
    expect(describeSqlite(migrated)).toEqual(expected);
  });
});

describe("the PostgreSQL schema is derived from the SQLite one", () => {
  it("`node scripts/prisma-generate.mjs --check` passes (prisma/postgresql/schema.prisma is current)", () => {
    const out = execFileSync(process.execPath, [path.join(ROOT, "scripts", "prisma-generate.mjs"), "--check"], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(out).toContain("matches");
  });
});

// Only with a PostgreSQL server (TEST_DATABASE_URL=postgresql://…); the SQLite run does not list it as skipped.
if (PG_URL)
  describe("PostgreSQL: migrations match prisma/postgresql/schema.prisma", () => {
    const names = [
      `portico_drift_${randomBytes(5).toString("hex")}_m`,
      `portico_drift_${randomBytes(5).toString("hex")}_s`,
    ];
    const urlOf = (name: string) => {
      const url = new URL(PG_URL!);
      url.pathname = `/${name}`;
      return url.toString();
    };
    async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
      const client = new pg.Client({ connectionString: PG_URL! });
      await client.connect();
      try {
        return await work(client);
      } finally {
        await client.end();
      }
    }
    beforeAll(async () => {
      await admin(async (client) => {
        for (const name of names) await client.query(`CREATE DATABASE "${name}"`);
      });
    });
    afterAll(async () => {
      await admin(async (client) => {
        for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
    });

    async function describePostgres(url: string) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const skip = "_portico_migrations";
        const columns = await client.query(
          `SELECT table_name, column_name, data_type, is_nullable, column_default, character_maximum_length, numeric_precision
           FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> $1 ORDER BY table_name, column_name`,
          [skip],
        );
        const indexes = await client.query(
          `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> $1 ORDER BY tablename, indexname`,
          [skip],
        );
        const constraints = await client.query(
          `SELECT conrelid::regclass::text AS table_name, conname, contype, pg_get_constraintdef(oid) AS definition
           FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '"${skip}"' AND conrelid::regclass::text <> $1
           ORDER BY 1, 2`,
          [skip],
        );
        return { columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows };
      } finally {
        await client.end();
      }
    }

    it("a database built by the migrations has the same columns, indexes and constraints as one built from the schema file", async () => {
      const [migrated, fromSchema] = names.map(urlOf) as [string, string];
      const [sql] = await Promise.all([
        schemaSql("postgresql", { PRISMA_CLI_PG_URL: PG_URL! }),
        migrateDatabase(migrated, ROOT),
      ]);
      expect(sql).toContain("CREATE TABLE");
      const client = new pg.Client({ connectionString: fromSchema });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
      const expected = await describePostgres(fromSchema);
      expect(expected.columns.length).toBeGreaterThan(50);
      expect(expected.constraints.some((c: { contype: string }) => c.contype === "f")).toBe(true);
      expect(await describePostgres(migrated)).toEqual(expected);
    });
  });
