import { describe, expect, it } from "vitest";
import { auditTypes, lastMailTo, linkToken, META } from "../../tests/support/test-db";
import { expectOk, testScenario } from "../../tests/scenario";
import type { TTenant } from "../tenancy/types";
import { signInWithPassword } from "../identity/sign-in-with-password";
import { totpCodeAt } from "../identity/totp";
import { verifySecondFactor } from "../identity/verify-second-factor";
import { verifyPassword } from "../identity/password-hasher";
import { validateSession } from "../sessions/validate-session";
import { cancelOwnRecovery, cancelRecoveryByLink, findOpenRecovery } from "./cancel-recovery";
import { isRecentlyRecovered } from "../risk/cool-down";
import { requestPasswordReset } from "./request-password-reset";
import { findResetTarget, RESET_FACTOR_ATTEMPTS, resetPassword } from "./reset-password";
import { DELAYED_RECOVERY_LIMITS, startDelayedRecovery } from "./start-delayed-recovery";

const OLD = "correct horse battery staple";
const NEW = "a brand new staple for horses";
const EMAIL = "ada@example.com";
const HOUR = 3_600_000;

const t = testScenario();

/** A verified acme user with a confirmed authenticator app and recovery codes. */
async function userWithTotp(tenant: TTenant = t.acme, email = EMAIL) {
  // The scenario then moves the clock on a minute: later codes are in a later 30-second step than the enrolment code.
  const {
    secret,
    recoveryCodes: codes,
    user,
    token: sessionToken,
  } = await t.withTotp(email, { tenant, password: OLD });
  return { secret, codes, user, sessionToken };
}

async function requestLink(tenant: TTenant = t.acme, email = EMAIL): Promise<string> {
  t.clock.advance(1000); // keeps "the last mail" unambiguous
  expect(await requestPasswordReset(t.deps, tenant, { email }, META)).toEqual({ ok: true });
  return linkToken((await lastMailTo(t.db.store, email))?.text, `/${tenant.slug}/reset-password`);
}

const reset = (token: string, code?: string, tenant: TTenant = t.acme) =>
  resetPassword(
    t.deps,
    tenant,
    { token, password: NEW, confirmPassword: NEW, factor: code === undefined ? undefined : { kind: "code", code } },
    META,
  );

async function subjectsTo(to: string) {
  return (await t.db.store.mail.listOutbox(500)).filter((m) => m.to === to).map((m) => m.subject);
}

async function passwordIs(password: string, tenant: TTenant = t.acme, email = EMAIL) {
  const user = (await t.db.store.users.findByEmail(tenant.id, email))!;
  return verifyPassword((await t.db.store.passwords.findByUserId(tenant.id, user.id))!.hash, password);
}

async function startDelayed(tenant: TTenant = t.acme, email = EMAIL) {
  const token = await requestLink(tenant, email);
  t.clock.advance(1000);
  const started = await startDelayedRecovery(t.deps, tenant, { token }, META);
  expectOk(started);
  const notice = await lastMailTo(t.db.store, email);
  expect(notice?.subject).toMatch(/Account recovery requested/);
  return {
    resetToken: token,
    cancelToken: linkToken(notice?.text, `/${tenant.slug}/recover/cancel`),
    availableAt: started.availableAt,
  };
}

