import { describe, expect, it } from "vitest";
import { CookieJar, formFields, multipart } from "./http";
import {
  authorizationPath,
  basicAuthorization,
  BENCH_CALLBACK,
  followRedirect,
  jwtClaims,
  pkceChallenge,
  tokenResponse,
} from "./oidc-flow";
import { DEFAULT_PG_URL, parseOptions } from "./options";
import { costTable, evaluateTargets, markdownTable, type TReport, type TRun } from "./report";
import { percentile, ratio, summarise } from "./stats";

const run = (perSecond: number, p95Ms = 10): TRun => ({
  count: perSecond * 10,
  errors: 0,
  seconds: 10,
  perSecond,
  p50Ms: 5,
  p95Ms,
  p99Ms: p95Ms + 1,
  maxMs: p95Ms + 2,
});

function report(overrides: Partial<TReport> = {}): TReport {
  return {
    generatedAt: "2026-11-28T00:00:00.000Z",
    machine: { cpus: 2, model: "Test CPU", memoryGiB: 4, os: "Linux", node: "v20.20.2" },
    database: "SQLite (WAL, temporary file)",
    concurrency: 8,
    seconds: 10,
    warmupSeconds: 2,
    argon2: { algorithm: "argon2id", memoryKiB: 19456, iterations: 2, parallelism: 1, threadPool: 4 },
    users: 1000,
    passkeyUsers: 256,
    hashLimit: run(100),
    passwordSignIn: run(95),
    passkeySignIn: run(1200, 40),
    health: run(4000),
    accountPage: run(800),
    sessionJson: run(2000),
    oidcCodeFlow: { ...run(200), requestsPerOperation: 3 },
    oidcRefresh: run(1000),
    cost: {
      ormMsPerCall: 0.5,
      driverMsPerCall: 0.01,
      samples: 2000,
      calls: { passwordSignIn: 20, passkeySignIn: 18, sessionCheck: 3 },
    },
    pages: [
      {
        page: "sign-in",
        path: "/acme/login",
        scripts: 5,
        jsBytes: 250_000,
        jsGzipBytes: 80 * 1024,
        frameworkGzipBytes: 70 * 1024,
        files: [],
      },
    ],
    noJs: [{ form: "sign-in", ok: true, detail: "" }],
    growth: null,
    ...overrides,
  };
}

