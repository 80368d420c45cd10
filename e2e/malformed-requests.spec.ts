// Malformed requests against the production build: every server action (from the build's
// manifest) and every page and route handler of both realms (from the app's source tree), each hit
// with requests a browser never sends. The review found 500s here; the rule is a 4xx, the plain
// error page, and nothing of the portal's insides in any answer. The requests are generated from a
// fixed seed, so a failure names a request that can be sent again.
import { readFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { listAppRoutes } from "../scripts/app-routes";
import { BASE_URL } from "./support/env";
import { createVerifiedUser, expect, signIn, test, uniqueEmail } from "./support/fixtures";
import { runOperator, setUpStaff, setupLinkIn } from "./support/operator";

const root = path.resolve(import.meta.dirname, "..");
const SEED = 0x5eed_2612;
const TOTAL = 2400;
const CONCURRENCY = 6;
const base = new URL(BASE_URL);

type TProbe = { label: string; method: string; path: string; headers: Record<string, string>; body?: Buffer };
type TAnswer = { status: number; body: string; headers: Record<string, string | string[] | undefined> };

/** Answers that give away how the portal is built: stack frames, file paths, error names, libraries. */
const INTERNAL_TEXT: [string, RegExp][] = [
  ["stack frame", /\bat (?:async )?[\w$.<>[\] ]*\(?(?:\/|file:|node:)[^\s)]*:\d+:\d+/],
  ["file path", /(?:\/work\/|\/home\/|\/usr\/lib\/|node_modules|\.next\/server|webpack-internal|\[project\])/],
  ["error name", /\b(?:Type|Syntax|Range|Reference|URI)?Error: /],
  ["database", /prisma|sqlite|postgres|SQLSTATE/i],
  // (Next's own redirect and not-found markers in a page's payload are ordinary; a numeric digest is a hidden server
  // error.)
  [
    "framework",
    /Server Actions?\b|Failed to parse body|Boundary not found|Body exceeded|Invariant|\\?"digest\\?":\\?"\d+/,
  ],
];

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
test.beforeEach(() => {
  agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
});
test.afterEach(() => agent.destroy());

function send(probe: TProbe): Promise<TAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: base.host, ...probe.headers };
    if (probe.body && headers["transfer-encoding"] === undefined) headers["content-length"] = String(probe.body.length);
    const req = httpRequest(
      { host: base.hostname, port: base.port, method: probe.method, path: probe.path, headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), headers: res.headers }),
        );
        res.on("error", reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error("no answer within 30 s")));
    req.on("error", reject);
    req.end(probe.body);
  });
}

function internalTextIn(body: string): string | null {
  for (const [name, pattern] of INTERNAL_TEXT) {
    const match = body.match(pattern);
    if (match) return `${name}: …${body.slice(Math.max(0, (match.index ?? 0) - 40), (match.index ?? 0) + 80)}…`;
  }
  return null;
}

