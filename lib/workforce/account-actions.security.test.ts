import { beforeEach, describe, expect, it } from "vitest";
import { lastMailTo, linkToken, META } from "../../tests/support/test-db";
import { expectOk, PASSWORD, testScenario } from "../../tests/scenario";
import { userFactors } from "../identity/factors";
import { signInWithPassword } from "../identity/sign-in-with-password";
import { resetPassword } from "../recovery/reset-password";
import { validateSession } from "../sessions/validate-session";
import { cancelRecoveryForUser, endAccountSessions, setAccountDisabled, startAssistedRecovery, startPasswordResetForUser, unlockAccount, type TStaffActor } from "./account-actions";
import { accountActionAllowed } from "./roles";

const NEW_PASSWORD = "harbour pelican midnight quartz";
const REASON = "Customer called, identity checked against the order history.";
let actor: TStaffActor;
const t = testScenario();
beforeEach(async () => {
  actor = { tenant: t.acme, staffId: "staff-1", meta: META };
});

async function lockedUser(email = "ada@example.com") {
  const user = await t.user(email);
  for (let i = 0; i < t.acme.lockoutThreshold; i += 1) {
    await signInWithPassword(t.deps, t.acme, { email, password: `wrong password attempt ${i}` }, META);
    t.clock.advance(61_000);
  }
  const locked = (await t.db.store.users.findById(t.acme.id, user.id))!;
  expect(locked.lockedUntil?.getTime()).toBeGreaterThan(t.clock.now().getTime());
  return locked;
}

