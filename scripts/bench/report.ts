// The benchmark report: the JSON shape, the targets of the issue and the markdown table printed
// at the end (the same table goes into README's Performance section).
import type { TDatabaseCost } from "./cost";
import type { TNoJsCheck, TPageWeight } from "./page-weight";
import { ratio, type TSummary } from "./stats";

export type TRun = TSummary & {
  firstError?: string;
  /** HTTP requests one operation took, on average (for journeys of several requests). */
  requestsPerOperation?: number;
};

export type TGrowthTier = { users: number; sessions: number; signIn: TRun; sessionCheck: TRun };

export type TReport = {
  generatedAt: string;
  machine: { cpus: number; model: string; memoryGiB: number; os: string; node: string };
  database: string;
  concurrency: number;
  seconds: number;
  warmupSeconds: number;
  argon2: { algorithm: "argon2id"; memoryKiB: number; iterations: number; parallelism: number; threadPool: number };
  users: number;
  passkeyUsers: number;
  hashLimit: TRun;
  passwordSignIn: TRun;
  passkeySignIn: TRun;
  health: TRun;
  accountPage: TRun;
  sessionJson: TRun;
  /** A signed-in browser's complete authorization-code flow, the token exchange included. */
  oidcCodeFlow: TRun;
  /** refresh_token grants at the token endpoint, each rotating the refresh token. */
  oidcRefresh: TRun;
  cost: TDatabaseCost;
  pages: TPageWeight[] | null;
  noJs: TNoJsCheck[] | null;
  growth: { small: TGrowthTier; large: TGrowthTier } | null;
};

export type TTarget = { name: string; value: string; target: string; met: boolean | null };

const KB = 1024;

export function growthRatios(growth: NonNullable<TReport["growth"]>) {
  return {
    signInP50: ratio(growth.large.signIn.p50Ms, growth.small.signIn.p50Ms),
    sessionCheckP50: ratio(growth.large.sessionCheck.p50Ms, growth.small.sessionCheck.p50Ms),
  };
}

export function evaluateTargets(report: TReport): TTarget[] {
  const signInRatio = ratio(report.passwordSignIn.perSecond, report.hashLimit.perSecond);
  const signInPage = report.pages?.find((p) => p.page === "sign-in");
  const targets: TTarget[] = [
    {
      name: "password sign-ins ÷ hash limit",
      value: String(signInRatio),
      target: "≥ 0.9",
      met: signInRatio >= 0.9 && report.passwordSignIn.errors === 0,
    },
    {
      name: "passkey sign-ins",
      value: `${report.passkeySignIn.perSecond}/s, p95 ${report.passkeySignIn.p95Ms} ms`,
      target: report.database.startsWith("SQLite") ? "≥ 1000/s, p95 ≤ 50 ms" : "reported",
      met: report.database.startsWith("SQLite")
        ? report.passkeySignIn.perSecond >= 1000 &&
          report.passkeySignIn.p95Ms <= 50 &&
          report.passkeySignIn.errors === 0
        : null,
    },
    {
      name: "sign-in page first-load JS (gzip)",
      value: signInPage ? `${(signInPage.jsGzipBytes / KB).toFixed(1)} KB` : "not measured",
      target: "≤ 90 KB",
      met: signInPage ? signInPage.jsGzipBytes <= 90 * KB : null,
    },
    {
      name: "forms work without JavaScript",
      value: report.noJs ? report.noJs.map((c) => `${c.form} ${c.ok ? "ok" : "FAILED"}`).join(", ") : "not checked",
      target: "all three",
      met: report.noJs ? report.noJs.every((c) => c.ok) : null,
    },
  ];
  if (report.growth) {
    const r = growthRatios(report.growth);
    const worst = Math.max(r.signInP50, r.sessionCheckP50);
    targets.push({
      name: "growth: p50 at large ÷ small tier",
      value: `sign-in ${r.signInP50}, session check ${r.sessionCheckP50}`,
      target: "flat (≤ 1.5)",
      met: worst <= 1.5,
    });
  }
  return targets;
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : "–");
const yesNo = (met: boolean | null) => (met === null ? "–" : met ? "met" : "not met");

function row(cells: Array<string | number>): string {
  return `| ${cells.join(" | ")} |`;
}

/**
 * Where a request's time goes: the server does its JavaScript on one thread, so one second divided
 * by the throughput is the main-thread time of one operation; the health endpoint's share is the
 * framework's floor per request, and database calls × the ORM's cost per call is the data layer's.
 */
