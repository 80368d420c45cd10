// The optional breached-password check, against a real HTTP range server this file starts on an
// ephemeral port (the Pwned Passwords protocol: GET /range/{5 hex} → "SUFFIX:COUNT" lines).
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lastMailTo, linkToken, META } from "../../tests/support/test-db";
import { expectOk, testScenario } from "../../tests/scenario";
import type { TDeps } from "../kernel/deps";
import { requestPasswordReset } from "../recovery/request-password-reset";
import { resetPassword } from "../recovery/reset-password";
import { addStaffMember, completeStaffSetup } from "../workforce/provision";
import { BREACHED_CHECK_TIMEOUT_MS, createBreachedPasswordChecker, rangeKey } from "./breached-passwords";
import { changePassword } from "../account/change-password";
import { fail } from "../kernel/outcome";
import { messageFor } from "../copy";
import { PASSWORD } from "./account-outcomes";

const BREACHED_REFUSAL = fail(PASSWORD, "INVALID_PASSWORD", { problem: "breached" });
import { signInWithPassword } from "./sign-in-with-password";
import { signUp } from "./sign-up";

// Both pass the local rules (long, scored ≥ 3), so only the range check can refuse them.
const BREACHED = "correct horse battery staple";
const ALSO_BREACHED = "velvet harbor lantern moss";
/** Present in its range only as a padding line with count 0: not breached. */
const PADDED_ONLY = "granite meadow copper lantern";
const CLEAN = "orbital lighthouse paperclip";

const sha1 = (text: string) => createHash("sha1").update(text, "utf8").digest("hex").toUpperCase();

type TRangeServer = {
  url: URL;
  requests: { path: string; padding: string | undefined }[];
  /** "stall": take requests and never answer (a service slower than the timeout). */
  mode: "answer" | "stall" | "error";
  close: () => Promise<void>;
};