/** Every server action of the build with a page that hosts it (the id the React client would post). */
function serverActions(): { id: string; page: string }[] {
  const manifest = JSON.parse(
    readFileSync(path.join(root, ".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as {
    node: Record<string, { workers: Record<string, unknown> }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    const worker = Object.keys(entry.workers).find((name) => name.endsWith("/page")) ?? "app/page";
    const page = worker
      .replace(/^app/, "")
      .replace(/\/page$/, "")
      .split("/")
      .filter((segment) => !/^\(.+\)$/.test(segment))
      .join("/");
    return { id, page: page || "/" };
  });
}

// Things a browser never sends, and things an attacker does.
const JUNK_TEXT = [
  "",
  "garbage",
  "{bad",
  "[1,2",
  "null",
  "0",
  '"x"',
  "[]",
  "{}",
  "[1,2,3]",
  '[{"status":"idle"},{}]',
  '"$@1"',
  '["$K1"]',
  '["$Q2","$W3"]',
  '"$h1"',
  '["$F1"]',
  '"$T"',
  '"$B1"',
  '["$@0"]',
  '"$$"',
  '{"__proto__":{"polluted":1}}',
  '["$S1"]',
  '"$n123"',
  '"$D2026"',
  '"$i"',
];
const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
const ACTION_IDS = [
  "zzzz",
  "0".repeat(42),
  "f".repeat(42),
  "7f" + "0".repeat(40),
  "x".repeat(4000),
  "../../etc/passwd",
  "%ff",
  "00",
];
const BAD_SEGMENTS = [
  "%ff",
  "%",
  "%E0%A4%A",
  "%c0%af",
  "%00",
  "..%2f..%2f",
  "%2e%2e",
  "a".repeat(3000),
  "%F0%9F%92%A5",
  "CON",
  "~root",
  "%25ff",
];
const QUERIES = [
  "",
  "?returnTo=//evil.example",
  "?returnTo=%ff",
  "?token=%00%ff",
  "?token=" + "A".repeat(5000),
  "?action=%E0%A4%A",
  "?step=&&&&",
  "?a[]=1&a[]=2&a[x]=3",
  "?v=%ff",
  "?_rsc=%ff",
  "?returnTo=/\\evil",
  "?from=2026-13-45&to=x&type=%ff&page=-1",
];
const CONTENT_TYPES = [
  "application/json",
  "text/plain",
  "application/xml",
  "multipart/form-data",
  "multipart/form-data; boundary=",
  "application/x-www-form-urlencoded",
  "image/png",
  "text/html",
  "",
];

test.describe.configure({ timeout: 240_000 });

test("2,400 malformed requests to every action, page and route of both realms: no 5xx, no internal text", async ({
  page,
  context,
  browser,
}) => {
  // A signed-in customer and a signed-in staff owner, so that the requests reach past the sign-in checks.
  const email = await createVerifiedUser(page, "acme", "fuzz");
  await signIn(page, "acme", email);
  await expect(page).toHaveURL(/\/acme\/account$/);
  const customerCookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const slug = `fuzz-${randomBytes(3).toString("hex")}`;
  const staffContext = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.77" } });
  const staffPage = await staffContext.newPage();
  await setUpStaff(
    staffPage,
    setupLinkIn(runOperator(["create", "--slug", slug, "--name", "Fuzz Co", "--owner", uniqueEmail("fuzz-owner")])),
    "granite meadow falcon whistle",
  );
  const staffCookie = (await staffContext.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  await staffContext.close();

  const random = mulberry32(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));

  const routes = listAppRoutes(root);
  const pages = routes.filter((r) => r.kind === "page").map((r) => r.pattern);
  const handlers = routes.filter((r) => r.kind === "route").map((r) => r.pattern);
  const actions = serverActions();
  expect(actions.length).toBeGreaterThan(30);
  expect(handlers.length).toBeGreaterThan(10);

  const fill = (pattern: string) =>
    pattern
      .replace(/\[tenant\]/g, () =>
        pick(["acme", "acme", "globex", slug, "no-such-tenant", "ACME", "a".repeat(300), "%ff", "api", "admin"]),
      )
      .replace(/\[userId\]/g, () =>
        pick(
          ["00000000-0000-4000-8000-000000000000", "x", "%ff", "1".repeat(500), "' OR 1=1 --"].map(encodeURIComponent),
        ),
      )
      .replace(/\[step\]/g, () => pick(["register-options", "register", "options", "verify", "nope", "%ff"]))
      .replace(/\[id\]/g, () => pick(["00000000-0000-4000-8000-000000000000", "zz", "%ff"]))
      .replace(/\[\[\.\.\.path\]\]/g, () =>
        pick([
          ".well-known/openid-configuration",
          "auth",
          "token",
          "token/introspection",
          "token/revocation",
          "me",
          "jwks",
          "session/end",
          "session/end/confirm",
          "interaction/x",
          "nope",
        ]),
      );
  const withBadPath = (urlPath: string) => {
    const segments = urlPath.split("/");
    segments.splice(
      1 + Math.floor(random() * Math.max(1, segments.length - 1)),
      chance(0.5) ? 1 : 0,
      pick(BAD_SEGMENTS),
    );
    return segments.join("/") || "/";
  };
  const identity = () => {
    const headers: Record<string, string> = {
      "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36",
    };
    headers["x-forwarded-for"] = `203.0.113.${Math.floor(random() * 250) + 1}`;
    const who = random();
    if (who < 0.35) headers.cookie = customerCookie;
    else if (who < 0.7) headers.cookie = staffCookie;
    else if (who < 0.8)
      headers.cookie = pick([
        "__Host-portico-acme=" + "A".repeat(43),
        "__Host-portico-workforce=%ff%00",
        "__Host-portico-acme=; __Host-portico-acme=x",
        "a".repeat(3000) + "=1",
      ]);
    return headers;
  };
  /** The Origin (and Host) a request claims: mostly the portal's, so the request gets past the CSRF check. */
  const origin = (headers: Record<string, string>) => {
    const roll = random();
    if (roll < 0.8) headers.origin = base.origin;
    else if (roll < 0.85) headers.origin = "https://evil.example";
    else if (roll < 0.88) headers.origin = "null";
    else if (roll < 0.94) {
      headers.origin = base.origin;
      headers[chance(0.5) ? "host" : "x-forwarded-host"] = pick([
        "evil.example",
        "localhost",
        "127.0.0.1:1",
        base.host + ".evil.example",
      ]);
    }
  };
  const nextHeaders = (headers: Record<string, string>) => {
    if (!chance(0.15)) return;
    headers.rsc = "1";
    const roll = random();
    if (roll < 0.4)
      headers["next-router-state-tree"] = pick([
        "%%garbage",
        "[1,2,3",
        '["",{"children":["x",{}]}]',
        encodeURIComponent(deep(200)),
        "%ff",
      ]);
    else if (roll < 0.7) headers["next-router-prefetch"] = pick(["1", "2", "%ff"]);
    else headers["next-url"] = pick(["%ff", "//evil.example", "/" + "a".repeat(2000)]);
  };
  const multipart = (fields: [string, string | Buffer][], boundary = `----Fuzz${Math.floor(random() * 1e9)}`) => {
    const parts = fields.map(([name, value]) =>
      Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`),
        Buffer.from(value),
        Buffer.from("\r\n"),
      ]),
    );
    let body = Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);
    if (chance(0.3)) body = body.subarray(0, Math.floor(random() * body.length)); // cut short
    return { body, type: `multipart/form-data; boundary=${boundary}` };
  };
  const junkFields = (): [string, string][] =>
    Array.from({ length: Math.floor(random() * 5) }, () => [
      pick([
        "tenant",
        "email",
        "password",
        "returnTo",
        "code",
        "token",
        "console",
        "name",
        "x",
        "0",
        "1_email",
        "$ACTION_KEY",
      ]),
      pick(["acme", slug, "%ff", "a".repeat(5000), "", "\u0000", "💥", "1e309", "[]"]),
    ]);

  function actionProbe(): TProbe {
    const action = pick(actions);
    const headers = identity();
    origin(headers);
    nextHeaders(headers);
    const urlPath = chance(0.1) ? withBadPath(fill(action.page)) : fill(action.page);
    const kind = Math.floor(random() * 11);
    const label = (what: string) => `action ${action.id.slice(0, 8)} at ${action.page}: ${what}`;
    switch (kind) {
      case 0:
        headers["content-type"] = "multipart/form-data";
        if (chance(0.5)) headers["next-action"] = action.id;
        return {
          label: label("multipart without boundary"),
          method: "POST",
          path: urlPath,
          headers,
          body: bytes(Math.floor(random() * 300)),
        };
      case 1:
        headers["content-type"] = `multipart/form-data; boundary=${pick(["abc", "----x", '"q q"', "a".repeat(80)])}`;
        if (chance(0.5)) headers["next-action"] = action.id;
        return {
          label: label("malformed multipart"),
          method: "POST",
          path: urlPath,
          headers,
          body: chance(0.5)
            ? bytes(Math.floor(random() * 500))
            : Buffer.from(`--abc\r\nContent-Disposition: form-data; name="0"\r\n\r\n${pick(JUNK_TEXT)}`),
        };
      case 2: {
        headers["next-action"] = action.id;
        const form = multipart([["0", pick(JUNK_TEXT)], ...junkFields()]);
        headers["content-type"] = form.type;
        return {
          label: label("action fields the client never sends"),
          method: "POST",
          path: urlPath,
          headers,
          body: form.body,
        };
      }
      case 3:
      case 4:
        headers["next-action"] = action.id;
        headers["content-type"] = pick(["text/plain;charset=UTF-8", "text/plain"]);
        return {
          label: label("text/plain payload"),
          method: "POST",
          path: urlPath,
          headers,
          body: Buffer.from(chance(0.1) ? deep(3000 + Math.floor(random() * 5000)) : pick(JUNK_TEXT)),
        };
      case 5:
        headers["next-action"] = action.id;
        headers["content-type"] = pick(CONTENT_TYPES.filter((type) => type !== "text/plain"));
        return {
          label: label(`body as ${headers["content-type"] || "no type"}`),
          method: "POST",
          path: urlPath,
          headers,
          body: Buffer.from(pick(JUNK_TEXT)),
        };
      case 6: {
        const bound = `{"id":"${chance(0.7) ? action.id : pick(ACTION_IDS)}","bound":"$@1"}`;
        const fields: [string, string][] = pick([
          [
            ["$ACTION_REF_1", ""],
            ["$ACTION_1:0", chance(0.5) ? bound : pick(JUNK_TEXT)],
            ["$ACTION_1:1", pick(JUNK_TEXT)],
          ],
          [[`$ACTION_ID_${chance(0.6) ? action.id : pick(ACTION_IDS)}`, ""]],
          [["$ACTION_REF_1", ""]],
          [["$ACTION_1:0", bound]],
        ] as [string, string][][]);
        const form = multipart([...fields, ...junkFields()]);
        headers["content-type"] = form.type;
        return {
          label: label("no-JS form post with made-up action fields"),
          method: "POST",
          path: urlPath,
          headers,
          body: form.body,
        };
      }
      case 7:
        headers["content-type"] = "application/x-www-form-urlencoded";
        if (chance(0.5)) headers["next-action"] = action.id;
        return {
          label: label("urlencoded junk"),
          method: "POST",
          path: urlPath,
          headers,
          body: Buffer.from(
            pick([
              "%%%=&&",
              `$ACTION_ID_${action.id}=&tenant=%ff`,
              "a=" + "%".repeat(100),
              "=",
              "&&&",
              pick(JUNK_TEXT),
            ]),
          ),
        };
      case 8:
        headers["next-action"] = pick(ACTION_IDS);
        headers["content-type"] = "text/plain;charset=UTF-8";
        return {
          label: label(`unknown action id ${headers["next-action"].slice(0, 12)}`),
          method: "POST",
          path: urlPath,
          headers,
          body: Buffer.from(pick(JUNK_TEXT)),
        };
      case 9:
        if (chance(0.15)) {
          headers["next-action"] = action.id;
          headers["content-type"] = "text/plain;charset=UTF-8";
          return {
            label: label("body over the limit"),
            method: "POST",
            path: urlPath,
            headers,
            body: Buffer.alloc(1024 * 1024 + 1 + Math.floor(random() * 1000), 0x61),
          };
        }
        headers["next-action"] = action.id;
        headers["content-type"] = "text/plain;charset=UTF-8";
        headers["transfer-encoding"] = "chunked";
        return {
          label: label("body of unstated length"),
          method: "POST",
          path: urlPath,
          headers,
          body: Buffer.from(`5\r\n[1,2]\r\n0\r\n\r\n`),
        };
      default: {
        const method = pick(["TRACE", "TRACK", "PUT", "DELETE", "PATCH", "PROPFIND", "FOO"]);
        return { label: label(`method ${method}`), method, path: urlPath, headers };
      }
    }
  }

  function pageProbe(): TProbe {
    const headers = identity();
    nextHeaders(headers);
    const pattern = pick(pages);
    let urlPath = fill(pattern);
    if (chance(0.35)) urlPath = withBadPath(urlPath);
    urlPath += pick(QUERIES);
    const method = chance(0.8)
      ? pick(["GET", "GET", "GET", "HEAD", "OPTIONS"])
      : pick(["TRACE", "PUT", "DELETE", "POST"]);
    if (method === "POST") {
      origin(headers);
      headers["content-type"] = pick(CONTENT_TYPES);
      return {
        label: `page ${pattern}: POST ${headers["content-type"] || "no type"}`,
        method,
        path: urlPath,
        headers,
        body: Buffer.from(pick(JUNK_TEXT)),
      };
    }
    return { label: `page ${pattern}: ${method}`, method, path: urlPath, headers };
  }

  function routeProbe(): TProbe {
    const headers = identity();
    const pattern = pick(handlers);
    let urlPath = fill(pattern);
    if (chance(0.25)) urlPath = withBadPath(urlPath);
    urlPath += pick(QUERIES);
    const method = chance(0.8) ? pick(["POST", "POST", "GET", "HEAD"]) : pick(["TRACE", "PUT", "DELETE", "OPTIONS"]);
    if (method !== "POST") return { label: `route ${pattern}: ${method}`, method, path: urlPath, headers };
    origin(headers);
    headers["content-type"] = pick(["application/json", "application/json", ...CONTENT_TYPES]);
    const json = pick([
      ...JUNK_TEXT,
      '{"response":{}}',
      '{"response":{"id":"x","rawId":"x","type":"public-key","response":{"clientDataJSON":"%%","authenticatorData":"","signature":""}}}',
      '{"response":{"id":1,"rawId":[],"type":"public-key","response":{"clientDataJSON":{"a":1},"attestationObject":null}},"name":{}}',
      '{"purpose":"sign-in","console":"root"}',
      '{"returnTo":{"toString":1},"secondFactor":"yes"}',
      JSON.stringify({ response: { id: "a".repeat(100_000) } }),
      deep(5000),
    ]);
    const body = chance(0.05) ? Buffer.alloc(1024 * 1024 + 10, 0x20) : Buffer.from(json);
    return {
      label: `route ${pattern}: POST ${headers["content-type"] || "no type"} ${body.length > 200 ? `${body.length} bytes` : json.slice(0, 40)}`,
      method,
      path: urlPath,
      headers,
      body,
    };
  }

  const probes: TProbe[] = [];
  for (let i = 0; i < TOTAL; i++) {
    const roll = random();
    probes.push(roll < 0.55 ? actionProbe() : roll < 0.8 ? pageProbe() : routeProbe());
  }

  const statuses = new Map<number, number>();
  const serverErrors: string[] = [];
  const leaks: string[] = [];
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < probes.length) {
        const probe = probes[next++]!;
        let answer: TAnswer;
        try {
          answer = await send(probe);
        } catch (error) {
          serverErrors.push(
            `${probe.label} (${probe.method} ${probe.path.slice(0, 120)}): ${error instanceof Error ? error.message : String(error)}`,
          );
          continue;
        }
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status >= 500)
          serverErrors.push(`${answer.status} for ${probe.label} (${probe.method} ${probe.path.slice(0, 120)})`);
        const leak = internalTextIn(answer.body);
        if (leak)
          leaks.push(`${probe.label} (${probe.method} ${probe.path.slice(0, 120)}) → ${answer.status}, ${leak}`);
      }
    }),
  );
  const summary = [...statuses]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status}×${count}`)
    .join(" ");
  console.log(
    `malformed requests: ${probes.length} sent in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${SEED.toString(16)}) to ${actions.length} actions, ${pages.length} pages, ${handlers.length} routes; statuses ${summary}; 5xx or no answer: ${serverErrors.length}; internal text: ${leaks.length}`,
  );
  expect(probes.length).toBeGreaterThanOrEqual(2000);
  expect(serverErrors.slice(0, 20), `${serverErrors.length} requests got a 5xx or no answer`).toEqual([]);
  expect(leaks.slice(0, 20), `${leaks.length} answers show internal text`).toEqual([]);
});

test("each malformed request the review found gets a 4xx and the plain error page", async ({ page }) => {
  await page.goto("/acme/login");
  const form = page.locator("form").filter({ has: page.getByLabel("Email address") });
  const bound = await form.locator('input[name="$ACTION_1:0"]').getAttribute("value");
  const actionId = (JSON.parse(bound!) as { id: string }).id;
  const json = (headers: Record<string, string>, body: string | Buffer) => ({
    headers: { origin: base.origin, "next-action": actionId, ...headers },
    body: Buffer.isBuffer(body) ? body : Buffer.from(body),
  });
  const cases: [string, TProbe][] = [
    [
      "multipart without a boundary",
      {
        label: "",
        method: "POST",
        path: "/acme/login",
        headers: { origin: base.origin, "content-type": "multipart/form-data" },
        body: Buffer.from("xx"),
      },
    ],
    [
      "malformed multipart",
      {
        label: "",
        method: "POST",
        path: "/acme/login",
        headers: { origin: base.origin, "content-type": "multipart/form-data; boundary=abc" },
        body: Buffer.from("garbage"),
      },
    ],
    [
      "malformed multipart to an action",
      {
        label: "",
        method: "POST",
        path: "/acme/login",
        ...json({ "content-type": "multipart/form-data; boundary=abc" }, "--abc\r\ngarbage"),
      },
    ],
    [
      "text/plain that is not an action payload",
      {
        label: "",
        method: "POST",
        path: "/acme/login",
        ...json({ "content-type": "text/plain;charset=UTF-8" }, "garbage"),
      },
    ],
    [
      "JSON body to an action",
      {
        label: "",
        method: "POST",
        path: "/acme/login",
        ...json({ "content-type": "application/json" }, '{"email":"a@b.c"}'),
      },
    ],
    [
      "malformed action payload (arguments no form sends)",
      {
        label: "",
        method: "POST",
        path: "/acme/login",
        ...json({ "content-type": "text/plain;charset=UTF-8" }, "[1,2]"),
      },
    ],
    [
      "malformed action payload (dangling reference)",
      {
        label: "",
        method: "POST",
        path: "/acme/login",
        ...json({ "content-type": "text/plain;charset=UTF-8" }, '"$@1"'),
      },
    ],
    [
      "unknown action id",
      {
        label: "",
        method: "POST",
        path: "/acme/login",
        ...json({ "content-type": "text/plain;charset=UTF-8", "next-action": "7f" + "0".repeat(40) }, "[]"),
      },
    ],
    [
      "body over the limit",
      {
        label: "",
        method: "POST",
        path: "/acme/login",
        ...json({ "content-type": "text/plain;charset=UTF-8" }, Buffer.alloc(1024 * 1024 + 1, 0x61)),
      },
    ],
    ["TRACE", { label: "", method: "TRACE", path: "/acme/login", headers: {} }],
    ["/brand-assets/%ff/logo", { label: "", method: "GET", path: "/brand-assets/%ff/logo", headers: {} }],
    [
      "an Origin that matches the base URL with another Host",
      {
        label: "",
        method: "POST",
        path: "/acme/login",
        headers: { origin: base.origin, host: "evil.example", "content-type": "application/x-www-form-urlencoded" },
        body: Buffer.from("email=a%40b.c"),
      },
    ],
  ];
  for (const [name, probe] of cases) {
    const answer = await send(probe);
    expect(answer.status, name).toBeGreaterThanOrEqual(400);
    expect(answer.status, name).toBeLessThan(500);
    expect(String(answer.headers["content-type"]), name).toBe("text/html; charset=utf-8");
    expect(answer.body, name).toMatch(/^<!DOCTYPE html>[\s\S]*<h1>[^<]+<\/h1>\s*<p>[^<]+<\/p>/);
    expect(internalTextIn(answer.body), name).toBeNull();
  }
});
