// What the portal exposes to the network when started as `npm start` starts it: the listening
// address, the local outbox (which holds working reset links), and HSTS. Each test starts its own
// production server (scripts/start.ts on a throwaway SQLite database and a free port), because
// these depend on how the server was configured, not on what a request does.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, PASSWORD, test, uniqueEmail } from "./support/fixtures";

const root = path.resolve(import.meta.dirname, "..");
const HSTS = "max-age=63072000; includeSubDomains";

/** An address of this machine that is not loopback: connecting to it makes this machine a non-loopback TCP peer. */
function nonLoopbackAddress(): string {
  const address = Object.values(os.networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === "IPv4" && !entry.internal)?.address;
  if (!address) throw new Error("this machine has no non-loopback IPv4 address to connect from");
  return address;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "0.0.0.0", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

type TPortal = { port: number; output: () => string; stop: () => Promise<void> };

/** Starts `npm start`'s script with only `env` configured (no base URL, SMTP or listen address unless given). */
async function startPortal(env: Record<string, string>): Promise<TPortal> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "portico-exposure-"));
  const inherited = { ...process.env };
  for (const name of [
    "PORTICO_BASE_URL",
    "PORTICO_LISTEN_HOST",
    "SMTP_URL",
    "DATABASE_URL",
    "PORTICO_TRUSTED_PROXY_HOPS",
    "PORTICO_E2E",
    "PORTICO_TEST_CLOCK_FILE",
    "NODE_ENV",
  ])
    delete inherited[name];
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "start.ts")], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...inherited,
      NEXT_TELEMETRY_DISABLED: "1",
      CHECKPOINT_DISABLE: "1",
      PORT: String(port),
      PORTICO_DATA_DIR: dataDir,
      PORTICO_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
      ...env,
    },
  });
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Listening on .*\n/.test(output)) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`the portal exited (${code}):\n${output}`)));
  });
  await ready;
  return {
    port,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        process.kill(-child.pid, "SIGTERM");
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type TAnswer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** A GET sent to `address` (so this machine is the peer from that address), naming the portal's host. */
function get(address: string, port: number, urlPath: string, headers: Record<string, string> = {}): Promise<TAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: address, port, path: urlPath, method: "GET", headers: { host: `localhost:${port}`, ...headers } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

function post(
  address: string,
  port: number,
  urlPath: string,
  body: string,
  headers: Record<string, string>,
): Promise<TAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: address,
        port,
        path: urlPath,
        method: "POST",
        headers: {
          host: `localhost:${port}`,
          "content-type": "application/x-www-form-urlencoded",
          "content-length": String(Buffer.byteLength(body)),
          ...headers,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function connectionError(address: string, port: number): Promise<string | null> {
  return get(address, port, "/api/health").then(
    () => null,
    (error: NodeJS.ErrnoException) => error.code ?? error.message,
  );
}

test.describe.configure({ timeout: 120_000 });

test("with no PORTICO_BASE_URL, npm start listens on 127.0.0.1 only and says so on start-up", async () => {
  const portal = await startPortal({});
  try {
    expect(portal.output()).toContain(
      "Listening on 127.0.0.1 only (no PORTICO_BASE_URL): other machines cannot connect.",
    );
    expect(portal.output()).toContain("PORTICO_LISTEN_HOST=0.0.0.0");
    expect((await get("127.0.0.1", portal.port, "/api/health")).status).toBe(200);
    // The same port on the machine's network address: nothing listens there.
    expect(await connectionError(nonLoopbackAddress(), portal.port)).toBe("ECONNREFUSED");
  } finally {
    await portal.stop();
  }
});

test("an explicit PORTICO_LISTEN_HOST still wins: 0.0.0.0 serves the network address too", async () => {
  const portal = await startPortal({ PORTICO_LISTEN_HOST: "0.0.0.0" });
  try {
    expect(portal.output()).toContain("Listening on 0.0.0.0");
    expect((await get(nonLoopbackAddress(), portal.port, "/api/health")).status).toBe(200);
  } finally {
    await portal.stop();
  }
});

test("the local outbox answers only a loopback TCP peer: from the network it is 404, even claiming 127.0.0.1 in X-Forwarded-For", async ({
  page,
}) => {
  // Listening everywhere, no SMTP, the default (loopback) base URL: the outbox is on, and reachable over the network
  // address.
  const portal = await startPortal({ PORTICO_LISTEN_HOST: "0.0.0.0" });
  const remote = nonLoopbackAddress();
  try {
    const base = `http://localhost:${portal.port}`;
    const email = uniqueEmail("outbox");
    await page.goto(`${base}/acme/signup`);
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByLabel("Confirm password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();

    // On this machine the outbox lists the mail, and the message holds a working link.
    const local = await get("127.0.0.1", portal.port, "/dev/mail");
    expect(local.status).toBe(200);
    const messagePath = local.body.match(/href="(\/dev\/mail\/[0-9a-f-]{36})"/)?.[1];
    expect(messagePath, "a message link in the local outbox").toBeTruthy();
    const message = await get("127.0.0.1", portal.port, messagePath!);
    expect(message.status).toBe(200);
    expect(message.body).toContain("/acme/verify-email?token=");

    // From the network address: neither the list nor the message, whatever the headers claim.
    const claims: Record<string, string>[] = [
      {},
      { "x-forwarded-for": "127.0.0.1" },
      { "x-forwarded-for": "::1", "x-real-ip": "127.0.0.1", "x-portico-peer": "127.0.0.1" },
    ];
    for (const headers of claims) {
      for (const urlPath of ["/dev/mail", messagePath!]) {
        const answer = await get(remote, portal.port, urlPath, headers);
        expect(answer.status, `${urlPath} ${JSON.stringify(headers)}`).toBe(404);
        expect(answer.body).not.toContain(email);
        expect(answer.body).not.toContain("verify-email?token=");
      }
    }

    // Nor can another machine start a reset with a script's POST (no Origin): refused, no mail.
    const before = (await get("127.0.0.1", portal.port, "/dev/mail")).body.match(/href="\/dev\/mail\//g)?.length ?? 0;
    const reset = await post(
      remote,
      portal.port,
      "/acme/forgot-password",
      `tenant=acme&email=${encodeURIComponent(email)}`,
      {},
    );
    expect(reset.status).toBe(403);
    const after = (await get("127.0.0.1", portal.port, "/dev/mail")).body.match(/href="\/dev\/mail\//g)?.length ?? 0;
    expect(after).toBe(before);
  } finally {
    await portal.stop();
  }
});

test("over an https base URL every answer carries HSTS (pages, static files, API, refusals); over http none is sent", async ({
  request,
}) => {
  // The e2e server's base URL is http://localhost:…: no HSTS.
  const plain = await request.get("/acme/login");
  expect(plain.headers()["strict-transport-security"]).toBeUndefined();

  // TLS ends at a proxy in front; the portal itself answers plain HTTP on loopback.
  const portal = await startPortal({
    PORTICO_BASE_URL: "https://portal.example.test",
    PORTICO_LISTEN_HOST: "127.0.0.1",
  });
  try {
    const at = (urlPath: string, headers: Record<string, string> = {}) =>
      get("127.0.0.1", portal.port, urlPath, { host: "portal.example.test", ...headers });
    const login = await at("/acme/login");
    expect(login.status).toBe(200);
    const asset = login.body.match(/\/_next\/static\/[^"]+\.(?:js|css)/)?.[0];
    expect(asset, "a static asset on the sign-in page").toBeTruthy();
    for (const urlPath of [
      "/acme/login",
      asset!,
      "/brand/acme.svg",
      "/favicon.svg",
      "/api/health",
      "/brand-assets/acme/logo",
      "/no-such-page",
      "/brand-assets/%ff/logo",
    ]) {
      const answer = await at(urlPath);
      expect(answer.headers["strict-transport-security"], `${urlPath} (${answer.status})`).toBe(HSTS);
    }
    const refused = await post("127.0.0.1", portal.port, "/acme/forgot-password", "email=a%40b.c", {
      host: "portal.example.test",
      origin: "https://evil.example",
    });
    expect(refused.status).toBe(403);
    expect(refused.headers["strict-transport-security"]).toBe(HSTS);
  } finally {
    await portal.stop();
  }
});
