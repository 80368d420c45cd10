// Vitest global setup: migrates one template database before the suite, so each test's fresh
// database is a copy (CREATE DATABASE … TEMPLATE on PostgreSQL, a file copy on SQLite) instead of
// a full migration run per test. The template is dropped when the suite ends.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../lib/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    /** PostgreSQL: the template database's name. SQLite: the migrated template file's path. */
    testDbTemplate: string;
  }
}

async function withAdmin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `TEST_DATABASE_URL is set but PostgreSQL is not reachable: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl && adminUrl.startsWith("postgres")) {
    const name = `portico_template_${randomBytes(6).toString("hex")}`;
    await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    await migrateDatabase(url.toString());
    project.provide("testDbTemplate", name);
    return async () => {
      await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch(
        () => undefined,
      );
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "portico-template-"));
  const file = path.join(dir, "template.db");
  await migrateDatabase(`file:${file}`);
  project.provide("testDbTemplate", file);
  return () => rmSync(dir, { recursive: true, force: true });
}
