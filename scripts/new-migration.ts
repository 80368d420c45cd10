// `PRISMA_CLI_PG_URL=postgresql://… npm run db:new-migration -- <name> [--base <git rev>]`: writes the next migration for both
// databases from the change of prisma/sqlite/schema.prisma since <base> (default HEAD), using
// `prisma migrate diff` between the two datamodels (no database needed). The schema drift test
// then proves the migrations and the schema agree.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { derivePostgresSchema } from "./derive-pg-schema.mjs";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const baseIndex = args.indexOf("--base");
const name = args.find((a, i) => !a.startsWith("--") && (baseIndex < 0 || i !== baseIndex + 1));
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:new-migration -- <snake_case_name> [--base <git rev>]");
  process.exit(2);
}
const base = baseIndex >= 0 ? (args[baseIndex + 1] ?? "HEAD") : "HEAD";
const previousSqlite = execFileSync("git", ["show", `${base}:prisma/sqlite/schema.prisma`], {
  cwd: root,
  encoding: "utf8",
});
const currentSqlite = readFileSync(path.join(root, "prisma", "sqlite", "schema.prisma"), "utf8");
const schemas = {
  sqlite: { previous: previousSqlite, current: currentSqlite },
  postgresql: { previous: derivePostgresSchema(previousSqlite), current: derivePostgresSchema(currentSqlite) },
};
writeFileSync(path.join(root, "prisma", "postgresql", "schema.prisma"), schemas.postgresql.current);

if (!process.env.PRISMA_CLI_PG_URL) {
  console.error(
    "Set PRISMA_CLI_PG_URL to a reachable PostgreSQL: its schema engine connects even to diff two datamodels (nothing is written).",
  );
  process.exit(2);
}

const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const tmp = mkdtempSync(path.join(os.tmpdir(), "portico-migration-"));
for (const provider of ["sqlite", "postgresql"] as const) {
  // The schema files are written under prisma/ so that the relative generator output paths resolve.
  const from = path.join(root, "prisma", provider, `.previous-${path.basename(tmp)}.prisma`);
  writeFileSync(from, schemas[provider].previous);
  try {
    const sql = execFileSync(
      process.execPath,
      [
        path.join(root, "node_modules", "prisma", "build", "index.js"),
        "migrate",
        "diff",
        "--config",
        `prisma/${provider}.config.ts`,
        "--from-schema-datamodel",
        from,
        "--to-schema-datamodel",
        `prisma/${provider}/schema.prisma`,
        "--script",
      ],
      {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    if (!/\S/.test(sql.replace(/^--.*$/gm, ""))) {
      console.log(`${provider}: no changes`);
      continue;
    }
    const dir = path.join(root, "prisma", provider, "migrations", `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), sql);
    console.log(`${provider}: wrote ${path.relative(root, dir)}/migration.sql`);
  } finally {
    execFileSync("rm", ["-f", from]);
  }
}
