import { beforeEach, describe, expect, it } from "vitest";
import { actingStaff, consoleAuthority, createActiveStaff } from "../../tests/support/staff";
import { lastMailTo, linkToken, META } from "../../tests/support/test-db";
import { loadAuthenticators, summarizeAuthenticators } from "../identity/authenticators";
import { expectOk, PASSWORD, testScenario, type TScenarioStaff } from "../../tests/scenario";
import { signInWithPassword } from "../identity/sign-in-with-password";
import { resetPassword } from "../recovery/reset-password";
import { validateSession } from "../sessions/validate-session";
import {
  cancelRecoveryForUser,
  endAccountSessions,
  setAccountDisabled,
  startAssistedRecovery,
  startPasswordResetForUser,
  unlockAccount,
} from "./account-actions";
import { accountActionAllowed } from "./roles";

const NEW_PASSWORD = "harbour pelican midnight quartz";
const REASON = "Customer called, identity checked against the order history.";
const t = testScenario();
let sam: TScenarioStaff;
/** The gate's authority for Sam, an admin of acme, at this moment. */
const actor = () => actingStaff(t, sam);
beforeEach(async () => {
  sam = await t.staff("sam@acme.example", "admin");
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
  it("take the console gate's authority: one whose step-up is older than the window, or a copy not made by the gate, changes nothing", async () => {
    const user = await lockedUser();
    // Sam stepped up at set-up; the lockout above took longer than the 5-minute window since.
    const stale = await consoleAuthority(t, sam.token);
    expect(stale.steppedUpAt).not.toBeNull();
    expect(
      await unlockAccount(t.deps, { authority: stale, meta: META }, { userId: user.id, reason: REASON }),
    ).toMatchObject({ ok: false, module: "step_up", code: "STAFF_REQUIRED", params: { purpose: "console_change" } });
    expect(
      await setAccountDisabled(
        t.deps,
        { authority: stale, meta: META },
        { userId: user.id, disabled: true, reason: REASON },
      ),
    ).toMatchObject({ ok: false, module: "step_up", code: "STAFF_REQUIRED", params: { purpose: "console_change" } });
    // A fresh authority, copied with a step-up time of its own, is not the gate's.
    const fresh = (await actor()).authority;
    expect(
      await unlockAccount(
        t.deps,
        { authority: { ...fresh, steppedUpAt: t.clock.now() }, meta: META },
        { userId: user.id, reason: REASON },
      ),
    ).toMatchObject({ ok: false, module: "step_up", code: "STAFF_REQUIRED", params: { purpose: "console_change" } });
    expect((await t.db.store.users.findById(t.acme.id, user.id))?.lockedUntil).toEqual(user.lockedUntil);
    expect(await t.db.store.audit.list(t.acme.id, { userId: user.id, type: "user.unlocked" })).toEqual([]);
    // The gate's own value, fresh, does it.
    expect(
      await unlockAccount(t.deps, { authority: fresh, meta: META }, { userId: user.id, reason: REASON }),
    ).toMatchObject({ ok: true });
  });

  it("an unlock needs a written reason, lifts the lock and the throttle, is audited with who and why, and tells the customer", async () => {
    const user = await lockedUser();
    expect(await unlockAccount(t.deps, await actor(), { userId: user.id, reason: "ok" })).toMatchObject({
      ok: false,
      module: "staff",
      code: "REASON_INVALID",
      params: { problem: "too_short" },
    });
    expect((await signInWithPassword(t.deps, t.acme, { email: user.email, password: PASSWORD }, META)).ok).toBe(false);
    expect(await unlockAccount(t.deps, await actor(), { userId: user.id, reason: REASON })).toMatchObject({ ok: true });
    const signIn = await signInWithPassword(t.deps, t.acme, { email: user.email, password: PASSWORD }, META);
    expect(signIn.ok).toBe(true);
    const [event] = await t.db.store.audit.list(t.acme.id, { userId: user.id, type: "user.unlocked" });
    expect(event).toMatchObject({ staffId: sam.staff.id, reason: REASON });
    expect((await lastMailTo(t.db.store, user.email))?.subject).toMatch(/unlocked/);
    expect(await unlockAccount(t.deps, await actor(), { userId: user.id, reason: REASON })).toMatchObject({
      ok: false,
      module: "support",
      code: "NOT_APPLICABLE",
    });
  });

  it("staff of one tenant cannot act on another tenant's account, even with its id", async () => {
    const user = await lockedUser();
    const globexActor = await actingStaff(
      t,
      await createActiveStaff(t, { email: "gil@globex.example", role: "admin", tenantSlug: "globex" }),
      "globex",
    );
    for (const result of [
      await unlockAccount(t.deps, globexActor, { userId: user.id, reason: REASON }),
      await endAccountSessions(t.deps, globexActor, { userId: user.id, reason: REASON }),
      await setAccountDisabled(t.deps, globexActor, { userId: user.id, disabled: true, reason: REASON }),
      await startPasswordResetForUser(t.deps, globexActor, { userId: user.id }),
      await startAssistedRecovery(t.deps, globexActor, { userId: user.id, reason: REASON }),
    ]) {
      expect(result).toMatchObject({ ok: false, module: "support", code: "NOT_FOUND" });
    }
    expect((await t.db.store.users.findById(t.acme.id, user.id))?.lockedUntil).toEqual(user.lockedUntil);
    expect(await t.db.store.audit.list(t.globex.id, { userId: user.id })).toEqual([]);
  });

  it("disabling ends every session and refuses sign-in; enabling restores it", async () => {
    const user = await t.user("bo@example.com");
    const signIn = await signInWithPassword(t.deps, t.acme, { email: user.email, password: PASSWORD }, META);
    expectOk(signIn);
    expect(
      await setAccountDisabled(t.deps, await actor(), { userId: user.id, disabled: true, reason: REASON }),
    ).toMatchObject({ ok: true });
    expect(await validateSession(t.deps, t.acme, signIn.token)).toBeNull();
    expect(await signInWithPassword(t.deps, t.acme, { email: user.email, password: PASSWORD }, META)).toMatchObject({
      ok: false,
      code: "DISABLED",
    });
    expect(
      await setAccountDisabled(t.deps, await actor(), { userId: user.id, disabled: false, reason: REASON }),
    ).toMatchObject({ ok: true });
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
    expect(await endAccountSessions(t.deps, await actor(), { userId: user.id, reason: REASON })).toEqual({
      ok: true,
      endedSessions: 2,
    });
    for (const token of tokens) expect(await validateSession(t.deps, t.acme, token)).toBeNull();
  });

  it("assisted recovery: staff never see the link; the customer's link resets without the lost factor, removes it and ends sessions", async () => {
    const user = await t.user("di@example.com");
    await t.db.store.recoveryCodes.replaceAll(t.acme.id, user.id, ["a".repeat(64)], t.clock.now());
    // Without support, a reset link for this user would need a recovery code.
    await startPasswordResetForUser(t.deps, await actor(), { userId: user.id });
    const plain = linkToken((await lastMailTo(t.db.store, user.email))?.text, "/reset-password");
    expect(
      await resetPassword(
        t.deps,
        t.acme,
        { token: plain, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
        META,
      ),
    ).toMatchObject({ ok: false });
    t.clock.advance(60_000);
    const result = await startAssistedRecovery(t.deps, await actor(), { userId: user.id, reason: REASON });
    expect(result).toMatchObject({ ok: true });
    expect(JSON.stringify(result)).not.toMatch(/token=/);
    const mail = await lastMailTo(t.db.store, user.email);
    expect(mail?.subject).toMatch(/Support started recovering/);
    const token = linkToken(mail?.text, "/reset-password");
    const reset = await resetPassword(
      t.deps,
      t.acme,
      { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
      META,
    );
    expect(reset.ok).toBe(true);
    expect(summarizeAuthenticators(await loadAuthenticators(t.db.store, t.acme, user.id))).toMatchObject({
      totp: false,
      passkeys: 0,
      recoveryCodes: 0,
    });
    expect((await t.db.store.users.findById(t.acme.id, user.id))?.recoveredAt).not.toBeNull();
    const [event] = await t.db.store.audit.list(t.acme.id, { userId: user.id, type: "recovery.assisted_started" });
    expect(event).toMatchObject({ staffId: sam.staff.id, reason: REASON });
  });

  it("a suspicious delayed recovery can be cancelled with a reason, and the customer is told", async () => {
    const user = await t.user("ed@example.com");
    expect(await cancelRecoveryForUser(t.deps, await actor(), { userId: user.id, reason: REASON })).toMatchObject({
      ok: false,
      module: "support",
      code: "NOT_APPLICABLE",
    });
    await t.db.store.recoveryRequests.create({
      tenantId: t.acme.id,
      userId: user.id,
      kind: "delayed",
      cancelTokenHash: "f".repeat(64),
      availableAt: new Date(t.clock.now().getTime() + 72 * 3_600_000),
      ip: "192.0.2.1",
      userAgent: null,
      at: t.clock.now(),
    });
    expect(await cancelRecoveryForUser(t.deps, await actor(), { userId: user.id, reason: "" })).toMatchObject({
      ok: false,
      module: "staff",
      code: "REASON_INVALID",
    });
    expect(await cancelRecoveryForUser(t.deps, await actor(), { userId: user.id, reason: REASON })).toMatchObject({
      ok: true,
    });
    expect(await t.db.store.recoveryRequests.findOpen(t.acme.id, user.id)).toBeNull();
    expect((await lastMailTo(t.db.store, user.email))?.subject).toMatch(/cancelled/);
  });

  it("each console offers only its own account actions", () => {
    expect(
      ["unlock", "assisted_recovery", "cancel_recovery", "end_sessions", "disable", "reset"].map((a) =>
        accountActionAllowed("support", a),
      ),
    ).toEqual([true, true, true, true, false, false]);
    expect(
      ["unlock", "assisted_recovery", "disable", "enable", "reset", "end_sessions", "delete"].map((a) =>
        accountActionAllowed("admin", a),
      ),
    ).toEqual([false, false, true, true, true, true, false]);
  });
});
