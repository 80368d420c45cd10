import { prepareDatabase } from "./prepare-db";

const { applied, tenants, config } = await prepareDatabase({ seed: !process.argv.includes("--no-seed") });
console.log(
  `${config.databaseKind}: ${applied.length} migration(s) applied${tenants.length ? `; tenants: ${tenants.join(", ")}` : ""}`,
);