export function costTable(report: TReport): string[] {
  const { cost } = report;
  const floor = 1000 / report.health.perSecond;
  const lines = [
    `One database call (tenant by slug, ${cost.samples} in a row): ${cost.ormMsPerCall} ms through the ORM, ${cost.driverMsPerCall} ms for the same statement through the driver (${ratio(cost.ormMsPerCall, cost.driverMsPerCall)} ×)${report.database.startsWith("SQLite") ? "" : "; both include the round trip to the server, which other requests overlap under load"}.`,
    "",
    row([
      "operation",
      "requests",
      "database calls",
      "1 s ÷ throughput",
      "framework floor (health)",
      "calls × ORM cost",
    ]),
    row(["---", "---:", "---:", "---:", "---:", "---:"]),
  ];
  const add = (name: string, requests: number, calls: number, run: TRun) =>
    lines.push(
      row([
        name,
        requests,
        calls,
        `${ms(1000 / run.perSecond)} ms`,
        `${ms(requests * floor)} ms`,
        `${ms(calls * cost.ormMsPerCall)} ms`,
      ]),
    );
  add("password sign-in", 1, cost.calls.passwordSignIn, report.passwordSignIn);
  add("passkey sign-in", 2, cost.calls.passkeySignIn, report.passkeySignIn);
  add("session JSON", 1, cost.calls.sessionCheck, report.sessionJson);
  return lines;
}

/** The results as a markdown table (throughput and latency), then the targets. */
export function markdownTable(report: TReport): string {
  const lines = [
    `${report.machine.cpus} × ${report.machine.model}, Node ${report.machine.node}, ${report.database}; concurrency ${report.concurrency}, ${report.seconds} s per scenario after ${report.warmupSeconds} s warm-up; argon2id m=${report.argon2.memoryKiB} KiB t=${report.argon2.iterations} p=${report.argon2.parallelism}, libuv pool ${report.argon2.threadPool}; ${report.users} users.`,
    "",
    row(["scenario", "per second", "p50 ms", "p95 ms", "p99 ms", "errors", "note"]),
    row(["---", "---:", "---:", "---:", "---:", "---:", "---"]),
  ];
  const add = (name: string, run: TRun, note: string) =>
    lines.push(row([name, run.perSecond, ms(run.p50Ms), ms(run.p95Ms), ms(run.p99Ms), run.errors, note]));
  add("argon2id verify (hash limit)", report.hashLimit, "same concurrency, no HTTP");
  add(
    "password sign-in (form post → session)",
    report.passwordSignIn,
    `${ratio(report.passwordSignIn.perSecond, report.hashLimit.perSecond)} × hash limit`,
  );
  add("passkey sign-in (options → assertion → session)", report.passkeySignIn, "two requests per ceremony");
  add("health (no session)", report.health, "reference");
  add(
    "account page (session check + render)",
    report.accountPage,
    `${ratio(report.accountPage.perSecond, report.health.perSecond)} × health`,
  );
  add(
    "session JSON (session check)",
    report.sessionJson,
    `${ratio(report.sessionJson.perSecond, report.health.perSecond)} × health`,
  );
  add(
    "authorization-code flow (authorize → SSO → code → token)",
    report.oidcCodeFlow,
    `${report.oidcCodeFlow.requestsPerOperation ?? "?"} requests per flow, ${ratio(report.oidcCodeFlow.perSecond, report.health.perSecond)} × health`,
  );
  add(
    "token endpoint (refresh_token grant, rotated)",
    report.oidcRefresh,
    `${ratio(report.oidcRefresh.perSecond, report.health.perSecond)} × health`,
  );
  if (report.growth) {
    const { small, large } = report.growth;
    const r = growthRatios(report.growth);
    add(
      `sign-in, ${small.users.toLocaleString("en")} users`,
      small.signIn,
      `${small.sessions.toLocaleString("en")} sessions`,
    );
    add(`sign-in, ${large.users.toLocaleString("en")} users`, large.signIn, `p50 ${r.signInP50} × small tier`);
    add(
      `session JSON, ${small.users.toLocaleString("en")} users`,
      small.sessionCheck,
      `${small.sessions.toLocaleString("en")} sessions`,
    );
    add(
      `session JSON, ${large.users.toLocaleString("en")} users`,
      large.sessionCheck,
      `p50 ${r.sessionCheckP50} × small tier, ${large.sessions.toLocaleString("en")} sessions`,
    );
  }
  lines.push("", ...costTable(report));
  if (report.pages) {
    lines.push(
      "",
      row(["page", "scripts", "JS bytes", "JS gzip", "of which framework runtime"]),
      row(["---", "---:", "---:", "---:", "---:"]),
    );
    for (const p of report.pages)
      lines.push(
        row([
          `${p.page} (${p.path})`,
          p.scripts,
          p.jsBytes,
          `${(p.jsGzipBytes / KB).toFixed(1)} KB`,
          `${(p.frameworkGzipBytes / KB).toFixed(1)} KB`,
        ]),
      );
  }
  lines.push("", row(["target", "measured", "wanted", "result"]), row(["---", "---", "---", "---"]));
  for (const t of evaluateTargets(report)) lines.push(row([t.name, t.value, t.target, yesNo(t.met)]));
  return lines.join("\n");
}
