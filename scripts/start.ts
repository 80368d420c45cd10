// `npm start`: prepares the database (migrations, demo tenants), builds the app when the build is
// missing or older than the sources, and serves it. `npm run dev` serves the development server.
import { isLocalOutboxEnabled } from "../lib/config/env";
import { ensureBuild, root } from "./build-app";
import { prepareDatabase } from "./prepare-db";
import { serve } from "./serve";

process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.CHECKPOINT_DISABLE = "1";

const dev = process.argv.includes("--dev");
const port = process.env.PORT ?? "3000";

const { applied, tenants, config } = await prepareDatabase();
console.log(
  `Database: ${config.databaseKind === "sqlite" ? config.databaseUrl.replace(/^file:/, "") : "PostgreSQL"} (${applied.length} migration(s) applied now)`,
);

if (!dev) ensureBuild();

if (!dev) Object.assign(process.env, { NODE_ENV: "production" });
const server = await serve({ dev, port: Number(port), hostname: config.listenHost, dir: root });
const base = config.baseUrl.origin;
console.log(`\nPortico is running on ${base}`);
for (const slug of tenants) console.log(`  ${base}/${slug}/login`);
if (isLocalOutboxEnabled(config))
  console.log(`  Mail is not sent (no SMTP_URL); read it at ${base}/dev/mail (from this machine only)`);
if (!process.env.PORTICO_LISTEN_HOST && config.listenHost) {
  console.log(
    `  Listening on ${config.listenHost} only (no PORTICO_BASE_URL): other machines cannot connect.\n` +
      "  To serve the network, set PORTICO_BASE_URL to the public address (or PORTICO_LISTEN_HOST=0.0.0.0).",
  );
} else {
  console.log(`  Listening on ${config.listenHost ?? "all interfaces"}, port ${port}`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    process.exit(0);
  });
}
