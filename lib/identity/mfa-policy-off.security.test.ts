import { describe, expect, it } from "vitest";
import { registerPasskey, signInWithPasskey } from "../../tests/support/passkey-helpers";
import { META } from "../../tests/support/test-db";
import { testScenario } from "../../tests/scenario";
import type { TTenant } from "../tenancy/types";
import { validateSession } from "../sessions/validate-session";
import { checkStepUp } from "../step-up/step-up";
import { totpCodeAt } from "./totp";
import { startTotpEnrolment } from "../account/totp-enrolment";
import { verifySecondFactor } from "./verify-second-factor";

const EMAIL = "enrolled@example.com";

const t = testScenario();

const signIn = (tenant: TTenant) => t.signIn(EMAIL, { tenant });

/** Enrols an authenticator app while the tenant offers it, then the tenant turns its MFA policy off. */
async function enrolledThenOff() {
  const enrolled = await t.withTotp(EMAIL);
  const off = await t.db.store.tenantSettings.update(t.acme.id, { mfaPolicy: "off" }, t.clock.now());
  // Confirming the app re-issued the session at AAL2; it is the one that may add more factors.
  return {
    off,
    secret: enrolled.secret,
    signedIn: { session: enrolled.session, user: enrolled.user },
    aal2Token: enrolled.token,
  };
}

describe("mfaPolicy off never skips a second factor the user has enrolled", () => {
  it("password sign-in still asks for the authenticator app, and only its code gives a session (AAL2)", async () => {
    const { off, secret } = await enrolledThenOff();
    const result = await signIn(off);
    expect(result.next).toBe("second_factor");
    expect(await validateSession(t.deps, off, result.token)).toBeNull();
    const pending = (await validateSession(t.deps, off, result.token, { stages: ["second_factor"] }))!;
    const done = await verifySecondFactor(t.deps, off, pending, { code: totpCodeAt(secret, t.clock.now()) }, META);
    expect(done).toMatchObject({ ok: true, session: { aal: 2, stage: "complete" } });
  });

  it("a passkey without user verification (one factor) is still followed by the authenticator app", async () => {
    const { off, signedIn } = await enrolledThenOff();
    const key = t.authenticator({ userVerification: false });
    await registerPasskey(t, off, signedIn, key);
    const { result } = await signInWithPasskey(t, off, key);
    expect(result).toMatchObject({ ok: true, next: "second_factor" });
  });

  it("step-up still asks a user with an app for it: the password alone does not reach an AAL2 action", async () => {
    const { off, aal2Token } = await enrolledThenOff();
    const session = (await validateSession(t.deps, off, aal2Token))!;
    t.clock.advance(60 * 60_000);
    const check = await checkStepUp(t.deps, off, session, "email.change", META);
    expect(check).toMatchObject({ ok: false, code: "REQUIRED", params: { requiredAal: 2 } });
    expect(check.ok === false && check.code === "REQUIRED" ? check.params.methods : []).not.toContain("password");
  });

  it("'off' only stops Portico offering enrolment: a user without an app cannot start setting one up", async () => {
    const off = await t.db.store.tenantSettings.update(t.acme.id, { mfaPolicy: "off" }, t.clock.now());
    await t.user(EMAIL, { tenant: off });
    const auth = (await validateSession(t.deps, off, (await signIn(off)).token))!;
    expect(await startTotpEnrolment(t.deps, off, auth)).toMatchObject({ ok: false, code: "METHOD_NOT_ALLOWED" });
  });
});
