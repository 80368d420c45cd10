import { beforeEach, describe, expect, it } from "vitest";
import { createPasswordlessTenant, passwordlessUser, PASSWORD } from "../../tests/support/passkey-helpers";
import { auditTypes, lastMailTo, linkToken, META } from "../../tests/support/test-db";
import { expectOk, testScenario } from "../../tests/scenario";
import type { TTenant } from "../tenancy/types";
import { generateToken } from "../security/tokens";
import { validateSession } from "../sessions/validate-session";
import { DEMO_TENANTS } from "../tenancy/demo-tenants";
import { finishPasskeyRegistration, startPasskeyRegistration } from "../account/passkey-registration";
import { listPasskeys, removePasskey, renamePasskey } from "../account/passkey-management";
import { hashPassword } from "./password-hasher";
import { stepUpWithPassword } from "../step-up/verify";
import { fail } from "../kernel/outcome";
import { SIGN_IN } from "./outcomes";
import { messageFor } from "../copy";
import { signInWithPassword } from "./sign-in-with-password";
import { signUp } from "./sign-up";
import {
  confirmTotpEnrolment,
  regenerateRecoveryCodes,
  removeTotp,
  startTotpEnrolment,
} from "../account/totp-enrolment";
import { verifyEmail } from "./verify-email";

let initech: TTenant;
const t = testScenario();
beforeEach(async () => {
  initech = await createPasswordlessTenant(t);
});

async function signUpAndVerify(tenant: TTenant, email: string) {
  expect(await signUp(t.deps, tenant, { email, displayName: "Pat" }, META)).toEqual({ ok: true });
  const result = await verifyEmail(
    t.deps,
    tenant,
    linkToken((await lastMailTo(t.db.store, email))?.text, "verify-email"),
    META,
  );
  if (!result.ok || !result.passkeySetup) throw new Error("expected a passkey setup session");
  const user = (await t.db.store.users.findById(tenant.id, result.passkeySetup.session.userId))!;
  return { token: result.passkeySetup.token, auth: { session: result.passkeySetup.session, user } };
}

describe("passwordless tenant: password sign-in", () => {
  it("refuses every password with one message, for unknown addresses and for a correct password left over from before", async () => {
    await t.user("legacy@example.com", { tenant: initech });
    const known = await signInWithPassword(t.deps, initech, { email: "legacy@example.com", password: PASSWORD }, META);
    const unknown = await signInWithPassword(
      t.deps,
      initech,
      { email: "nobody@example.com", password: PASSWORD },
      META,
    );
    const junk = await signInWithPassword(t.deps, initech, { email: "not an email", password: "" }, META);
    for (const result of [known, unknown, junk]) expect(result).toEqual(fail(SIGN_IN, "METHOD_NOT_ALLOWED"));
    expect(messageFor(fail(SIGN_IN, "METHOD_NOT_ALLOWED"), { tenantName: "Initech" })).toBe(
      "Initech does not use passwords. Sign in with your passkey.",
    );
    // Nothing was looked up or counted: no failure events, no throttling state, no session.
    expect(await auditTypes(t.db.store, initech.id)).toEqual([]);
    expect((await t.db.store.users.findByEmail(initech.id, "legacy@example.com"))!.failedLoginCount).toBe(0);
  });

  it("a leftover password cannot re-authenticate a session either", async () => {
    const key = t.authenticator();
    const { session, user } = await passwordlessUser(t, initech, "reauth@example.com", key);
    await t.db.store.passwords.set(initech.id, user.id, await hashPassword(PASSWORD), t.clock.now());
    expect(await stepUpWithPassword(t.deps, initech, { session, user }, "factor.add", PASSWORD, META)).toMatchObject({
      ok: false,
      code: "NOT_OFFERED",
    });
  });
});

