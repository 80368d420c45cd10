// The layering rule (docs/architecture.md) is enforced by ESLint; these tests prove the rule bites, so
// a config change that silently dropped it would fail here.
import { ESLint } from "eslint";
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DOMAIN_GRAPH } from "../eslint.config.mjs";

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImportErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

async function storeReadErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-syntax").map((m) => m.message);
}

describe("layering rule", () => {
  it("forbids Next.js, React and next-auth in domain code", async () => {
    for (const source of ["next/headers", "react", "next-auth"]) {
      expect(
        await restrictedImportErrors(`import x from "${source}";\nexport const y = x;\n`, "lib/identity/example.ts"),
      ).not.toHaveLength(0);
    }
  });

  it("forbids Prisma in domain code and in the app, and allows it in lib/db", async () => {
    const code = 'import { PrismaClient } from "@prisma/client";\nexport const c = PrismaClient;\n';
    expect(await restrictedImportErrors(code, "lib/sessions/example.ts")).not.toHaveLength(0);
    expect(await restrictedImportErrors(code, "app/[tenant]/example/actions.ts")).not.toHaveLength(0);
    expect(await restrictedImportErrors(code, "lib/db/example.ts")).toHaveLength(0);
  });

  it("forbids domain code from depending on the Next.js adapters", async () => {
    expect(
      await restrictedImportErrors(
        'import { getDeps } from "../next/deps";\nexport const d = getDeps;\n',
        "lib/recovery/example.ts",
      ),
    ).not.toHaveLength(0);
  });

  it("forbids components from importing pages or their modules in app/", async () => {
    const code =
      'import { signInAction } from "@/app/[tenant]/(auth)/login/actions";\nexport const a = signInAction;\n';
    expect(await restrictedImportErrors(code, "components/auth/example.tsx")).not.toHaveLength(0);
    expect(
      await restrictedImportErrors(
        'import { signInAction } from "@/actions/sign-in";\nexport const a = signInAction;\n',
        "components/auth/example.tsx",
      ),
    ).toHaveLength(0);
  });

  it("forbids pages, components and actions from reading the store, and lets lib/ do it", async () => {
    const direct =
      'import { getDeps } from "@/lib/next/deps";\nexport const t = () => getDeps().store.tenants.list();\n';
    const aliased =
      'import { getDeps } from "@/lib/next/deps";\nconst deps = getDeps();\nexport const t = () => deps.store.tenants.list();\n';
    for (const filePath of ["app/page.tsx", "components/account/example.tsx", "actions/example.ts"]) {
      expect(await storeReadErrors(direct, filePath), filePath).not.toHaveLength(0);
      expect(await storeReadErrors(aliased, filePath), filePath).not.toHaveLength(0);
    }
    expect(
      await storeReadErrors(
        'import { listTenants } from "@/lib/tenancy/tenant-directory";\nimport { getDeps } from "@/lib/next/deps";\nexport const t = () => listTenants(getDeps());\n',
        "app/page.tsx",
      ),
    ).toHaveLength(0);
    expect(await storeReadErrors(direct, "lib/next/example.ts")).toHaveLength(0);
  });

  it("lets lib/next use Next.js", async () => {
    expect(
      await restrictedImportErrors(
        'import { cookies } from "next/headers";\nexport const c = cookies;\n',
        "lib/next/example.ts",
      ),
    ).toHaveLength(0);
  });
});

describe("domain graph", () => {
  const graph = DOMAIN_GRAPH as Record<string, string[]>;

  it("names every domain of lib/ (lib/next is the adapter layer above them)", () => {
    const domains = readdirSync("lib", { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== "next")
      .map((d) => d.name);
    expect(Object.keys(graph).sort()).toEqual(domains.sort());
    for (const [domain, allowed] of Object.entries(graph))
      for (const other of allowed) expect(graph[other], `${domain} → ${other}`).toBeDefined();
  });

  it("has no cycle: the domains sort from the bottom up", () => {
    const placed = new Set<string>();
    let progress = true;
    while (progress) {
      progress = false;
      for (const [domain, allowed] of Object.entries(graph)) {
        if (!placed.has(domain) && allowed.every((other) => placed.has(other))) {
          placed.add(domain);
          progress = true;
        }
      }
    }
    expect([...Object.keys(graph)].filter((d) => !placed.has(d))).toEqual([]);
  });

  it("refuses an import up the graph and allows one down it", async () => {
    const up = 'import { changeEmail } from "../account/change-email";\nexport const c = changeEmail;\n';
    expect(await restrictedImportErrors(up, "lib/identity/example.ts")).not.toHaveLength(0);
    expect(
      await restrictedImportErrors(
        'import { createSession } from "../sessions/create-session";\nexport const c = createSession;\n',
        "lib/risk/example.ts",
      ),
    ).not.toHaveLength(0);
    expect(
      await restrictedImportErrors(
        'import { createSession } from "../sessions/create-session";\nexport const c = createSession;\n',
        "lib/identity/example.ts",
      ),
    ).toHaveLength(0);
    expect(await restrictedImportErrors(up, "lib/workforce/example.ts")).toHaveLength(0);
  });

  it("lets any domain import another's leaf types and outcomes, and keeps leaf files leaves", async () => {
    expect(
      await restrictedImportErrors(
        'import type { TSession } from "../sessions/types";\nexport type S = TSession;\n',
        "lib/db/example.ts",
      ),
    ).toHaveLength(0);
    expect(
      await restrictedImportErrors(
        'import { STEP_UP } from "../step-up/outcomes";\nexport const s = STEP_UP;\n',
        "lib/kernel/example.ts",
      ),
    ).toHaveLength(0);
    expect(
      await restrictedImportErrors(
        'import { readStoredAudit } from "../audit/catalog";\nexport const r = readStoredAudit;\n',
        "lib/db/example.ts",
      ),
    ).toHaveLength(0);
    expect(
      await restrictedImportErrors(
        'import { recordAudit } from "./events";\nexport const r = recordAudit;\n',
        "lib/audit/catalog.ts",
      ),
    ).not.toHaveLength(0);
    expect(
      await restrictedImportErrors(
        'import { loadActionPolicy } from "./policies";\nexport const l = loadActionPolicy;\n',
        "lib/step-up/outcomes.ts",
      ),
    ).not.toHaveLength(0);
    expect(
      await restrictedImportErrors(
        'import { STEP_UP_METHODS } from "./types";\nexport const m = STEP_UP_METHODS;\n',
        "lib/step-up/outcomes.ts",
      ),
    ).toHaveLength(0);
  });

  it("lets only the console gate mint a console authority", async () => {
    const code =
      'import { mintConsoleAuthority } from "../kernel/authority";\nexport const m = mintConsoleAuthority;\n';
    expect(await restrictedImportErrors(code, "lib/tenancy/example.ts")).not.toHaveLength(0);
    expect(await restrictedImportErrors(code, "lib/workforce/team.ts")).not.toHaveLength(0);
    expect(
      await restrictedImportErrors(
        'import { mintConsoleAuthority } from "@/lib/kernel/authority";\nexport const m = mintConsoleAuthority;\n',
        "actions/workforce/example.ts",
      ),
    ).not.toHaveLength(0);
    expect(await restrictedImportErrors(code, "lib/workforce/console-gate.ts")).toHaveLength(0);
  });
});
