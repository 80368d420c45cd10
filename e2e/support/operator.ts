// Runs the platform operator's command line (scripts/tenant-admin.ts) against the e2e server's
// database, as an operator would on the server, and returns what it printed.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { BASE_URL, e2eDatabaseUrl } from "./env";

const root = path.resolve(import.meta.dirname, "..", "..");

export function runOperator(args: string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "tenant-admin.ts"), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: e2eDatabaseUrl(), PORTICO_BASE_URL: BASE_URL },
    encoding: "utf8",
  });
}

/** The set-up link printed for a new staff member. */
export function setupLinkIn(output: string): string {
  const match = output.match(/Set-up link \(single use, 24 hours\): (\S+)/);
  if (!match?.[1]) throw new Error(`no set-up link in: ${output}`);
  return match[1];
}
