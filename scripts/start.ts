// `npm start`: prepares the database (migrations, demo tenants), builds the app when the build is
// missing or older than the sources, and serves it. `npm run dev` serves the development server.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { isLocalOutboxEnabled } from "../lib/config/env";
import { prepareDatabase } from "./prepare-db";
import { serve } from "./serve";

process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.CHECKPOINT_DISABLE = "1";

const dev = process.argv.includes("--dev");
const root = path.resolve(import.meta.dirname, "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const port = process.env.PORT ?? "3000";

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((max, name) => Math.max(max, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

function buildIsStale(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "public", "proxy.ts", "instrumentation.ts", "next.config.ts", "package-lock.json"];
  return sources.some((source) => newestMtime(path.join(root, source)) > built);
}

const { applied, tenants, config } = await prepareDatabase();
console.log(`Database: ${config.databaseKind === "sqlite" ? config.databaseUrl.replace(/^file:/, "") : "PostgreSQL"} (${applied.length} migration(s) applied now)`);

if (!dev && buildIsStale()) {
  console.log("Building the portal (first start or changed sources; about a minute)…");
  const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: process.env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

if (!dev) Object.assign(process.env, { NODE_ENV: "production" });
const server = await serve({ dev, port: Number(port), hostname: process.env.PORTICO_LISTEN_HOST, dir: root });
const base = config.baseUrl.origin;
console.log(`\nPortico is running on ${base}`);
for (const slug of tenants) console.log(`  ${base}/${slug}/login`);
if (isLocalOutboxEnabled(config)) console.log(`  Mail is not sent (no SMTP_URL); read it at ${base}/dev/mail`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    process.exit(0);
  });
}