async function startRangeServer(): Promise<TRangeServer> {
  const ranges = new Map<string, string[]>();
  const add = (password: string, count: number) => {
    const { prefix, suffix } = rangeKey(password);
    ranges.set(prefix, [...(ranges.get(prefix) ?? []), `${suffix}:${count}`]);
  };
  add(BREACHED, 3_645);
  add(ALSO_BREACHED, 2);
  add(PADDED_ONLY, 0);
  const stalled: ServerResponse[] = [];
  const state: TRangeServer = {
    url: new URL("http://127.0.0.1"),
    requests: [],
    mode: "answer",
    close: async () => {
      for (const res of stalled) res.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    state.requests.push({ path: req.url ?? "", padding: req.headers["add-padding"] as string | undefined });
    if (state.mode === "stall") return void stalled.push(res);
    if (state.mode === "error") return void res.writeHead(503, { "content-type": "text/plain" }).end("busy");
    const match = /^\/range\/([0-9A-F]{5})$/.exec(req.url ?? "");
    if (!match?.[1]) return void res.writeHead(400).end();
    const lines = [...(ranges.get(match[1]) ?? [])];
    // Padding as the real service adds it: random suffixes with a count of 0.
    if (req.headers["add-padding"] === "true")
      for (let i = 0; i < 20; i++) lines.push(`${sha1(`pad ${match[1]} ${i}`).slice(5)}:0`);
    res.writeHead(200, { "content-type": "text/plain" }).end(lines.join("\r\n"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return state;
}

let range: TRangeServer;
let deps: TDeps;
const t = testScenario();
beforeEach(async () => {
  range = await startRangeServer();
  deps = { ...t.deps, breachedPasswords: createBreachedPasswordChecker({ baseUrl: range.url }) };
});
afterEach(async () => {
  await range.close();
});

const signUpWith = (password: string, email = "new@example.com", withDeps = deps) =>
  signUp(withDeps, t.acme, { email, password, confirmPassword: password }, META);

async function skippedAudits() {
  const events = await t.db.store.audit.list(t.acme.id, { type: "password.breach_check_skipped", limit: 100 });
  return events.map((event) => event.data as Record<string, unknown>);
}

describe("breached-password range check (k-anonymity)", () => {
  it("hashes as the protocol does: uppercase hex SHA-1, a 5-character range and a 35-character suffix", () => {
    // The published example of the Pwned Passwords API: SHA-1("password") = 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8.
    expect(rangeKey("password")).toEqual({ prefix: "5BAA6", suffix: "1E4C9B93F3F0682250B6CF8331B7EE68FD8" });
  });

  it("refuses a password found in its range, having sent only the 5-character prefix with padding asked for", async () => {
    const result = await signUpWith(BREACHED);
    expect(result).toEqual(BREACHED_REFUSAL);
    expect(messageFor(BREACHED_REFUSAL)).toBe(
      "This password has appeared in a data breach, so attackers try it first. Choose a different one (a few unrelated words work well).",
    );
    expect(await t.db.store.users.findByEmail(t.acme.id, "new@example.com")).toBeNull();
    expect(range.requests).toEqual([{ path: `/range/${sha1(BREACHED).slice(0, 5)}`, padding: "true" }]);
  });

  it("accepts a password that is not in its range, or only in a padding line with count 0", async () => {
    expect(await signUpWith(CLEAN, "clean@example.com")).toEqual({ ok: true });
    expect(await signUpWith(PADDED_ONLY, "padded@example.com")).toEqual({ ok: true });
    expect(range.requests.map((r) => r.path)).toEqual([
      `/range/${sha1(CLEAN).slice(0, 5)}`,
      `/range/${sha1(PADDED_ONLY).slice(0, 5)}`,
    ]);
    expect(await skippedAudits()).toEqual([]);
  });

  it("sends nothing for a password the local rules already refuse", async () => {
    expect(await signUpWith("iloveyouiloveyou")).toMatchObject({ ok: false, code: "INVALID_PASSWORD" });
    expect(range.requests).toEqual([]);
  });

  it("every place a password is chosen refuses a breached one: sign-up, reset, change and staff set-up", async () => {
    expect(await signUpWith(BREACHED)).toEqual(BREACHED_REFUSAL);

    await t.user("ada@example.com", { password: CLEAN });
    expect(await requestPasswordReset(deps, t.acme, { email: "ada@example.com" }, META)).toEqual({ ok: true });
    const token = linkToken((await lastMailTo(t.db.store, "ada@example.com"))?.text, "/acme/reset-password");
    expect(
      await resetPassword(deps, t.acme, { token, password: ALSO_BREACHED, confirmPassword: ALSO_BREACHED }, META),
    ).toMatchObject({
      ok: false,
      code: "INVALID_PASSWORD",
      params: { problem: "breached" },
    });

    const session = await signInWithPassword(deps, t.acme, { email: "ada@example.com", password: CLEAN }, META);
    expectOk(session);
    expect(
      await changePassword(
        deps,
        t.acme,
        session,
        { currentPassword: CLEAN, newPassword: BREACHED, confirmPassword: BREACHED },
        META,
      ),
    ).toMatchObject({
      ok: false,
      code: "INVALID_PASSWORD",
      params: { problem: "breached" },
    });

    const added = await addStaffMember(
      deps,
      { tenantSlug: "acme", email: "kim@acme.example", name: "Kim", role: "support", actorStaffId: null },
      META,
    );
    if (!added.ok || !added.value.setupUrl) throw new Error("no set-up link");
    const setupToken = new URL(added.value.setupUrl).searchParams.get("token")!;
    expect(
      await completeStaffSetup(deps, { token: setupToken, password: ALSO_BREACHED, confirm: ALSO_BREACHED }, META),
    ).toMatchObject({
      ok: false,
      code: "INVALID_PASSWORD",
      params: { problem: "breached" },
    });
    expect(range.requests).toHaveLength(4);
  });

  it("fails open when the service is down: the password is accepted and the skipped check is audited", async () => {
    await range.close();
    expect(await signUpWith(BREACHED)).toEqual({ ok: true });
    expect(await skippedAudits()).toEqual([{ flow: "sign_up", reason: "network_error", detail: "ECONNREFUSED" }]);
  });

  it(`gives up after ${BREACHED_CHECK_TIMEOUT_MS} ms: a stalled service does not hold the sign-up, and the skip is audited as a timeout`, async () => {
    range.mode = "stall";
    expect(await signUpWith(BREACHED)).toEqual({ ok: true });
    expect(range.requests).toHaveLength(1);
    expect(await skippedAudits()).toEqual([
      { flow: "sign_up", reason: "timeout", detail: `no answer within ${BREACHED_CHECK_TIMEOUT_MS} ms` },
    ]);
  });

  it("reads an error status as skipped (audited), never as 'not breached' silently", async () => {
    range.mode = "error";
    expect(await signUpWith(BREACHED)).toEqual({ ok: true });
    expect(await skippedAudits()).toEqual([{ flow: "sign_up", reason: "bad_status", detail: "HTTP 503" }]);
  });

  it("is off unless configured: without a checker no request is made and a breached password is judged on the local rules", async () => {
    expect(await signUpWith(BREACHED, "new@example.com", t.deps)).toEqual({ ok: true });
    expect(range.requests).toEqual([]);
  });
});
