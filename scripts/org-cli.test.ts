import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lookupInvitation } from "../lib/invitations/accept";
import { testScenario } from "../tests/scenario";
import { runOrgCommand } from "./org-cli";

const t = testScenario();
const root = path.resolve(import.meta.dirname, "..");

/** The single JSON line a command printed. */
function jsonLine(stdout: string[]): Record<string, unknown> {
  expect(stdout).toHaveLength(1);
  return JSON.parse(stdout[0]!) as Record<string, unknown>;
}

describe("org:create and user:invite", () => {
  it("org:create prints the organisation's ids; with --org-admin also the invitation and its working link", async () => {
    const plain = await runOrgCommand(t.deps, "create", [
      "--tenant",
      "globex",
      "--name",
      "Hooli",
      "--domain",
      "hooli.test",
    ]);
    expect(plain.exitCode).toBe(0);
    expect(Object.keys(jsonLine(plain.stdout)).sort()).toEqual(["organisationId", "slug", "tenant"]);

    const done = await runOrgCommand(t.deps, "create", [
      "--tenant",
      "globex",
      "--name",
      "Initech",
      "--domain",
      "Initech.test",
      "--domain",
      "initech.example",
      "--org-admin",
      "ada@initech.test",
    ]);
    expect(done).toMatchObject({ exitCode: 0, stderr: [] });
    const line = jsonLine(done.stdout);
    expect(line).toMatchObject({ slug: "initech", tenant: "globex" });
    expect(line.invitationLink).toMatch(/\/globex\/invitation\?token=[A-Za-z0-9_-]{43}$/);
    const token = new URL(String(line.invitationLink)).searchParams.get("token");
    expect(await lookupInvitation(t.deps, t.globex, token)).toMatchObject({
      state: "pending",
      email: "ada@initech.test",
      role: "org_admin",
      organisation: { slug: "initech" },
    });
    const organisation = await t.store.organisations.findBySlug(t.globex.id, "initech");
    expect(organisation?.domains).toEqual(["initech.example", "initech.test"]);
  });

  it("user:invite prints the invitation id and link, and never whether the address has an account", async () => {
    await t.user("ada@partner.test", { tenant: t.globex });
    await runOrgCommand(t.deps, "create", ["--tenant", "globex", "--name", "Initech"]);
    const existing = await runOrgCommand(t.deps, "invite", [
      "--tenant",
      "globex",
      "--email",
      "ada@partner.test",
      "--org",
      "initech",
    ]);
    const fresh = await runOrgCommand(t.deps, "invite", [
      "--tenant",
      "globex",
      "--email",
      "bob@partner.test",
      "--org",
      "initech",
    ]);
    const keys = (line: Record<string, unknown>) => Object.keys(line).sort();
    const a = jsonLine(existing.stdout);
    const b = jsonLine(fresh.stdout);
    expect(keys(a)).toEqual(keys(b));
    expect(keys(a)).toEqual(["email", "expiresAt", "invitationId", "invitationLink", "organisation", "role", "tenant"]);
    expect(JSON.stringify(a)).not.toMatch(/userExists|account/i);
  });

  it("bad arguments answer on stderr with exit code 2, and change nothing", async () => {
    const cases: [string, string[], RegExp][] = [
      ["create", ["--tenant", "globex"], /--name is required/],
      ["create", ["--tenant", "nowhere", "--name", "X"], /No tenant "nowhere"/],
      ["create", ["--tenant", "globex", "--name", "X", "--domain", "not a domain"], /not an email domain/],
      ["create", ["--tenant", "globex", "--name", "X", "--org-admin", "nope"], /not an email address/],
      ["create", ["--tenant", "globex", "--name", "X", "--bogus"], /Unknown option/],
      ["invite", ["--tenant", "globex", "--email", "bob@partner.test", "--org", "nowhere"], /No such organisation/],
      [
        "invite",
        ["--tenant", "globex", "--email", "bob@partner.test", "--role", "org_admin"],
        /choose the organisation/,
      ],
      ["invite", ["--tenant", "globex", "--email", "not-an-address"], /valid email address/],
      ["launch", [], /usage:/],
    ];
    for (const [command, argv, message] of cases) {
      const outcome = await runOrgCommand(t.deps, command, argv);
      expect(outcome.exitCode, argv.join(" ")).toBe(2);
      expect(outcome.stdout).toEqual([]);
      expect(outcome.stderr.join("\n")).toMatch(message);
    }
    expect(await t.store.organisations.list(t.globex.id)).toEqual([]);
    expect(await t.store.invitations.listOpenForTenant(t.globex.id, 10)).toEqual([]);
  });

  it("the command itself prints a JSON line against a real database, and a usage message (exit 2, no stack) for bad input", () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "org-admin.ts"), ...args], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: t.db.url, PORTICO_BASE_URL: "https://portico.test" },
        encoding: "utf8",
      });
    const ok = run(["invite", "--tenant", "globex", "--email", "cy@partner.test"]);
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    const line = JSON.parse(ok.stdout.trim()) as { invitationLink: string };
    expect(line.invitationLink).toMatch(/^https:\/\/portico\.test\/globex\/invitation\?token=/);
    const bad = run(["invite", "--tenant", "globex", "--emial", "cy@partner.test"]);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/usage:/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