describe("a reset cannot bypass a second factor", () => {
  it("the link and a new password alone are refused for a user with TOTP: nothing changes and the link stays usable", async () => {
    const { user } = await userWithTotp();
    const token = await requestLink();
    expect(await findResetTarget(t.deps, t.acme, token)).toMatchObject({
      requirement: "second_factor",
      factors: { totp: true, recoveryCodes: 10 },
    });
    expect(await reset(token)).toMatchObject({ ok: false, code: "FACTOR_REQUIRED", module: "recovery", status: 400 });
    expect(await reset(token, "")).toMatchObject({ ok: false, code: "FACTOR_REQUIRED" });
    expect(await passwordIs(OLD)).toBe(true);
    expect(await findResetTarget(t.deps, t.acme, token)).not.toBeNull();
    expect(await auditTypes(t.db.store, t.acme.id, user.id)).toContain("password_reset.factor_failed");
  });

  it("an authenticator app the tenant has turned off proves nothing at reset (as at sign-in); a recovery code still does", async () => {
    const { secret, codes } = await userWithTotp();
    const token = await requestLink();
    const totpOff: TTenant = { ...t.acme, allowTotp: false };
    expect(await reset(token, totpCodeAt(secret, t.clock.now()), totpOff)).toMatchObject({
      ok: false,
      code: "WRONG_FACTOR",
    });
    expect(await passwordIs(OLD)).toBe(true);
    // The same code is accepted where the tenant allows the app: the refusal above was the policy.
    expect(await reset(token, codes[0]!, totpOff)).toMatchObject({ ok: true, recovery: "second_factor" });
    expect(await passwordIs(NEW)).toBe(true);
  });

  it("recovery codes alone count as a second factor", async () => {
    const { user } = await userWithTotp();
    await t.db.store.totp.remove(t.acme.id, user.id);
    const token = await requestLink();
    expect(await reset(token)).toMatchObject({ ok: false, code: "FACTOR_REQUIRED" });
  });

  it("a wrong code is refused, audited, and does not use the link up; the right TOTP code then resets", async () => {
    const { secret, user } = await userWithTotp();
    const token = await requestLink();
    expect(await reset(token, "000000")).toMatchObject({ ok: false, code: "WRONG_FACTOR" });
    expect(await reset(token, "aaaa-bbbb-cccc-dddd")).toMatchObject({ ok: false, code: "WRONG_FACTOR" });
    expect(await passwordIs(OLD)).toBe(true);
    expect(await reset(token, totpCodeAt(secret, t.clock.now()))).toEqual({ ok: true, recovery: "second_factor" });
    expect(await passwordIs(NEW)).toBe(true);
    const events = await t.db.store.audit.list(t.acme.id, { userId: user.id, type: "password.reset" });
    expect(events[0]!.data).toMatchObject({ method: "totp" });
  });

  it("a TOTP code used for a reset cannot be used again (not for sign-in either)", async () => {
    const { secret } = await userWithTotp();
    const code = totpCodeAt(secret, t.clock.now());
    expect((await reset(await requestLink(), code)).ok).toBe(true);
    expect(await reset(await requestLink(), code)).toMatchObject({ ok: false, code: "WRONG_FACTOR" });
    const pendingSignIn = await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: NEW }, META);
    expectOk(pendingSignIn);
    const pending = (await validateSession(t.deps, t.acme, pendingSignIn.token, { stages: ["second_factor"] }))!;
    expect(await verifySecondFactor(t.deps, t.acme, pending, { code }, META)).toMatchObject({
      ok: false,
      code: "WRONG_CODE",
    });
  });

  it("a recovery code works once for a reset", async () => {
    const { codes, user } = await userWithTotp();
    expect(await reset(await requestLink(), codes[0]!)).toEqual({ ok: true, recovery: "second_factor" });
    expect(await reset(await requestLink(), codes[0]!)).toMatchObject({ ok: false, code: "WRONG_FACTOR" });
    expect(await t.db.store.recoveryCodes.countRemaining(t.acme.id, user.id)).toBe(9);
  });

  it("the reset token is single-use even with a fresh valid factor", async () => {
    const { codes } = await userWithTotp();
    const token = await requestLink();
    expect((await reset(token, codes[0]!)).ok).toBe(true);
    expect(await reset(token, codes[1]!)).toMatchObject({ ok: false, code: "INVALID_LINK" });
  });

  it("two concurrent resets with one link and two valid recovery codes: one succeeds, and the loser's code is not spent", async () => {
    const { codes, user } = await userWithTotp();
    const token = await requestLink();
    const results = await Promise.all([reset(token, codes[0]!), reset(token, codes[1]!)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await t.db.store.recoveryCodes.countRemaining(t.acme.id, user.id)).toBe(9);
  });

  it(`wrong factors are throttled: after ${RESET_FACTOR_ATTEMPTS.limit} attempts even the right code must wait`, async () => {
    const { secret } = await userWithTotp();
    const token = await requestLink();
    for (let i = 0; i < RESET_FACTOR_ATTEMPTS.limit; i++)
      expect(await reset(token, "000000")).toMatchObject({ code: "WRONG_FACTOR" });
    expect(await reset(token, totpCodeAt(secret, t.clock.now()))).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    expect(await passwordIs(OLD)).toBe(true);
  });

  it("a successful reset with a factor ends every session and starts the cool-down", async () => {
    const { codes, sessionToken, user } = await userWithTotp();
    expect(await validateSession(t.deps, t.acme, sessionToken)).not.toBeNull();
    expect((await reset(await requestLink(), codes[0]!)).ok).toBe(true);
    expect(await validateSession(t.deps, t.acme, sessionToken)).toBeNull();
    const after = (await t.db.store.users.findById(t.acme.id, user.id))!;
    expect(after.recoveredAt).toEqual(t.clock.now());
    expect(isRecentlyRecovered(after, t.acme, t.clock.now())).toBe(true);
    // The factor was proven, so it stays.
    expect((await t.db.store.totp.findByUserId(t.acme.id, user.id))?.confirmedAt).not.toBeNull();
  });
});

