// The PostgreSQL schema is the SQLite schema with another provider, client output and placeholder URL.
export function derivePostgresSchema(source) {
  const out = source
    .replace(
      "// The schema contract of Portico. This SQLite file is the source of truth;\n// prisma/postgresql/schema.prisma is generated from it (`npm run db:schema`)\n// and a test fails when the two drift apart.",
      "// GENERATED from prisma/sqlite/schema.prisma by `npm run db:schema`. Do not edit by hand.",
    )
    .replace('output     = "../../lib/db/generated/sqlite"', 'output     = "../../lib/db/generated/postgresql"')
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('url      = "file:./placeholder.db"', 'url      = "postgresql://placeholder@localhost:5432/placeholder"');
  if (out === source || !out.includes('provider = "postgresql"') || !out.includes("generated/postgresql")) {
    throw new Error("could not derive the PostgreSQL schema: the SQLite schema header changed");
  }
  return out;
}