describe("passwordless tenant: sign-up and the first passkey", () => {
  it("asks for no password, and answers an existing address exactly like a new one, mailing the owner instead", async () => {
    const fresh = await signUp(t.deps, initech, { email: "new@example.com", displayName: "New" }, META);
    const user = (await t.db.store.users.findByEmail(initech.id, "new@example.com"))!;
    expect(await t.db.store.passwords.findByUserId(initech.id, user.id)).toBeNull();
    const again = await signUp(t.deps, initech, { email: "new@example.com", displayName: "Someone else" }, META);
    expect(again).toEqual(fresh);
    expect(fresh).toEqual({ ok: true });
    const mails = (await t.db.store.mail.listOutbox(50)).filter((m) => m.to === "new@example.com");
    expect(mails).toHaveLength(2);
    expect(mails[0]!.subject).not.toEqual(mails[1]!.subject);
    expect(await auditTypes(t.db.store, initech.id, user.id)).toEqual(
      expect.arrayContaining(["user.signed_up", "user.signup_repeated"]),
    );
  });

  it("the email link opens an AAL0 setup session that is not signed in, and the first passkey turns it into a complete session", async () => {
    const { token, auth } = await signUpAndVerify(initech, "first@example.com");
    expect(auth.session).toMatchObject({ stage: "enrol_factor", aal: 0 });
    expect(await validateSession(t.deps, initech, token)).toBeNull();
    expect(await validateSession(t.deps, initech, token, { stages: ["enrol_factor"] })).not.toBeNull();

    const key = t.authenticator({ backupEligible: false });
    const binding = generateToken();
    const options = await startPasskeyRegistration(t.deps, initech, auth, binding);
    expectOk(options);
    const result = await finishPasskeyRegistration(
      t.deps,
      initech,
      auth,
      { response: key.register(options.options), name: "Phone" },
      binding,
      META,
    );
    if (!result.ok || !result.signedIn) throw new Error("expected a session");
    // With attestation "none" the passkey's "device-bound" flag is only a claim: AAL2 (attestation.ts).
    expect(result.signedIn.session).toMatchObject({ stage: "complete", aal: 2 });
    expect(result.signedIn.session.amr).toEqual(["swk", "user", "mfa"]);
    expect(await validateSession(t.deps, initech, result.signedIn.token)).not.toBeNull();
    // The setup session is used up.
    expect(await validateSession(t.deps, initech, token, { stages: ["enrol_factor"] })).toBeNull();
    expect(await auditTypes(t.db.store, initech.id, auth.user.id)).toEqual(
      expect.arrayContaining(["email.verified", "factor.added", "user.signed_in"]),
    );
  });

  it("a synced passkey created from the link gives AAL2", async () => {
    const { session } = await passwordlessUser(
      t,
      initech,
      "synced@example.com",
      t.authenticator({ backupEligible: true }),
    );
    expect(session.aal).toBe(2);
    expect(session.amr).toEqual(["swk", "user", "mfa"]);
  });

  it("one email link sets up one passkey: a second registration on the same setup session is refused", async () => {
    const { auth } = await signUpAndVerify(initech, "twice@example.com");
    const binding = generateToken();
    const [first, second] = [t.authenticator(), t.authenticator()];
    const o1 = await startPasskeyRegistration(t.deps, initech, auth, binding);
    const o2 = await startPasskeyRegistration(t.deps, initech, auth, binding);
    if (!o1.ok || !o2.ok) throw new Error("options");
    const results = await Promise.all([
      finishPasskeyRegistration(
        t.deps,
        initech,
        auth,
        { response: first.register(o1.options), name: "A" },
        binding,
        META,
      ),
      finishPasskeyRegistration(
        t.deps,
        initech,
        auth,
        { response: second.register(o2.options), name: "B" },
        binding,
        META,
      ),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ code: "SETUP_ENDED" });
    expect(await listPasskeys(t.deps, initech, auth.user)).toHaveLength(1);
    expect(await startPasskeyRegistration(t.deps, initech, auth, generateToken())).toMatchObject({
      ok: false,
      code: "SETUP_ENDED",
    });
  });

  it("the email-link session grants nothing else: no sign-in, no factor changes, no password re-authentication", async () => {
    // A passwordless tenant that also offers authenticator apps, so only the session can be why TOTP is refused.
    const hooli = await t.db.store.tenants.ensure({
      ...DEMO_TENANTS[0]!,
      slug: "hooli",
      name: "Hooli",
      allowPassword: false,
      allowPasskey: true,
      allowTotp: true,
    });
    const { token, auth } = await signUpAndVerify(hooli, "nothing-else@example.com");
    expect(await validateSession(t.deps, hooli, token)).toBeNull();
    expect(await validateSession(t.deps, hooli, token, { stages: ["second_factor"] })).toBeNull();
    expect(await startTotpEnrolment(t.deps, hooli, auth)).toMatchObject({
      ok: false,
      module: "step_up",
      code: "SETUP_UNFINISHED",
    });
    expect(
      await confirmTotpEnrolment(t.deps, hooli, auth, { code: "123456", endOtherSessions: false }, META),
    ).toMatchObject({ ok: false });
    expect(await removeTotp(t.deps, hooli, auth, { endOtherSessions: true }, META)).toMatchObject({
      ok: false,
      module: "step_up",
      code: "SETUP_UNFINISHED",
    });
    expect(await regenerateRecoveryCodes(t.deps, hooli, auth, META)).toMatchObject({
      ok: false,
      module: "step_up",
      code: "SETUP_UNFINISHED",
    });
    expect(await removePasskey(t.deps, hooli, auth, { id: "x", endOtherSessions: true }, META)).toMatchObject({
      ok: false,
      code: "REAUTH_REQUIRED",
    });
    expect(await renamePasskey(t.deps, hooli, auth, { id: "x", name: "y" })).toMatchObject({ ok: false });
    expect(await stepUpWithPassword(t.deps, hooli, auth, "factor.add", PASSWORD, META)).toMatchObject({ ok: false });
    // It expires with the other half-finished sign-ins (10 minutes).
    t.clock.advance(10 * 60_000);
    expect(await validateSession(t.deps, hooli, token, { stages: ["enrol_factor"] })).toBeNull();
  });

  it("an enrolment session of a password sign-in (tenant requires a second factor) cannot register a passkey through the setup path", async () => {
    const umbrella = await t.db.store.tenants.ensure({
      ...DEMO_TENANTS[0]!,
      slug: "umbrella",
      name: "Umbrella",
      mfaPolicy: "required",
    });
    await t.user("mfa@example.com", { tenant: umbrella });
    const signedIn = await signInWithPassword(t.deps, umbrella, { email: "mfa@example.com", password: PASSWORD }, META);
    expectOk(signedIn);
    expect(signedIn.next).toBe("enrol_factor");
    expect(
      await startPasskeyRegistration(
        t.deps,
        umbrella,
        { session: signedIn.session, user: signedIn.user },
        generateToken(),
      ),
    ).toMatchObject({ ok: false, code: "REAUTH_REQUIRED" });
  });

  it("verifying the address of a user who can already sign in opens no session", async () => {
    expect(
      await signUp(
        t.deps,
        t.acme,
        {
          email: "pw-user@example.com",
          password: "a long enough passphrase here",
          confirmPassword: "a long enough passphrase here",
        },
        META,
      ),
    ).toEqual({ ok: true });
    const result = await verifyEmail(
      t.deps,
      t.acme,
      linkToken((await lastMailTo(t.db.store, "pw-user@example.com"))?.text, "verify-email"),
      META,
    );
    expect(result.ok).toBe(true);
    expect(result.ok && result.passkeySetup).toBeUndefined();
  });
});
