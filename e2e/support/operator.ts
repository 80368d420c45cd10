// Runs the platform operator's command line (scripts/tenant-admin.ts) against the e2e server's
// database, as an operator would on the server, and returns what it printed.
import { execFileSync } from "node:child_process";
import { expect, type Page } from "@playwright/test";
import { totpCodeAt } from "../../lib/identity/totp";
import path from "node:path";
import { BASE_URL, e2eDatabaseUrl, SMTP_PORT } from "./env";

const root = path.resolve(import.meta.dirname, "..", "..");

export function runOperator(args: string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "tenant-admin.ts"), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: e2eDatabaseUrl(), PORTICO_BASE_URL: BASE_URL },
    encoding: "utf8",
  });
}

/**
 * Runs an organisation command (scripts/org-admin.ts: `create` is org:create, `invite` is
 * user:invite) against the e2e server's database and returns the JSON line it printed. The mail it
 * queues is delivered by the running server's dispatcher (SMTP, as in production).
 */
export function runOrgOperator(args: string[]): Record<string, string> {
  const output = execFileSync(
    process.execPath,
    ["--import", "tsx", path.join(root, "scripts", "org-admin.ts"), ...args],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: e2eDatabaseUrl(),
        PORTICO_BASE_URL: BASE_URL,
        SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
      },
      encoding: "utf8",
    },
  );
  const lines = output.trim().split("\n");
  if (lines.length !== 1) throw new Error(`expected one JSON line, got: ${output}`);
  return JSON.parse(lines[0]!) as Record<string, string>;
}

/** The set-up link printed for a new staff member. */
export function setupLinkIn(output: string): string {
  const match = output.match(/Set-up link \(single use, 24 hours\): (\S+)/);
  if (!match?.[1]) throw new Error(`no set-up link in: ${output}`);
  return match[1];
}

/** Adds a staff member with the operator's `staff-add` and returns their set-up link. */
export function addStaffByOperator(staff: { tenant: string; email: string; name: string; role: string }): string {
  return setupLinkIn(
    runOperator([
      "staff-add",
      "--tenant",
      staff.tenant,
      "--email",
      staff.email,
      "--name",
      staff.name,
      "--role",
      staff.role,
    ]),
  );
}

/**
 * Uses a set-up link the way a new staff member does: a password, then the authenticator app,
 * ending signed in to the admin console. `check` runs on the password page and on the enrolment
 * page (e.g. accessibility checks); `serverNow` is the e2e server's clock when a test moved it.
 * Returns the app's secret.
 */
export async function setUpStaff(
  page: Page,
  link: string,
  password: string,
  options: { check?: (step: "password" | "enrol") => Promise<void>; serverNow?: () => Date } = {},
): Promise<string> {
  const { check, serverNow = () => new Date() } = options;
  await page.goto(link);
  await check?.("password");
  await page.getByLabel("New password").fill(password);
  await page.getByLabel("Confirm password").fill(password);
  await page.getByRole("button", { name: "Save password and continue" }).click();
  await expect(page).toHaveURL(/\/admin\/login\/enrol/);
  await check?.("enrol");
  const secret = (await page.getByTestId("staff-totp-secret").innerText()).trim();
  await page.getByLabel("Code from your authenticator app").fill(totpCodeAt(secret, serverNow()));
  await page.getByRole("button", { name: "Turn on and continue" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  return secret;
}
