import { describe, expect, it } from "vitest";
import { lastMailTo, linkToken, META } from "../../tests/support/test-db";
import { expectOk, testScenario } from "../../tests/scenario";
import type { TDeps } from "../kernel/deps";
import { signInWithPassword } from "../identity/sign-in-with-password";
import { failureKey } from "../risk/login-throttle";
import { validateSession } from "../sessions/validate-session";
import { requestPasswordReset } from "./request-password-reset";
import { findResetTarget, resetPassword } from "./reset-password";

const OLD = "correct horse battery staple";
const NEW = "a brand new staple for horses";
const EMAIL = "ada@example.com";

const t = testScenario();

async function requestLink(deps: TDeps = t.deps): Promise<string> {
  expect(await requestPasswordReset(deps, t.acme, { email: EMAIL }, META)).toEqual({ ok: true });
  return linkToken((await lastMailTo(t.db.store, EMAIL))?.text, "/acme/reset-password");
}

const reset = (token: string, password = NEW, confirmPassword = password) =>
  resetPassword(t.deps, t.acme, { token, password, confirmPassword }, META);

async function signIn(password: string) {
  const result = await signInWithPassword(t.deps, t.acme, { email: EMAIL, password }, META);
  expectOk(result);
  return result;
}

describe("resetPassword", () => {
  it("sets the new password: the old one stops working, the new one signs in", async () => {
    await t.user(EMAIL, { password: OLD });
    const token = await requestLink();
    expect(await findResetTarget(t.deps, t.acme, token)).toMatchObject({
      email: EMAIL,
      requirement: "none",
      waitingUntil: null,
    });
    expect(await reset(token)).toMatchObject({ ok: true });
    expect(await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: OLD }, META)).toMatchObject({
      ok: false,
      code: "INVALID_CREDENTIALS",
    });
    expect((await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: NEW }, META)).ok).toBe(true);
  });

  it("ends every session of the user that existed before the reset", async () => {
    await t.user(EMAIL, { password: OLD });
    const laptop = await signIn(OLD);
    const phone = await signIn(OLD);
    expect(await validateSession(t.deps, t.acme, laptop.token)).not.toBeNull();
    const token = await requestLink();
    expect(await reset(token)).toMatchObject({ ok: true });
    expect(await validateSession(t.deps, t.acme, laptop.token)).toBeNull();
    expect(await validateSession(t.deps, t.acme, phone.token)).toBeNull();
    expect(await t.db.store.sessions.listActive(t.acme.id, laptop.user.id, t.clock.now())).toEqual([]);
    const [event] = await t.db.store.audit.list(t.acme.id, { userId: laptop.user.id, type: "password.reset" });
    expect(event!.data).toMatchObject({ endedSessions: 2 });
  });

  it("mails the user a notice that the password was reset", async () => {
    await t.user(EMAIL, { password: OLD });
    const token = await requestLink();
    t.clock.advance(1000);
    await reset(token);
    const notice = await lastMailTo(t.db.store, EMAIL);
    expect(notice?.subject).toContain("Your password was reset");
    expect(notice?.text).toContain("https://portal.example.test/acme/forgot-password");
  });

  it("does not sign the user in: no token is returned and no session is created", async () => {
    const user = await t.user(EMAIL, { password: OLD });
    const token = await requestLink();
    const result = await reset(token);
    expect(result).toStrictEqual({ ok: true, recovery: "password" });
    expect(await t.db.store.sessions.listActive(t.acme.id, user.id, t.clock.now())).toEqual([]);
    expect(await t.db.store.audit.list(t.acme.id, { userId: user.id, type: "user.signed_in" })).toEqual([]);
  });

  it("unlocks a permanently locked account and clears the failure count", async () => {
    const user = await t.user(EMAIL, { password: OLD });
    for (let i = 0; i < t.acme.permanentLockoutThreshold; i++) {
      await t.db.store.rateLimits.hit(failureKey(t.acme.id, EMAIL), t.clock.now().getTime(), 24 * 3_600_000, "sliding");
    }
    await t.db.store.users.setLockState(t.acme.id, user.id, {
      status: "locked",
      lockReason: "failed_attempts_permanent",
      lockedAt: t.clock.now(),
      lockedUntil: null,
      failedLoginCount: t.acme.permanentLockoutThreshold,
    });
    expect(await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: OLD }, META)).toMatchObject({
      ok: false,
      code: "LOCKED",
    });
    const token = await requestLink();
    expect(await reset(token)).toMatchObject({ ok: true });
    const after = await t.db.store.users.findById(t.acme.id, user.id);
    expect(after).toMatchObject({ status: "active", lockReason: null, lockedUntil: null, failedLoginCount: 0 });
    expect(await t.db.store.rateLimits.get(failureKey(t.acme.id, EMAIL), t.clock.now().getTime())).toBeNull();
    expect((await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: NEW }, META)).ok).toBe(true);
  });

  it("marks the address verified, since following the link proved control of it", async () => {
    const user = await t.user(EMAIL, { password: OLD, verified: false });
    expect(user.emailVerifiedAt).toBeNull();
    await reset(await requestLink());
    expect((await t.db.store.users.findById(t.acme.id, user.id))?.emailVerifiedAt).toBeInstanceOf(Date);
  });

  it("keeps the link usable when the new password is rejected or mistyped", async () => {
    await t.user(EMAIL, { password: OLD });
    const token = await requestLink();
    expect(await reset(token, "too short")).toMatchObject({
      ok: false,
      code: "INVALID_PASSWORD",
      params: { problem: "too_short", minLength: 15 },
    });
    expect(await reset(token, "123456789qwerty")).toMatchObject({ ok: false, code: "INVALID_PASSWORD" });
    expect(await reset(token, NEW, `${NEW}!`)).toMatchObject({ ok: false, code: "PASSWORD_MISMATCH" });
    expect(await reset(token)).toMatchObject({ ok: true });
  });

  it("builds the link from the configured base URL, not from the request", async () => {
    await t.user(EMAIL, { password: OLD });
    await requestLink();
    const mail = await lastMailTo(t.db.store, EMAIL);
    expect(mail?.text).toMatch(/https:\/\/portal\.example\.test\/acme\/reset-password\?token=[A-Za-z0-9_-]{43}/);
    expect(mail?.html).toMatch(/href="https:\/\/portal\.example\.test\/acme\/reset-password\?token=[A-Za-z0-9_-]{43}"/);

    // Another deployment's base URL is used as-is, whatever the request looked like.
    const other: TDeps = { ...t.deps, baseUrl: new URL("https://login.customer.example:8443") };
    t.clock.advance(1000);
    await requestPasswordReset(
      other,
      t.acme,
      { email: EMAIL },
      { ip: "198.51.100.9", userAgent: "Host: evil.example" },
    );
    const second = await lastMailTo(t.db.store, EMAIL);
    expect(second?.text).toMatch(
      /^Choose a new password: https:\/\/login\.customer\.example:8443\/acme\/reset-password\?token=[A-Za-z0-9_-]{43}$/m,
    );
    expect(second?.text).not.toContain("evil.example");
    expect(second?.html).not.toContain("evil.example");
  });
});
