// NIST SP 800-63B-4 §3.2.2: at most 100 consecutive failed attempts, however slowly they come and
// whichever form takes them (sign-in or the current-password check of a password change).
import { expect, it } from "vitest";
import { META } from "../../tests/support/test-db";
import { PASSWORD, expectOk, testScenario } from "../../tests/scenario";
import { DEMO_TENANTS } from "../tenancy/demo-tenants";
import { validateSession } from "../sessions/validate-session";
import { changePassword } from "../account/change-password";
import { signInWithPassword } from "./sign-in-with-password";
import { stepUpWithPassword } from "../step-up/verify";

const WRONG = "incorrect horse battery staple";
const HOUR = 3_600_000;

const t = testScenario();

it("100 wrong passwords a day apart still lock the account until recovery", async () => {
  const user = await t.user("slow@example.com");
  for (let i = 0; i < 100; i++) {
    t.clock.advance(25 * HOUR);
    const result = await signInWithPassword(t.deps, t.acme, { email: user.email, password: WRONG }, META);
    expect(result.ok).toBe(false);
  }
  const locked = await t.db.store.users.findById(t.acme.id, user.id);
  expect(locked).toMatchObject({
    status: "locked",
    lockedUntil: null,
    lockReason: "failed_attempts_permanent",
    failedLoginCount: 100,
  });
  t.clock.advance(30 * 24 * HOUR);
  expect(await signInWithPassword(t.deps, t.acme, { email: user.email, password: PASSWORD }, META)).toMatchObject({
    ok: false,
    code: "LOCKED",
  });
}, 60_000);

it("wrong passwords at the step-up in front of a password change count towards the permanent lock", async () => {
  const tenant = await t.db.store.tenants.ensure({
    ...DEMO_TENANTS[0]!,
    slug: "strict",
    name: "Strict",
    lockoutThreshold: 5,
    lockoutMinutes: 15,
    permanentLockoutThreshold: 12,
  });
  const user = await t.user("victim@example.com", { tenant });
  const signIn = await signInWithPassword(t.deps, tenant, { email: user.email, password: PASSWORD }, META);
  expectOk(signIn);
  for (let i = 0; i < 12; i++) {
    t.clock.advance(16 * 60_000);
    const auth = await validateSession(t.deps, tenant, signIn.token);
    if (!auth) throw new Error("session ended");
    // The sign-in is older than the policy allows, so the change sends the user to step-up, where guesses count.
    const result = await changePassword(
      t.deps,
      tenant,
      auth,
      {
        currentPassword: WRONG,
        newPassword: "a brand new passphrase here",
        confirmPassword: "a brand new passphrase here",
      },
      META,
    );
    expect(result).toMatchObject({ ok: false, module: "step_up" });
    expect((await stepUpWithPassword(t.deps, tenant, auth, "password.change", WRONG, META)).ok).toBe(false);
  }
  expect(await t.db.store.users.findById(tenant.id, user.id)).toMatchObject({ status: "locked", lockedUntil: null });
  t.clock.advance(25 * HOUR);
  expect(await signInWithPassword(t.deps, tenant, { email: user.email, password: PASSWORD }, META)).toMatchObject({
    ok: false,
    code: "LOCKED",
  });
  expect((await t.db.store.audit.list(tenant.id, { userId: user.id, type: "user.locked" })).length).toBeGreaterThan(0);
});
