import { describe, expect, it } from "vitest";
import { messageFor } from "../copy";
import { lastMailTo, META } from "../../tests/support/test-db";
import { PASSWORD, expectOk, testScenario } from "../../tests/scenario";
import { DEMO_TENANTS } from "../tenancy/demo-tenants";
import { validateSession } from "../sessions/validate-session";
import { signInWithPassword } from "./sign-in-with-password";
import { totpCodeAt } from "./totp";
import {
  confirmTotpEnrolment,
  findPendingTotp,
  regenerateRecoveryCodes,
  removeTotp,
  startTotpEnrolment,
} from "../account/totp-enrolment";
import { verifySecondFactor } from "./verify-second-factor";

const t = testScenario();

async function signedIn(tenant = t.acme, email = "ada@example.com") {
  await t.user(email, { tenant });
  return t.signIn(email, { tenant });
}

/** Enrols TOTP for a signed-in user; returns the secret and the recovery codes. */
async function enrolTotp() {
  const enrolled = await t.withTotp("ada@example.com", { endOtherSessions: true, settle: false });
  expect(enrolled.uri).toContain(`secret=${enrolled.secret}`);
  expect(enrolled.recoveryCodes).toHaveLength(10);
  expect(enrolled.session.aal).toBe(2);
  return { secret: enrolled.secret, codes: enrolled.recoveryCodes, user: enrolled.user, token: enrolled.token };
}

async function pendingAfterPassword() {
  const result = await signedIn();
  expect(result.next).toBe("second_factor");
  // The pending session opens nothing else.
  expect(await validateSession(t.deps, t.acme, result.token)).toBeNull();
  return (await validateSession(t.deps, t.acme, result.token, { stages: ["second_factor"] }))!;
}