describe("delayed recovery", () => {
  it("waits the tenant's period: before it, a new link still needs the factor; after it, the reset completes the recovery", async () => {
    const { user, sessionToken } = await userWithTotp();
    const { resetToken, availableAt } = await startDelayed();
    expect(availableAt.getTime() - t.clock.now().getTime()).toBe(t.acme.recoveryWaitHours * HOUR);
    // The link that started it is used up.
    expect(await findResetTarget(t.deps, t.acme, resetToken)).toBeNull();
    expect(await findOpenRecovery(t.deps, t.acme, user)).toMatchObject({ state: "waiting" });

    t.clock.advance(t.acme.recoveryWaitHours * HOUR - 2 * 60_000);
    const early = await requestLink();
    expect(await findResetTarget(t.deps, t.acme, early)).toMatchObject({
      requirement: "second_factor",
      waitingUntil: availableAt,
    });
    expect(await reset(early)).toMatchObject({ ok: false, code: "FACTOR_REQUIRED" });

    t.clock.advance(2 * 60_000);
    const late = await requestLink();
    expect(await findResetTarget(t.deps, t.acme, late)).toMatchObject({ requirement: "delayed_recovery_ready" });
    expect(await reset(late)).toEqual({ ok: true, recovery: "delayed" });

    expect(await passwordIs(NEW)).toBe(true);
    expect(await t.db.store.totp.findByUserId(t.acme.id, user.id)).toBeNull();
    expect(await t.db.store.recoveryCodes.countRemaining(t.acme.id, user.id)).toBe(0);
    expect(await validateSession(t.deps, t.acme, sessionToken)).toBeNull();
    expect(await findOpenRecovery(t.deps, t.acme, user)).toBeNull();
    const after = (await t.db.store.users.findById(t.acme.id, user.id))!;
    expect(isRecentlyRecovered(after, t.acme, t.clock.now())).toBe(true);
    expect(
      isRecentlyRecovered(after, t.acme, new Date(t.clock.now().getTime() + t.acme.recoveryCooldownHours * HOUR)),
    ).toBe(false);
    expect(await subjectsTo(EMAIL)).toContainEqual(expect.stringMatching(/Your account was recovered/));
    const types = await auditTypes(t.db.store, t.acme.id, user.id);
    expect(types).toEqual(expect.arrayContaining(["recovery.requested", "recovery.completed", "password.reset"]));
    // The new password alone now signs in (no factor left), straight to a session.
    expect(await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: NEW }, META)).toMatchObject({
      ok: true,
      next: "complete",
    });
  });

  it("a cancelled request cannot be completed: after the wait the factor is still required", async () => {
    const { user } = await userWithTotp();
    const { cancelToken } = await startDelayed();
    expect(await cancelRecoveryByLink(t.deps, t.acme, { token: cancelToken }, META)).toEqual({ ok: true });
    expect(await cancelRecoveryByLink(t.deps, t.acme, { token: cancelToken }, META)).toMatchObject({
      ok: false,
      code: "INVALID_LINK",
    });
    expect(await subjectsTo(EMAIL)).toContainEqual(expect.stringMatching(/Account recovery cancelled/));
    t.clock.advance(t.acme.recoveryWaitHours * HOUR + HOUR);
    const token = await requestLink();
    expect(await findResetTarget(t.deps, t.acme, token)).toMatchObject({ requirement: "second_factor" });
    expect(await reset(token)).toMatchObject({ ok: false, code: "FACTOR_REQUIRED" });
    expect((await t.db.store.totp.findByUserId(t.acme.id, user.id))?.confirmedAt).not.toBeNull();
    expect(await auditTypes(t.db.store, t.acme.id, user.id)).toContain("recovery.cancelled");
  });

  it("a request of one tenant cannot be cancelled or completed in another", async () => {
    await userWithTotp(t.globex, EMAIL);
    const { user } = await userWithTotp();
    const { cancelToken } = await startDelayed();
    const open = (await t.db.store.recoveryRequests.findOpen(t.acme.id, user.id))!;
    expect(await cancelRecoveryByLink(t.deps, t.globex, { token: cancelToken }, META)).toMatchObject({
      ok: false,
      code: "INVALID_LINK",
    });
    t.clock.advance(t.acme.recoveryWaitHours * HOUR + HOUR);
    expect(await t.db.store.recoveryRequests.complete(t.globex.id, open.id, t.clock.now())).toBe(false);
    expect(await t.db.store.recoveryRequests.cancel(t.globex.id, open.id, "user", t.clock.now())).toBe(false);
    // The acme link does nothing at globex, and the same address at globex still needs its factor.
    const acmeLink = await requestLink();
    expect(await reset(acmeLink, undefined, t.globex)).toMatchObject({ ok: false, code: "INVALID_LINK" });
    expect(await startDelayedRecovery(t.deps, t.globex, { token: acmeLink }, META)).toMatchObject({
      ok: false,
      code: "INVALID_LINK",
    });
    const globexLink = await requestLink(t.globex);
    expect(await reset(globexLink, undefined, t.globex)).toMatchObject({ ok: false, code: "FACTOR_REQUIRED" });
    expect((await t.db.store.recoveryRequests.findOpen(t.acme.id, user.id))?.id).toBe(open.id);
  });

  it("the signed-in user sees and cancels a pending recovery; another user cannot cancel it", async () => {
    const { user, codes } = await userWithTotp();
    await startDelayed();
    await t.user("eve@example.com", { password: OLD });
    const eve = await signInWithPassword(t.deps, t.acme, { email: "eve@example.com", password: OLD }, META);
    expectOk(eve);
    expect(
      await cancelOwnRecovery(t.deps, t.acme, (await validateSession(t.deps, t.acme, eve.token))!, META),
    ).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await findOpenRecovery(t.deps, t.acme, user)).not.toBeNull();
    const pending = await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: OLD }, META);
    expectOk(pending);
    const second = await verifySecondFactor(
      t.deps,
      t.acme,
      (await validateSession(t.deps, t.acme, pending.token, { stages: ["second_factor"] }))!,
      { code: codes[0]! },
      META,
    );
    expectOk(second);
    expect(
      await cancelOwnRecovery(t.deps, t.acme, (await validateSession(t.deps, t.acme, second.token))!, META),
    ).toEqual({ ok: true });
    expect(await findOpenRecovery(t.deps, t.acme, user)).toBeNull();
  });

  it("a reset proven with a factor cancels a waiting request", async () => {
    const { user, codes } = await userWithTotp();
    await startDelayed();
    expect((await reset(await requestLink(), codes[0]!)).ok).toBe(true);
    expect(await findOpenRecovery(t.deps, t.acme, user)).toBeNull();
  });

  it("asking again while a request waits keeps the first one (the wait is never restarted or shortened)", async () => {
    const { user } = await userWithTotp();
    const first = await startDelayed();
    t.clock.advance(HOUR);
    const again = await startDelayedRecovery(t.deps, t.acme, { token: await requestLink() }, META);
    expect(again).toEqual({ ok: true, availableAt: first.availableAt });
    expect(await t.db.store.recoveryRequests.listOpen(t.acme.id)).toHaveLength(1);
    expect((await findOpenRecovery(t.deps, t.acme, user))?.availableAt).toEqual(first.availableAt);
  });

  it(`is rate-limited per account: at most ${DELAYED_RECOVERY_LIMITS.perAccount.limit} requests a day`, async () => {
    await userWithTotp();
    for (let i = 0; i < DELAYED_RECOVERY_LIMITS.perAccount.limit; i++) {
      const { cancelToken } = await startDelayed();
      expect((await cancelRecoveryByLink(t.deps, t.acme, { token: cancelToken }, META)).ok).toBe(true);
      t.clock.advance(60 * 60_000); // past forgot-password's own hourly limit
    }
    const token = await requestLink();
    expect(await startDelayedRecovery(t.deps, t.acme, { token }, META)).toMatchObject({
      ok: false,
      code: "RATE_LIMITED",
    });
    // Refused before the link was used: it still works with the factor.
    expect(await findResetTarget(t.deps, t.acme, token)).not.toBeNull();
  });

  it(`is rate-limited per IP: at most ${DELAYED_RECOVERY_LIMITS.perIp.limit} requests an hour from one address`, async () => {
    for (let i = 0; i <= DELAYED_RECOVERY_LIMITS.perIp.limit; i++) {
      const email = `user${i}@example.com`;
      await userWithTotp(t.acme, email);
      const token = await requestLink(t.acme, email);
      const result = await startDelayedRecovery(t.deps, t.acme, { token }, META);
      expect(result.ok).toBe(i < DELAYED_RECOVERY_LIMITS.perIp.limit);
    }
  });

  it("a user without a second factor has nothing to wait for", async () => {
    await t.user(EMAIL, { password: OLD });
    const token = await requestLink();
    expect(await startDelayedRecovery(t.deps, t.acme, { token }, META)).toMatchObject({
      ok: false,
      code: "NO_SECOND_FACTOR",
    });
    expect(await findResetTarget(t.deps, t.acme, token)).toMatchObject({ requirement: "none" });
  });

  it("forgot-password answers an unknown address exactly as one with a second factor and a waiting recovery, and mails only the real one", async () => {
    await userWithTotp();
    await startDelayed();
    const before = (await t.db.store.mail.listOutbox(500)).length;
    const known = await requestPasswordReset(t.deps, t.acme, { email: EMAIL }, META);
    const unknown = await requestPasswordReset(t.deps, t.acme, { email: "nobody@example.com" }, META);
    expect(known).toEqual({ ok: true });
    expect(unknown).toEqual(known);
    const mails = (await t.db.store.mail.listOutbox(500)).slice(
      0,
      (await t.db.store.mail.listOutbox(500)).length - before,
    );
    expect(mails.map((m) => m.to)).toEqual([EMAIL]);
  });
});
