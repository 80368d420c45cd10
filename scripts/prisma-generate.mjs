// Keeps the two Prisma schemas (SQLite is the source of truth, PostgreSQL is derived) in step and
// generates one client per provider. Runs on `npm install`.
//   node scripts/prisma-generate.mjs                 write the PostgreSQL schema, generate both clients
//   node scripts/prisma-generate.mjs --check         fail when prisma/postgresql/schema.prisma is stale
//   node scripts/prisma-generate.mjs --write-pg-schema  only write the PostgreSQL schema
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { derivePostgresSchema } from "./derive-pg-schema.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sqliteSchema = path.join(root, "prisma", "sqlite", "schema.prisma");
const pgSchema = path.join(root, "prisma", "postgresql", "schema.prisma");

const args = new Set(process.argv.slice(2));
const expected = derivePostgresSchema(readFileSync(sqliteSchema, "utf8"));

if (args.has("--check")) {
  const current = existsSync(pgSchema) ? readFileSync(pgSchema, "utf8") : "";
  if (current !== expected) {
    console.error("prisma/postgresql/schema.prisma is stale: run `npm run db:schema`");
    process.exit(1);
  }
  console.log("prisma/postgresql/schema.prisma matches prisma/sqlite/schema.prisma");
  process.exit(0);
}

writeFileSync(pgSchema, expected);
if (args.has("--write-pg-schema")) process.exit(0);

const env = { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
const prismaBin = path.join(root, "node_modules", "prisma", "build", "index.js");
for (const provider of ["sqlite", "postgresql"]) {
  execFileSync(process.execPath, [prismaBin, "generate", "--config", `prisma/${provider}.config.ts`], {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
}
console.log("Prisma clients generated for SQLite and PostgreSQL");