describe("bench statistics", () => {
  it("takes nearest-rank percentiles", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it("summarises unsorted latencies into throughput and percentiles", () => {
    const summary = summarise([30, 10, 20, 40], 1, 2);
    expect(summary).toMatchObject({ count: 4, errors: 1, perSecond: 2, p50Ms: 20, maxMs: 40 });
    expect(ratio(90, 100)).toBe(0.9);
    expect(ratio(1, 0)).toBeNaN();
  });
});

describe("bench options", () => {
  it("has the documented defaults and reads each flag", () => {
    expect(parseOptions([])).toMatchObject({
      pgAdminUrl: null,
      seconds: 10,
      concurrency: 8,
      growthUsers: 1_000_000,
      out: "bench-results/latest.json",
    });
    const options = parseOptions(["--pg", "--duration=3", "--concurrency=4", "--growth-users=50_000", "--out=x.json"]);
    expect(options).toMatchObject({
      pgAdminUrl: DEFAULT_PG_URL,
      seconds: 3,
      concurrency: 4,
      growthUsers: 50_000,
      out: "x.json",
    });
    expect(parseOptions(["--skip-growth"]).growthUsers).toBeNull();
    expect(parseOptions(["--pg=postgresql://a@b/c"]).pgAdminUrl).toBe("postgresql://a@b/c");
  });

  it("refuses unknown flags and impossible combinations", () => {
    expect(() => parseOptions(["--durration=3"])).toThrow(/unknown option/);
    expect(() => parseOptions(["--concurrency=0"])).toThrow(/positive/);
    expect(() => parseOptions(["--users=10", "--concurrency=8"])).toThrow(/twice/);
    expect(() => parseOptions(["--growth-users=500"])).toThrow(/larger/);
  });
});

describe("bench report", () => {
  it("judges each target from figures of the same run", () => {
    const targets = evaluateTargets(report());
    expect(targets.map((t) => [t.name, t.met])).toEqual([
      ["password sign-ins ÷ hash limit", true],
      ["passkey sign-ins", true],
      ["sign-in page first-load JS (gzip)", true],
      ["forms work without JavaScript", true],
    ]);
    const slow = evaluateTargets(
      report({ passwordSignIn: run(50), passkeySignIn: run(1200, 60), database: "PostgreSQL 15" }),
    );
    expect(slow[0]!.met).toBe(false);
    expect(slow[1]!.met).toBeNull();
  });

  it("prints a markdown table with the ratios and the growth tiers", () => {
    const tier = (users: number, p50: number) => ({
      users,
      sessions: users * 10,
      signIn: { ...run(90), p50Ms: p50 },
      sessionCheck: { ...run(2000), p50Ms: p50 },
    });
    const table = markdownTable(report({ growth: { small: tier(1000, 10), large: tier(1_000_000, 12) } }));
    expect(table).toContain("| password sign-in (form post → session) | 95 |");
    expect(table).toContain("0.95 × hash limit");
    expect(table).toContain("sign-in, 1,000,000 users");
    expect(table).toContain(
      "| authorization-code flow (authorize → SSO → code → token) | 200 | 5.0 | 10.0 | 11.0 | 0 | 3 requests per flow, 0.05 × health |",
    );
    expect(table).toContain(
      "| token endpoint (refresh_token grant, rotated) | 1000 | 5.0 | 10.0 | 11.0 | 0 | 0.25 × health |",
    );
    expect(table).toContain(
      "| growth: p50 at large ÷ small tier | sign-in 1.2, session check 1.2 | flat (≤ 1.5) | met |",
    );
    expect(table).toContain("| sign-in (/acme/login) | 5 | 250000 | 80.0 KB | 70.0 KB |");
  });

  it("splits an operation's time into the framework floor and the database calls", () => {
    const lines = costTable(report({ passwordSignIn: run(50), health: run(1000) }));
    expect(lines[0]).toBe(
      "One database call (tenant by slug, 2000 in a row): 0.5 ms through the ORM, 0.01 ms for the same statement through the driver (50 ×).",
    );
    // 1 s ÷ 50/s = 20 ms; one request at 1,000/s = 1 ms; 20 calls × 0.5 ms = 10 ms.
    expect(lines).toContain("| password sign-in | 1 | 20 | 20.0 ms | 1.0 ms | 10.0 ms |");
    expect(lines).toContain("| passkey sign-in | 2 | 18 | 0.8 ms | 2.0 ms | 9.0 ms |");
    expect(lines).toContain("| session JSON | 1 | 3 | 0.5 ms | 1.0 ms | 1.5 ms |");
  });
});

describe("bench HTTP helpers", () => {
  it("keeps cookies and drops expired ones", () => {
    const jar = new CookieJar();
    jar.absorb(["a=1; Path=/; HttpOnly", "b=2; Max-Age=100"]);
    expect(jar.header()).toBe("a=1; b=2");
    jar.absorb("a=; Max-Age=0");
    jar.absorb("b=3; Max-Age=0");
    expect(jar.header()).toBeUndefined();
  });

  it("reads a form's hidden fields as a browser without JavaScript posts them", () => {
    const html = `<form action="" method="POST"><input type="hidden" name="$ACTION_1:0" value="{&quot;id&quot;:&quot;abc&quot;}"/><input type="hidden" name="tenant" value="acme"/><input name="email" type="email"/></form>`;
    expect(formFields(html)).toEqual([
      ["$ACTION_1:0", '{"id":"abc"}'],
      ["tenant", "acme"],
    ]);
    const { body, contentType } = multipart([["tenant", "acme"]]);
    const boundary = contentType.split("boundary=")[1]!;
    expect(body.toString()).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="tenant"\r\n\r\nacme\r\n--${boundary}--\r\n`,
    );
  });
});

describe("bench OpenID Provider helpers", () => {
  const base = new URL("http://localhost:3510");

  it("computes the S256 code challenge of RFC 7636's example verifier", () => {
    expect(pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });

  it("builds a code request with PKCE for the tenant's provider", () => {
    const path = authorizationPath("acme", {
      clientId: "app 1",
      redirectUri: BENCH_CALLBACK,
      scope: "openid email",
      state: "s",
      nonce: "n",
      verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
    });
    const url = new URL(path, base);
    expect(url.pathname).toBe("/acme/oidc/auth");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: "app 1",
      redirect_uri: BENCH_CALLBACK,
      response_type: "code",
      scope: "openid email",
      state: "s",
      nonce: "n",
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
    });
    const consent = new URL(
      authorizationPath("acme", {
        clientId: "app",
        redirectUri: BENCH_CALLBACK,
        scope: "openid offline_access",
        state: "s",
        nonce: "n",
        verifier: "v",
        prompt: "consent",
      }),
      base,
    );
    expect(consent.searchParams.get("prompt")).toBe("consent");
  });

  it("follows the provider's redirects to the app's code and refuses anything else at the callback", () => {
    expect(followRedirect("/acme/oidc/interaction/abc", base, BENCH_CALLBACK, "s")).toEqual({
      kind: "next",
      path: "/acme/oidc/interaction/abc",
    });
    expect(followRedirect("http://localhost:3510/acme/oidc/auth/abc?x=1", base, BENCH_CALLBACK, "s")).toEqual({
      kind: "next",
      path: "/acme/oidc/auth/abc?x=1",
    });
    expect(followRedirect(`${BENCH_CALLBACK}?code=c1&state=s&iss=x`, base, BENCH_CALLBACK, "s")).toEqual({
      kind: "code",
      code: "c1",
    });
    expect(() => followRedirect(`${BENCH_CALLBACK}?code=c1&state=other`, base, BENCH_CALLBACK, "s")).toThrow(
      /another request's state/,
    );
    expect(() => followRedirect(`${BENCH_CALLBACK}?error=login_required&state=s`, base, BENCH_CALLBACK, "s")).toThrow(
      /login_required/,
    );
    expect(() => followRedirect("http://evil.example/acme/login", base, BENCH_CALLBACK, "s")).toThrow(/away/);
  });

  it("form-encodes the client's id and secret before base64 for HTTP Basic", () => {
    const header = basicAuthorization({ clientId: "a:b", clientSecret: "x y+z" });
    expect(Buffer.from(header.replace(/^Basic /, ""), "base64").toString()).toBe("a%3Ab:x+y%2Bz");
  });

  it("reads an ID token's claims and checks a token endpoint's answer", () => {
    const jwt = ["e30", Buffer.from(JSON.stringify({ nonce: "n", aud: "app" })).toString("base64url"), "sig"].join(".");
    expect(jwtClaims(jwt)).toEqual({ nonce: "n", aud: "app" });
    expect(() => jwtClaims("nothing")).toThrow(/not a JWT/);
    expect(tokenResponse(200, JSON.stringify({ access_token: "at", id_token: jwt, refresh_token: "rt" }))).toEqual({
      accessToken: "at",
      idToken: jwt,
      refreshToken: "rt",
    });
    expect(tokenResponse(200, JSON.stringify({ access_token: "at" }))).toEqual({
      accessToken: "at",
      idToken: null,
      refreshToken: null,
    });
    expect(() => tokenResponse(400, '{"error":"invalid_grant"}')).toThrow(/400.*invalid_grant/);
    expect(() => tokenResponse(200, "{}")).toThrow(/without an access token/);
  });
});
