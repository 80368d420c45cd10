#!/usr/bin/env node
// One-off, mechanical: points the imports of domain types at the leaf types files of their domains
// (lib/sessions/types.ts, lib/tenancy/types.ts, lib/identity/types.ts, lib/step-up/types.ts)
// instead of lib/db/store.ts, and the imports of the old lib/db/store-*.ts files at lib/db/store.ts.
// Then it deletes those old files and store.ts's re-exports of the domain types.
//
//   node scripts/dev/rewrite-type-imports.mjs          rewrite in place, listing the files changed
//   node scripts/dev/rewrite-type-imports.mjs --check  list what would change; exit 1 if anything would
//
// Run it once after merging the branches, then `npx tsc --noEmit` and `npx eslint --fix` on the
// files it lists (import order). Imports of values (createStore) and of lib/db's own types
// (TStore, TRepositories, TTenantInput, TKnownDevice, …) stay on lib/db/store.ts.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Which leaf types file (under lib/) declares each domain type. */
const HOME = {
  TSession: "sessions/types",
  TSessionStage: "sessions/types",
  TAmr: "sessions/types",
  TContextEvent: "sessions/types",
  TMethodTimes: "sessions/types",
  TSessionLimits: "sessions/types",
  TTenant: "tenancy/types",
  TRiskPolicy: "tenancy/types",
  TUser: "identity/types",
  TPasskey: "identity/types",
  TStepUpPolicy: "step-up/types",
  TStepUpMethod: "step-up/types",
};
const OLD_FILES = ["store-email-codes", "store-recovery", "store-risk", "store-step-up", "store-tenant-settings", "store-workforce"];

const check = process.argv.includes("--check");
const root = execFileSync("git", ["rev-parse", "--show-toplevel"], { encoding: "utf8" }).trim();
const files = execFileSync("git", ["ls-files", "*.ts", "*.tsx", "*.mts"], { cwd: root, encoding: "utf8" })
  .split("\n")
  .filter((f) => f && !f.startsWith("lib/db/generated/") && !OLD_FILES.some((old) => f === `lib/db/${old}.ts`));

const STORE_SPEC = /^(?<base>.*?)(?<db>db)\/(?<name>store(?:-[a-z-]+)?)$/;
const IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s+from\s+"([^"]+)";?/g;

/** The specifier of `lib/<target>` as written from `file`, in the style of `spec` (alias or relative). */
function specifierFor(file, spec, target) {
  if (spec.startsWith("@/")) return `@/lib/${target}`;
  let rel = path.relative(path.dirname(path.join(root, file)), path.join(root, "lib", target)).split(path.sep).join("/");
  if (!rel.startsWith(".")) rel = `./${rel}`;
  return rel;
}

/** Resolves a store specifier to the lib/db module it names, or null when it names something else. */
function storeModuleOf(file, spec) {
  const m = STORE_SPEC.exec(spec);
  if (!m) return null;
  const resolved = spec.startsWith("@/")
    ? path.join(root, spec.slice(2))
    : spec.startsWith(".")
      ? path.resolve(path.dirname(path.join(root, file)), spec)
      : null;
  if (!resolved) return null;
  const rel = path.relative(path.join(root, "lib", "db"), resolved).split(path.sep).join("/");
  return rel === "store" || OLD_FILES.includes(rel) ? rel : null;
}

function parseSpecifiers(list) {
  return list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const inlineType = s.startsWith("type ");
      const body = inlineType ? s.slice(5).trim() : s;
      const [imported, local] = body.split(/\s+as\s+/);
      return { imported, local: local ?? null, inlineType, text: s };
    });
}

const specifierText = (s, asType) => `${asType && s.inlineType ? "type " : ""}${s.imported}${s.local ? ` as ${s.local}` : ""}`;

const changed = [];
for (const file of files) {
  const source = readFileSync(path.join(root, file), "utf8");
  /** target specifier → names to add as type imports */
  const moved = new Map();
  let text = source.replace(IMPORT, (whole, typeKeyword, list, spec) => {
    const storeModule = storeModuleOf(file, spec);
    if (!storeModule) return whole;
    const allType = Boolean(typeKeyword);
    const keep = [];
    for (const s of parseSpecifiers(list)) {
      const home = HOME[s.imported];
      if (home && (allType || s.inlineType)) {
        const target = specifierFor(file, spec, home);
        if (!moved.has(target)) moved.set(target, []);
        moved.get(target).push(specifierText({ ...s, inlineType: false }, false));
      } else keep.push(s);
    }
    const storeSpec = storeModule === "store" ? spec : spec.replace(/store-[a-z-]+$/, "store");
    if (keep.length === 0) return "\u0000";
    const names = keep.map((s) => specifierText(s, !allType)).join(", ");
    return `import ${allType ? "type " : ""}{ ${names} } from "${storeSpec}";`;
  });
  if (text === source && moved.size === 0) continue;
  // Merge the moved names into an existing `import type { … } from "<target>"`, else add one.
  for (const [target, names] of moved) {
    const existing = new RegExp(`import type \\{([^}]*)\\} from "${target.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}";`);
    const m = existing.exec(text);
    if (m) {
      const all = [...new Set([...parseSpecifiers(m[1]).map((s) => specifierText(s, true)), ...names])].sort();
      text = text.replace(m[0], `import type { ${all.join(", ")} } from "${target}";`);
    } else {
      const line = `import type { ${[...new Set(names)].sort().join(", ")} } from "${target}";`;
      text = text.includes("\u0000") ? text.replace("\u0000", line) : text.replace(/^(import[^;]*;\n)(?![\s\S]*^import)/m, `$1${line}\n`);
    }
  }
  // Two store imports of one file can collapse into one line each; drop the emptied ones.
  text = text.replace(/\u0000\n?/g, "");
  // The old store-*.ts paths may now appear twice as "store" imports of the same kind: merge them.
  for (const kind of ["import type", "import"]) {
    const re = new RegExp(`^${kind} \\{([^}]*)\\} from "([^"]*db/store)";\\n`, "gm");
    const seen = new Map();
    for (const m of text.matchAll(re)) {
      if (!seen.has(m[2])) seen.set(m[2], []);
      seen.get(m[2]).push(m);
    }
    for (const [spec, matches] of seen) {
      if (matches.length < 2) continue;
      const names = [...new Set(matches.flatMap((m) => parseSpecifiers(m[1]).map((s) => specifierText(s, kind === "import"))))].sort();
      text = text.replace(matches[0][0], `${kind} { ${names.join(", ")} } from "${spec}";\n`);
      for (const m of matches.slice(1)) text = text.replace(m[0], "");
    }
  }
  if (text !== source) {
    changed.push(file);
    if (!check) writeFileSync(path.join(root, file), text);
  }
}

// The old paths and the domain re-exports of store.ts have no importers left.
const storePath = path.join(root, "lib/db/store.ts");
const store = readFileSync(storePath, "utf8");
const trimmed = store.replace(/^export type \{[^}]*\} from "\.\.\/(sessions|tenancy|identity|step-up)\/types";\n/gm, "");
if (trimmed !== store) {
  changed.push("lib/db/store.ts");
  if (!check) writeFileSync(storePath, trimmed);
}
for (const old of OLD_FILES) {
  const p = path.join(root, "lib/db", `${old}.ts`);
  if (existsSync(p)) {
    changed.push(`lib/db/${old}.ts (deleted)`);
    if (!check) rmSync(p);
  }
}

for (const file of changed) console.log(file);
if (check && changed.length > 0) process.exit(1);