describe("second factor at sign-in", () => {
  it("after enrolling TOTP the password alone gives no session; the code gives an AAL2 session with a new token", async () => {
    const { secret } = await enrolTotp();
    t.clock.advance(60_000);
    const pending = await pendingAfterPassword();
    const result = await verifySecondFactor(t.deps, t.acme, pending, { code: totpCodeAt(secret, t.clock.now()) }, META);
    expectOk(result);
    expect(result.session).toMatchObject({ aal: 2, stage: "complete" });
    expect(result.session.amr).toEqual(["pwd", "otp", "mfa"]);
    expect(await validateSession(t.deps, t.acme, result.token)).not.toBeNull();
    expect((await t.db.store.sessions.findByTokenHash(t.acme.id, pending.session.tokenHash))?.revokedReason).toBe(
      "second_factor_completed",
    );
  });

  it("a TOTP code cannot be used twice, even in two concurrent attempts", async () => {
    const { secret } = await enrolTotp();
    t.clock.advance(60_000);
    const code = totpCodeAt(secret, t.clock.now());
    const [a, b] = await Promise.all([pendingAfterPassword(), pendingAfterPassword()]);
    const results = await Promise.all([
      verifySecondFactor(t.deps, t.acme, a, { code }, META),
      verifySecondFactor(t.deps, t.acme, b, { code }, META),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const again = await pendingAfterPassword();
    expect(await verifySecondFactor(t.deps, t.acme, again, { code }, META)).toMatchObject({
      ok: false,
      code: "WRONG_CODE",
    });
  });

  it("a recovery code works once as the second factor", async () => {
    const { codes } = await enrolTotp();
    const pending = await pendingAfterPassword();
    expect((await verifySecondFactor(t.deps, t.acme, pending, { code: codes[0]!.toUpperCase() }, META)).ok).toBe(true);
    const again = await pendingAfterPassword();
    expect(await verifySecondFactor(t.deps, t.acme, again, { code: codes[0]! }, META)).toMatchObject({
      ok: false,
      code: "WRONG_CODE",
    });
    expect(
      await t.db.store.recoveryCodes.countRemaining(
        t.acme.id,
        (await t.db.store.users.findByEmail(t.acme.id, "ada@example.com"))!.id,
      ),
    ).toBe(9);
  });

  it("a wrong code is audited and mails the user; the fifth ends the pending sign-in", async () => {
    const { user } = await enrolTotp();
    t.clock.advance(1000);
    const pending = await pendingAfterPassword();
    for (let i = 0; i < 4; i++) {
      const wrong = await verifySecondFactor(t.deps, t.acme, pending, { code: "000000" }, META);
      expect(wrong).toMatchObject({ ok: false, module: "sign_in", code: "WRONG_CODE", status: 401 });
      if (!wrong.ok)
        expect(messageFor(wrong)).toBe(
          "That code is not right. Enter the current code from your authenticator app, or one of your recovery codes.",
        );
    }
    expect(await verifySecondFactor(t.deps, t.acme, pending, { code: "000000" }, META)).toMatchObject({
      ok: false,
      module: "sign_in",
      code: "RATE_LIMITED",
      status: 429,
      params: { scope: "sign_in", retryAfterSeconds: null },
    });
    expect(await verifySecondFactor(t.deps, t.acme, pending, { code: "000000" }, META)).toMatchObject({
      ok: false,
      module: "sign_in",
      code: "SIGN_IN_ENDED",
    });
    expect((await lastMailTo(t.db.store, user.email))?.subject).toContain("Someone entered your password");
    expect((await t.db.store.audit.list(t.acme.id, { userId: user.id, type: "second_factor.failed" })).length).toBe(5);
  });

  it("regenerating recovery codes invalidates the old set", async () => {
    const { codes, token } = await enrolTotp();
    const auth = (await validateSession(t.deps, t.acme, token))!;
    const fresh = await regenerateRecoveryCodes(t.deps, t.acme, auth, META);
    expectOk(fresh);
    const pending = await pendingAfterPassword();
    expect((await verifySecondFactor(t.deps, t.acme, pending, { code: codes[1]! }, META)).ok).toBe(false);
    expect((await verifySecondFactor(t.deps, t.acme, pending, { code: fresh.recoveryCodes[0]! }, META)).ok).toBe(true);
  });
});

describe("factor changes", () => {
  it("need a factor proven in the last 5 minutes", async () => {
    const { token } = await enrolTotp();
    t.clock.advance(6 * 60_000);
    const auth = (await validateSession(t.deps, t.acme, token))!;
    expect(await removeTotp(t.deps, t.acme, auth, { endOtherSessions: true }, META)).toMatchObject({
      ok: false,
      module: "step_up",
      code: "REQUIRED",
    });
    expect(await regenerateRecoveryCodes(t.deps, t.acme, auth, META)).toMatchObject({
      ok: false,
      module: "step_up",
      code: "REQUIRED",
    });
  });

  it("removing TOTP ends the other sessions, is audited and mailed, and lets the password alone sign in again", async () => {
    const { token, user } = await enrolTotp();
    const auth = (await validateSession(t.deps, t.acme, token))!;
    expect(await removeTotp(t.deps, t.acme, auth, { endOtherSessions: true }, META)).toMatchObject({ ok: true });
    expect((await lastMailTo(t.db.store, user.email))?.subject).toContain("Your sign-in methods changed");
    expect((await t.db.store.audit.list(t.acme.id, { userId: user.id, type: "factor.removed" })).length).toBe(1);
    expect((await signedIn()).next).toBe("complete");
  });

  it("a tenant that requires a second factor sends users without one to enrol, and enrolment completes the sign-in at AAL2", async () => {
    const strict = await t.db.store.tenants.ensure({
      ...DEMO_TENANTS[0]!,
      slug: "strict",
      name: "Strict",
      mfaPolicy: "required",
    });
    await t.user("new@example.com", { tenant: strict });
    const first = await signInWithPassword(t.deps, strict, { email: "new@example.com", password: PASSWORD }, META);
    expectOk(first);
    expect(first.next).toBe("enrol_factor");
    expect(await validateSession(t.deps, strict, first.token)).toBeNull();
    const auth = (await validateSession(t.deps, strict, first.token, { stages: ["enrol_factor"] }))!;
    expect((await startTotpEnrolment(t.deps, strict, auth)).ok).toBe(true);
    const pending = (await findPendingTotp(t.deps, strict, auth.user))!;
    const done = await confirmTotpEnrolment(
      t.deps,
      strict,
      auth,
      { code: totpCodeAt(pending.secret, t.clock.now()), endOtherSessions: false },
      META,
    );
    expectOk(done);
    expect(await validateSession(t.deps, strict, done.rotated!.token)).toMatchObject({ session: { aal: 2 } });
    expect(
      await removeTotp(
        t.deps,
        strict,
        (await validateSession(t.deps, strict, done.rotated!.token))!,
        { endOtherSessions: false },
        META,
      ),
    ).toMatchObject({ ok: false, code: "REQUIRED_BY_POLICY" });
  });

  it("the TOTP secret is stored sealed, never in the clear", async () => {
    const { secret, user } = await enrolTotp();
    const row = await t.db.store.totp.findByUserId(t.acme.id, user.id);
    expect(row?.secretSealed).not.toContain(secret);
    expect(row?.secretSealed.startsWith("v1.")).toBe(true);
  });
});
