// `npm test`: every check the project has, in order, with one summary at the end.
//   schema     the PostgreSQL schema is derived from the SQLite one (no drift)
//   lint       ESLint, including the layering rule and the domain graph
//   format     Prettier: every file as `npm run format` writes it (120 columns)
//   typecheck  tsc --noEmit over app, lib, tests and scripts
//   unit       Vitest: domain, security and repository tests on a real database
//   build      next build (the production build the end-to-end tests run)
//   e2e        Playwright in Chromium against that build, with a real SMTP sink
//   cluster    several production instances of that build on PostgreSQL, driven over HTTP:
//              scale-out, PostgreSQL restarts and kill -9 under load, concurrent single-use
//              redemptions, the OpenID Provider on two nodes (vitest.cluster.config.mts). Needs TEST_DATABASE_URL=postgresql://…
//              and the PostgreSQL server binaries; without a PostgreSQL URL it is reported as
//              not run, with the reason, and does not fail the run.
// Options: --steps=unit,e2e (a subset), --label=NAME (names the summary file).
// TEST_DATABASE_URL / E2E_DATABASE_URL=postgresql://… run the unit and e2e suites on PostgreSQL.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const ALL = ["schema", "lint", "format", "typecheck", "unit", "build", "e2e", "cluster"] as const;
type TStep = (typeof ALL)[number];

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const steps = (arg("steps")?.split(",") ?? [...ALL]) as TStep[];
for (const step of steps) if (!ALL.includes(step)) throw new Error(`unknown step ${step}; use ${ALL.join(",")}`);
const label = arg("label") ?? (process.env.TEST_DATABASE_URL?.startsWith("postgres") ? "postgresql" : "sqlite");
const outDir = path.join(root, "test-results");
mkdirSync(outDir, { recursive: true });

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1", FORCE_COLOR: "0" };
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

/** `notRun`: the step did not run, for the reason given (it counts neither passed nor failed). */
type TResult = { step: TStep; passed: number; failed: number; seconds: number; ok: boolean; notRun?: string };
const results: TResult[] = [];

function run(step: TStep, command: string, args: string[], extraEnv: Record<string, string> = {}) {
  console.log(`\n=== ${step}: ${[path.basename(command), ...args].join(" ")}`);
  const started = Date.now();
  const child = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } });
  return { ok: child.status === 0, seconds: (Date.now() - started) / 1000 };
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

function vitestCounts(file: string, ok: boolean) {
  const report = readJson<{ numPassedTests: number; numFailedTests: number }>(file);
  return {
    passed: report?.numPassedTests ?? 0,
    failed: report ? report.numFailedTests + (ok ? 0 : report.numFailedTests === 0 ? 1 : 0) : 1,
  };
}

for (const step of steps) {
  if ((step === "e2e" || step === "cluster") && results.some((r) => r.step === "build" && !r.ok)) {
    results.push({ step, passed: 0, failed: 1, seconds: 0, ok: false });
    console.log(`\n=== ${step}: not run, the build failed`);
    continue;
  }
  if (step === "cluster" && !process.env.TEST_DATABASE_URL?.startsWith("postgres")) {
    const reason = "no PostgreSQL configured (set TEST_DATABASE_URL=postgresql://…; .ci/run does)";
    results.push({ step, passed: 0, failed: 0, seconds: 0, ok: true, notRun: reason });
    console.log(`\n=== cluster: not run, ${reason}`);
    continue;
  }
  if (step === "schema") {
    const r = run(step, process.execPath, ["scripts/prisma-generate.mjs", "--check"]);
    results.push({ step, passed: r.ok ? 1 : 0, failed: r.ok ? 0 : 1, ...r });
  } else if (step === "lint") {
    const r = run(step, bin("eslint"), ["--max-warnings=0", "."]);
    results.push({ step, passed: r.ok ? 1 : 0, failed: r.ok ? 0 : 1, ...r });
  } else if (step === "format") {
    const r = run(step, bin("prettier"), ["--check", "--log-level=warn", "."]);
    results.push({ step, passed: r.ok ? 1 : 0, failed: r.ok ? 0 : 1, ...r });
  } else if (step === "typecheck") {
    const r = run(step, bin("tsc"), ["--noEmit"]);
    results.push({ step, passed: r.ok ? 1 : 0, failed: r.ok ? 0 : 1, ...r });
  } else if (step === "build") {
    const r = run(step, bin("next"), ["build"]);
    results.push({ step, passed: r.ok ? 1 : 0, failed: r.ok ? 0 : 1, ...r });
  } else if (step === "unit") {
    const file = path.join(outDir, `vitest-${label}.json`);
    rmSync(file, { force: true });
    const r = run(step, bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${file}`]);
    results.push({ step, ...vitestCounts(file, r.ok), ...r });
  } else if (step === "cluster") {
    // Runs the build already in .next (made by the build step, here or in an earlier run).
    const file = path.join(outDir, `vitest-cluster-${label}.json`);
    rmSync(file, { force: true });
    const r = run(step, bin("vitest"), [
      "run",
      "--config=vitest.cluster.config.mts",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${file}`,
    ]);
    results.push({ step, ...vitestCounts(file, r.ok), ...r });
  } else if (step === "e2e") {
    const file = path.join(outDir, `playwright-${label}.json`);
    rmSync(file, { force: true });
    const r = run(step, bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: file });
    const report = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(file);
    const failed = report ? report.stats.unexpected + report.stats.flaky + report.stats.skipped : 1;
    results.push({ step, passed: report?.stats.expected ?? 0, failed: failed + (!r.ok && failed === 0 ? 1 : 0), ...r });
  }
}

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`\nSummary (${label}):`);
for (const r of results) {
  if (r.notRun) console.log(`  --   ${r.step.padEnd(10)} not run: ${r.notRun}`);
  else
    console.log(
      `  ${r.ok ? "ok  " : "FAIL"} ${r.step.padEnd(10)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(1)} s`,
    );
}
const notRun = results.filter((r) => r.notRun).map((r) => ({ step: r.step, reason: r.notRun }));
writeFileSync(
  path.join(outDir, `summary-${label}.json`),
  JSON.stringify({ label, passed, failed, notRun, results }, null, 2),
);
console.log(`${passed} passed, ${failed} failed${notRun.map((n) => `; ${n.step} not run: ${n.reason}`).join("")}`);
if (existsSync(path.join(outDir, ".last-run.json"))) rmSync(path.join(outDir, ".last-run.json"), { force: true });
process.exit(results.every((r) => r.ok) ? 0 : 1);
