// Prisma CLI configuration for the SQLite schema. The WebAssembly schema engine ("js"), driven
// through the driver adapter, runs offline; the classic engine would download a native binary.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "sqlite", "schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "sqlite", "migrations") },
  adapter: async () => new PrismaBetterSQLite3({ url: process.env.PRISMA_CLI_SQLITE_URL ?? ":memory:" }),
});