describe("staff actions on customer accounts", () => {
  it("an unlock needs a written reason, lifts the lock and the throttle, is audited with who and why, and tells the customer", async () => {
    const user = await lockedUser();
    expect(await unlockAccount(t.deps, actor, { userId: user.id, reason: "ok" })).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect((await signInWithPassword(t.deps, t.acme, { email: user.email, password: PASSWORD }, META)).ok).toBe(false);
    expect(await unlockAccount(t.deps, actor, { userId: user.id, reason: REASON })).toMatchObject({ ok: true });
    const signIn = await signInWithPassword(t.deps, t.acme, { email: user.email, password: PASSWORD }, META);
    expect(signIn.ok).toBe(true);
    const [event] = await t.db.store.audit.list(t.acme.id, { userId: user.id, type: "user.unlocked" });
    expect(event).toMatchObject({ staffId: "staff-1", reason: REASON });
    expect((await lastMailTo(t.db.store, user.email))?.subject).toMatch(/unlocked/);
    expect(await unlockAccount(t.deps, actor, { userId: user.id, reason: REASON })).toMatchObject({ ok: false, code: "NOT_APPLICABLE" });
  });

  it("staff of one tenant cannot act on another tenant's account, even with its id", async () => {
    const user = await lockedUser();
    const globexActor: TStaffActor = { tenant: t.globex, staffId: "staff-2", meta: META };
    for (const result of [
      await unlockAccount(t.deps, globexActor, { userId: user.id, reason: REASON }),
      await endAccountSessions(t.deps, globexActor, { userId: user.id, reason: REASON }),
      await setAccountDisabled(t.deps, globexActor, { userId: user.id, disabled: true, reason: REASON }),
      await startPasswordResetForUser(t.deps, globexActor, { userId: user.id }),
      await startAssistedRecovery(t.deps, globexActor, { userId: user.id, reason: REASON }),
    ]) {
      expect(result).toMatchObject({ ok: false, code: "NOT_FOUND" });
    }
    expect((await t.db.store.users.findById(t.acme.id, user.id))?.lockedUntil).toEqual(user.lockedUntil);
    expect(await t.db.store.audit.list(t.globex.id, { userId: user.id })).toEqual([]);
  });

  it("disabling ends every session and refuses sign-in; enabling restores it", async () => {
    const user = await t.user("bo@example.com");
    const signIn = await signInWithPassword(t.deps, t.acme, { email: user.email, password: PASSWORD }, META);
    expectOk(signIn);
    expect(await setAccountDisabled(t.deps, actor, { userId: user.id, disabled: true, reason: REASON })).toMatchObject({ ok: true });
    expect(await validateSession(t.deps, t.acme, signIn.token)).toBeNull();
    expect(await signInWithPassword(t.deps, t.acme, { email: user.email, password: PASSWORD }, META)).toMatchObject({ ok: false, code: "DISABLED" });
    expect(await setAccountDisabled(t.deps, actor, { userId: user.id, disabled: false, reason: REASON })).toMatchObject({ ok: true });
    expect((await signInWithPassword(t.deps, t.acme, { email: user.email, password: PASSWORD }, META)).ok).toBe(true);
  });

  it("ending sessions signs the customer out everywhere and records the count", async () => {
    const user = await t.user("cy@example.com");
    const tokens = [];
    for (let i = 0; i < 2; i += 1) {
      const r = await signInWithPassword(t.deps, t.acme, { email: user.email, password: PASSWORD }, META);
      expectOk(r);
      tokens.push(r.token);
    }
    expect(await endAccountSessions(t.deps, actor, { userId: user.id, reason: REASON })).toMatchObject({ ok: true, message: expect.stringContaining("Ended 2 sessions") });
    for (const token of tokens) expect(await validateSession(t.deps, t.acme, token)).toBeNull();
  });

  it("assisted recovery: staff never see the link; the customer's link resets without the lost factor, removes it and ends sessions", async () => {
    const user = await t.user("di@example.com");
    await t.db.store.recoveryCodes.replaceAll(t.acme.id, user.id, ["a".repeat(64)], t.clock.now());
    // Without support, a reset link for this user would need a recovery code.
    await startPasswordResetForUser(t.deps, actor, { userId: user.id });
    const plain = linkToken((await lastMailTo(t.db.store, user.email))?.text, "/reset-password");
    expect(await resetPassword(t.deps, t.acme, { token: plain, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }, META)).toMatchObject({ ok: false });
    t.clock.advance(60_000);
    const result = await startAssistedRecovery(t.deps, actor, { userId: user.id, reason: REASON });
    expect(result).toMatchObject({ ok: true });
    expect(JSON.stringify(result)).not.toMatch(/token=/);
    const mail = await lastMailTo(t.db.store, user.email);
    expect(mail?.subject).toMatch(/Support started recovering/);
    const token = linkToken(mail?.text, "/reset-password");
    const reset = await resetPassword(t.deps, t.acme, { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }, META);
    expect(reset.ok).toBe(true);
    expect(await userFactors(t.db.store, t.acme.id, user.id)).toMatchObject({ totp: false, passkeys: 0, recoveryCodes: 0 });
    expect((await t.db.store.users.findById(t.acme.id, user.id))?.recoveredAt).not.toBeNull();
    const [event] = await t.db.store.audit.list(t.acme.id, { userId: user.id, type: "recovery.assisted_started" });
    expect(event).toMatchObject({ staffId: "staff-1", reason: REASON });
  });

  it("a suspicious delayed recovery can be cancelled with a reason, and the customer is told", async () => {
    const user = await t.user("ed@example.com");
    expect(await cancelRecoveryForUser(t.deps, actor, { userId: user.id, reason: REASON })).toMatchObject({ ok: false, code: "NOT_APPLICABLE" });
    await t.db.store.recoveryRequests.create({ tenantId: t.acme.id, userId: user.id, kind: "delayed", cancelTokenHash: "f".repeat(64), availableAt: new Date(t.clock.now().getTime() + 72 * 3_600_000), ip: "192.0.2.1", userAgent: null, at: t.clock.now() });
    expect(await cancelRecoveryForUser(t.deps, actor, { userId: user.id, reason: "" })).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(await cancelRecoveryForUser(t.deps, actor, { userId: user.id, reason: REASON })).toMatchObject({ ok: true });
    expect(await t.db.store.recoveryRequests.findOpen(t.acme.id, user.id)).toBeNull();
    expect((await lastMailTo(t.db.store, user.email))?.subject).toMatch(/cancelled/);
  });

  it("each console offers only its own account actions", () => {
    expect(["unlock", "assisted_recovery", "cancel_recovery", "end_sessions", "disable", "reset"].map((a) => accountActionAllowed("support", a))).toEqual([true, true, true, true, false, false]);
    expect(["unlock", "assisted_recovery", "disable", "enable", "reset", "end_sessions", "delete"].map((a) => accountActionAllowed("admin", a))).toEqual([false, false, true, true, true, true, false]);
  });
});
