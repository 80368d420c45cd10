// Prisma CLI configuration for the PostgreSQL schema (generated from the SQLite one).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "postgresql", "schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "postgresql", "migrations") },
  adapter: async () =>
    new PrismaPg({ connectionString: process.env.PRISMA_CLI_PG_URL ?? "postgresql://localhost:5432/portico" }),
});
