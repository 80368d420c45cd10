// `npm run demo`: the portal, the demo shop (examples/demo-shop, a Next.js app that signs in with
// next-auth through Portico's OpenID provider) and Initech's identity provider
// (scripts/demo-enterprise.ts) side by side. The portal is `npm start` on
// port 3000; the shop is built when needed and served on http://localhost:4000. (Not on
// 127.0.0.1: Next.js reports a loopback address as localhost to route handlers, so next-auth's
// callback would name another redirect_uri than the one it sent.) Browsers share cookies between
// ports of one host, but the names differ (the shop's are next-auth's `authjs.*`, the portal's
// `__Host-portico-*`), so neither reads the other's. The shop signs in as the
// `demo-shop` client the portal's seed registers, with its secret (PORTICO_DEMO_CLIENT_SECRET, else
// the documented local default).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { DEMO_CLIENT_LOCAL_SECRET } from "../lib/oidc/demo-client";
import { root } from "./build-app";
import { startDemoEnterprise } from "./demo-enterprise";

const shopDir = path.join(root, "examples", "demo-shop");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const portalPort = process.env.PORT ?? "3000";
const portalUrl = process.env.PORTICO_BASE_URL ?? `http://localhost:${portalPort}`;
const shopUrl = "http://localhost:4000";

const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  DEMO_SHOP_CLIENT_SECRET: process.env.PORTICO_DEMO_CLIENT_SECRET || DEMO_CLIENT_LOCAL_SECRET,
};

function newestMtime(entry: string): number {
  if (!existsSync(entry) || entry.endsWith(".next")) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((max, name) => Math.max(max, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

const shopBuild = path.join(shopDir, ".next", "BUILD_ID");
if (!existsSync(shopBuild) || newestMtime(shopDir) > statSync(shopBuild).mtimeMs) {
  console.log("Building the demo shop (first run or changed sources; about a minute)…");
  const build = spawnSync(process.execPath, [nextBin, "build", "--webpack"], { cwd: shopDir, stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const children: ChildProcess[] = [];
function run(name: string, args: string[], cwd: string, extra: Record<string, string>) {
  const child = spawn(process.execPath, args, { cwd, stdio: "inherit", env: { ...env, ...extra } });
  child.on("exit", (code) => {
    console.log(`${name} stopped (${code ?? "signal"}); stopping the demo.`);
    for (const other of children) other.kill("SIGTERM");
    process.exit(code ?? 1);
  });
  children.push(child);
}

run("The portal", [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/start.ts"], root, {
  PORT: portalPort,
});
run("The demo shop", [nextBin, "start", "-p", "4000", "-H", "127.0.0.1"], shopDir, {
  NODE_ENV: "production",
  AUTH_URL: shopUrl,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  PORTICO_ISSUER: `${portalUrl}/acme/oidc`,
});
console.log(`\nDemo shop: ${shopUrl} (signs in through ${portalUrl}/acme/oidc)\n`);

// Initech's IdP needs the portal's database migrated and seeded: it starts once the portal answers.
async function portalReady(): Promise<void> {
  const health = `http://127.0.0.1:${portalPort}/api/health`;
  for (;;) {
    const ok = await fetch(health).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
void portalReady()
  .then(() => startDemoEnterprise())
  .then(({ tryIt }) =>
    console.log(`\nEnterprise sign-in: ${tryIt}. The demo IdP keeps its state in memory, as its warning says.\n`),
  )
  .catch((error: unknown) => console.error(`Initech's demo IdP did not start: ${String(error)}`));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    for (const child of children) child.kill("SIGTERM");
    process.exit(0);
  });
}
