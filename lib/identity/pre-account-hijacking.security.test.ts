// Pre-account hijacking (outside review, point 3): an attacker signs up with the victim's address,
// signs in and enrols an authenticator app; the owner's reset is then refused ("second factor
// required") and the attacker keeps the session. Until the address is confirmed an account can add
// or remove no factor, change no address and reach no custom step-up action; the first proof of the
// mailbox (a reset, or a confirmation from another browser) ends every session and removes every
// factor and the password set up before it.
import { describe, expect, it } from "vitest";
import { createPasswordlessTenant } from "../../tests/support/passkey-helpers";
import type { TSoftAuthenticator } from "../../tests/support/soft-authenticator";
import { lastMailTo, linkToken, META } from "../../tests/support/test-db";
import { expectOk, testScenario } from "../../tests/scenario";
import type { TTenant } from "../tenancy/types";
import { changePayout } from "../payout/change-payout";
import { requestPasswordReset } from "../recovery/request-password-reset";
import { recoverWithNewPasskey } from "../recovery/recover-with-new-passkey";
import { findResetTarget, resetPassword } from "../recovery/reset-password";
import { generateToken } from "../security/tokens";
import { validateSession } from "../sessions/validate-session";
import { stepUpWithPassword } from "../step-up/verify";
import { requestEmailChange } from "../account/change-email";
import { CONFIRMATION_TICKET_MINUTES, resendVerificationByTicket } from "./email-confirmation";
import { checkRegistration } from "./webauthn-rp";
import { finishPasskeySignIn, startPasskeySignIn } from "./passkey-sign-in";
import { startPasskeyRegistration } from "../account/passkey-registration";
import { signInWithPassword } from "./sign-in-with-password";
import { signUp } from "./sign-up";
import { regenerateRecoveryCodes, removeTotp, startTotpEnrolment } from "../account/totp-enrolment";
import { verifyEmail } from "./verify-email";
import { messageFor } from "../copy";

const t = testScenario();

const VICTIM = "victim@example.com";
const ATTACKER_PASSWORD = "mallory picked this passphrase";
const OWNER_PASSWORD = "the real owner chooses this one";
const ATTACKER_BROWSER = { ...META, ip: "198.51.100.66", deviceHash: "a".repeat(64) };
const OWNER_BROWSER = { ...META, deviceHash: "b".repeat(64) };

/** A tenant that lets unconfirmed accounts sign in (the option off), as every tenant did before. */
async function relaxedTenant(): Promise<TTenant> {
  return t.db.store.tenantSettings.update(t.acme.id, { requireVerifiedEmail: false }, t.clock.now());
}

/** The attacker signs up with the victim's address in their own browser and signs in. */
async function attackerSignedIn(tenant: TTenant) {
  expect(
    await signUp(
      t.deps,
      tenant,
      { email: VICTIM, password: ATTACKER_PASSWORD, confirmPassword: ATTACKER_PASSWORD },
      ATTACKER_BROWSER,
    ),
  ).toEqual({ ok: true });
  const signedIn = await signInWithPassword(
    t.deps,
    tenant,
    { email: VICTIM, password: ATTACKER_PASSWORD },
    ATTACKER_BROWSER,
  );
  expectOk(signedIn);
  expect(signedIn.next).toBe("complete");
  return signedIn;
}

/** Factors as an unconfirmed account could enrol them before this fix: written straight to the store. */
async function enrolLegacyFactors(tenant: TTenant, userId: string) {
  await t.seedSecondFactor((await t.db.store.users.findById(tenant.id, userId))!, tenant);
}

/** A passkey written straight to the store, as an unconfirmed account could register one before this fix. */
async function enrolLegacyPasskey(tenant: TTenant, userId: string, key: TSoftAuthenticator) {
  const challenge = generateToken();
  const response = key.register({
    challenge,
    rp: { id: t.deps.baseUrl.hostname, name: tenant.name },
    user: { id: Buffer.from(userId).toString("base64url"), name: VICTIM, displayName: VICTIM },
    pubKeyCredParams: [{ alg: -7, type: "public-key" }],
  });
  const checked = await checkRegistration(t.deps, response, challenge);
  if (!checked) throw new Error("registration did not verify");
  await t.db.store.passkeys.create({
    tenantId: tenant.id,
    userId,
    credentialId: checked.credential.id,
    publicKey: Buffer.from(checked.credential.publicKey).toString("base64url"),
    counter: 0,
    transports: [],
    backupEligible: false,
    backedUp: false,
    aaguid: null,
    name: "Legacy key",
    at: t.clock.now(),
  });
}

const verificationToken = async () => linkToken((await lastMailTo(t.db.store, VICTIM))?.text, "/acme/verify-email");

describe("an unconfirmed account changes no factor, no address and reaches no custom action", () => {
  it("the attacker's session cannot enrol an authenticator app or a passkey, create recovery codes, change the address or change a payout", async () => {
    const tenant = await relaxedTenant();
    const attacker = await attackerSignedIn(tenant);
    const auth = { session: attacker.session, user: attacker.user };
    const totp = await startTotpEnrolment(t.deps, tenant, auth);
    expect(totp).toMatchObject({ ok: false, module: "step_up", code: "EMAIL_NOT_VERIFIED" });
    expect(totp.ok ? "" : messageFor(totp)).toContain("Confirm your email address first");
    expect(await startPasskeyRegistration(t.deps, tenant, auth, generateToken())).toMatchObject({
      ok: false,
      code: "EMAIL_NOT_VERIFIED",
    });
    expect(await regenerateRecoveryCodes(t.deps, tenant, auth, ATTACKER_BROWSER)).toMatchObject({
      ok: false,
      code: "EMAIL_NOT_VERIFIED",
    });
    expect(
      await requestEmailChange(t.deps, tenant, auth, { email: "mallory@example.com" }, ATTACKER_BROWSER),
    ).toMatchObject({ ok: false, module: "step_up", code: "EMAIL_NOT_VERIFIED" });
    expect(
      await changePayout(t.deps, tenant, auth, { holder: "Mallory", iban: "DE89370400440532013000" }, ATTACKER_BROWSER),
    ).toMatchObject({ ok: false, module: "step_up", code: "EMAIL_NOT_VERIFIED" });
    // No proof of any kind unlocks them: a fresh password step-up is refused for what it would open.
    expect(
      await stepUpWithPassword(t.deps, tenant, auth, "email.change", ATTACKER_PASSWORD, ATTACKER_BROWSER),
    ).toMatchObject({ ok: false, code: "EMAIL_NOT_VERIFIED" });
    expect(await t.db.store.totp.findByUserId(tenant.id, auth.user.id)).toBeNull();
    expect(
      await t.db.store.stepUpGrants.listUsable(tenant.id, auth.user.id, auth.session.id, "email.change", t.clock.now()),
    ).toEqual([]);
  });

  it("factors an unconfirmed account already has cannot be removed either", async () => {
    const tenant = await relaxedTenant();
    const attacker = await attackerSignedIn(tenant);
    await enrolLegacyFactors(tenant, attacker.user.id);
    expect(
      await removeTotp(
        t.deps,
        tenant,
        { session: attacker.session, user: attacker.user },
        { endOtherSessions: true },
        ATTACKER_BROWSER,
      ),
    ).toMatchObject({ ok: false, code: "EMAIL_NOT_VERIFIED" });
    expect((await t.db.store.totp.findByUserId(tenant.id, attacker.user.id))?.confirmedAt).not.toBeNull();
  });
});

describe("the first proof of the mailbox takes the account back", () => {
  it("the owner's reset of an account created but never confirmed needs no second factor, removes every factor, ends every session and forgets the devices it was used from", async () => {
    const tenant = await relaxedTenant();
    const attacker = await attackerSignedIn(tenant);
    await enrolLegacyFactors(tenant, attacker.user.id);
    t.clock.advance(1000); // mails are ordered by their time: keep "the last mail" unambiguous
    expect(await requestPasswordReset(t.deps, tenant, { email: VICTIM }, OWNER_BROWSER)).toEqual({ ok: true });
    const token = linkToken((await lastMailTo(t.db.store, VICTIM))?.text, "/acme/reset-password");
    expect(await findResetTarget(t.deps, tenant, token)).toMatchObject({ requirement: "unverified_email" });
    expect(
      await resetPassword(
        t.deps,
        tenant,
        { token, password: OWNER_PASSWORD, confirmPassword: OWNER_PASSWORD },
        OWNER_BROWSER,
      ),
    ).toEqual({ ok: true, recovery: "password" });
    expect(await validateSession(t.deps, tenant, attacker.token)).toBeNull();
    expect(await t.db.store.totp.findByUserId(tenant.id, attacker.user.id)).toBeNull();
    expect(await t.db.store.recoveryCodes.countRemaining(tenant.id, attacker.user.id)).toBe(0);
    expect((await t.db.store.users.findById(tenant.id, attacker.user.id))?.emailVerifiedAt).toBeInstanceOf(Date);
    // The attacker's browser and network are no longer "known": no lockout exemption, no skipped step-up.
    expect(await t.db.store.knownDevices.count(tenant.id, attacker.user.id)).toBe(0);
    expect(await t.db.store.knownNetworks.count(tenant.id, attacker.user.id)).toBe(0);
    expect(
      (await signInWithPassword(t.deps, tenant, { email: VICTIM, password: ATTACKER_PASSWORD }, ATTACKER_BROWSER)).ok,
    ).toBe(false);
    expect(
      await signInWithPassword(t.deps, tenant, { email: VICTIM, password: OWNER_PASSWORD }, OWNER_BROWSER),
    ).toMatchObject({ ok: true, next: "complete" });
  });

  it("on a passwordless tenant the owner's recovery link of a never-confirmed account needs no passkey and removes the ones added before", async () => {
    const initech = await createPasswordlessTenant(t);
    expect(await signUp(t.deps, initech, { email: VICTIM, displayName: null }, ATTACKER_BROWSER)).toEqual({ ok: true });
    const user = (await t.db.store.users.findByEmail(initech.id, VICTIM))!;
    await enrolLegacyPasskey(initech, user.id, t.authenticator());
    t.clock.advance(1000);
    expect(await requestPasswordReset(t.deps, initech, { email: VICTIM }, OWNER_BROWSER)).toEqual({ ok: true });
    const token = linkToken((await lastMailTo(t.db.store, VICTIM))?.text, "/initech/reset-password");
    expect(await recoverWithNewPasskey(t.deps, initech, { token }, OWNER_BROWSER)).toMatchObject({ ok: true });
    expect(await t.db.store.passkeys.countForUser(initech.id, user.id)).toBe(0);
  });

  it("a confirmation link opened in another browser removes the sign-up's password and factors, ends every session, forgets its devices and leads to choosing a password", async () => {
    const tenant = await relaxedTenant();
    const attacker = await attackerSignedIn(tenant);
    await enrolLegacyFactors(tenant, attacker.user.id);
    const verified = await verifyEmail(t.deps, tenant, await verificationToken(), OWNER_BROWSER);
    expect(verified).toMatchObject({ ok: true, email: VICTIM, choosePassword: expect.any(String) });
    expect(await validateSession(t.deps, tenant, attacker.token)).toBeNull();
    expect(await t.db.store.passwords.findByUserId(tenant.id, attacker.user.id)).toBeNull();
    expect(await t.db.store.totp.findByUserId(tenant.id, attacker.user.id)).toBeNull();
    expect(await t.db.store.recoveryCodes.countRemaining(tenant.id, attacker.user.id)).toBe(0);
    expect(await t.db.store.knownDevices.count(tenant.id, attacker.user.id)).toBe(0);
    expect(await t.db.store.knownNetworks.count(tenant.id, attacker.user.id)).toBe(0);
    expect(
      await signInWithPassword(t.deps, tenant, { email: VICTIM, password: ATTACKER_PASSWORD }, ATTACKER_BROWSER),
    ).toMatchObject({ ok: false, code: "INVALID_CREDENTIALS" });
    // The token is good for choosing the password at once, in the browser that proved the mailbox.
    if (!verified.ok || !verified.choosePassword) throw new Error("unreachable");
    expect(await findResetTarget(t.deps, tenant, verified.choosePassword)).toMatchObject({ requirement: "none" });
    expect(
      await resetPassword(
        t.deps,
        tenant,
        { token: verified.choosePassword, password: OWNER_PASSWORD, confirmPassword: OWNER_PASSWORD },
        OWNER_BROWSER,
      ),
    ).toMatchObject({ ok: true });
    expect(
      await signInWithPassword(t.deps, tenant, { email: VICTIM, password: OWNER_PASSWORD }, OWNER_BROWSER),
    ).toMatchObject({ ok: true, next: "complete" });
    const audit = await t.db.store.audit.list(tenant.id, { userId: attacker.user.id, type: "email.verified" });
    expect(audit[0]!.data).toMatchObject({
      firstProof: true,
      signupBrowser: false,
      removedPassword: true,
      endedSessions: 1,
      removedFactors: { totp: 1, recoveryCodes: 10 },
    });
  });

  it("a confirmation link opened in the browser that signed up keeps the password and the session", async () => {
    const tenant = await relaxedTenant();
    const owner = await attackerSignedIn(tenant);
    expect(await verifyEmail(t.deps, tenant, await verificationToken(), ATTACKER_BROWSER)).toEqual({
      ok: true,
      email: VICTIM,
    });
    expect(await validateSession(t.deps, tenant, owner.token)).not.toBeNull();
    expect(
      (await signInWithPassword(t.deps, tenant, { email: VICTIM, password: ATTACKER_PASSWORD }, ATTACKER_BROWSER)).ok,
    ).toBe(true);
  });

  it("a browser without a device cookie does not count as the one that signed up", async () => {
    const tenant = await relaxedTenant();
    await attackerSignedIn(tenant);
    expect(
      await verifyEmail(t.deps, tenant, await verificationToken(), { ...ATTACKER_BROWSER, deviceHash: null }),
    ).toMatchObject({ ok: true, choosePassword: expect.any(String) });
    expect(
      await t.db.store.passwords.findByUserId(tenant.id, (await t.db.store.users.findByEmail(tenant.id, VICTIM))!.id),
    ).toBeNull();
  });
});

describe("a tenant that requires a confirmed address (the default)", () => {
  it("the right password of an unconfirmed account opens no session, only a 'confirm your email first' answer; a wrong one answers as for any account", async () => {
    await signUp(
      t.deps,
      t.acme,
      { email: VICTIM, password: ATTACKER_PASSWORD, confirmPassword: ATTACKER_PASSWORD },
      ATTACKER_BROWSER,
    );
    const user = (await t.db.store.users.findByEmail(t.acme.id, VICTIM))!;
    const answer = await signInWithPassword(
      t.deps,
      t.acme,
      { email: VICTIM, password: ATTACKER_PASSWORD },
      ATTACKER_BROWSER,
    );
    expect(answer).toMatchObject({
      ok: false,
      module: "sign_in",
      code: "EMAIL_NOT_VERIFIED",
      params: { ticket: expect.any(String), when: "sign_in" },
    });
    expect(answer.ok ? "" : messageFor(answer)).toContain("Confirm your email address first");
    expect(await t.db.store.sessions.listActive(t.acme.id, user.id, t.clock.now())).toEqual([]);
    const wrong = await signInWithPassword(
      t.deps,
      t.acme,
      { email: VICTIM, password: "not the password at all" },
      ATTACKER_BROWSER,
    );
    const unknown = await signInWithPassword(
      t.deps,
      t.acme,
      { email: "nobody@example.com", password: "not the password at all" },
      ATTACKER_BROWSER,
    );
    expect(wrong).toEqual(unknown);
    expect(wrong).toMatchObject({ code: "INVALID_CREDENTIALS" });
  });

  it("the answer's ticket asks for a new link for that account only, at that tenant only, for 15 minutes", async () => {
    await signUp(
      t.deps,
      t.acme,
      { email: VICTIM, password: ATTACKER_PASSWORD, confirmPassword: ATTACKER_PASSWORD },
      ATTACKER_BROWSER,
    );
    const answer = await signInWithPassword(
      t.deps,
      t.acme,
      { email: VICTIM, password: ATTACKER_PASSWORD },
      ATTACKER_BROWSER,
    );
    if (answer.ok || answer.code !== "EMAIL_NOT_VERIFIED") throw new Error("expected the confirm-first answer");
    const first = await verificationToken();
    t.clock.advance(1000);
    expect(await resendVerificationByTicket(t.deps, t.acme, answer.params.ticket)).toEqual({ ok: true, email: VICTIM });
    expect(await verificationToken()).not.toBe(first);
    expect(await resendVerificationByTicket(t.deps, t.globex, answer.params.ticket)).toMatchObject({
      ok: false,
      code: "TICKET_INVALID",
    });
    expect(await resendVerificationByTicket(t.deps, t.acme, `${answer.params.ticket.slice(0, -2)}AA`)).toMatchObject({
      ok: false,
      code: "TICKET_INVALID",
    });
    t.clock.advance(CONFIRMATION_TICKET_MINUTES * 60_000);
    expect(await resendVerificationByTicket(t.deps, t.acme, answer.params.ticket)).toMatchObject({
      ok: false,
      code: "TICKET_INVALID",
    });
  });

  it("a passkey an unconfirmed account already has does not sign it in either", async () => {
    const tenant = await relaxedTenant();
    const attacker = await attackerSignedIn(tenant);
    const key = t.authenticator();
    await enrolLegacyPasskey(tenant, attacker.user.id, key);
    const strict = await t.db.store.tenantSettings.update(tenant.id, { requireVerifiedEmail: true }, t.clock.now());
    const binding = generateToken();
    const request = await startPasskeySignIn(t.deps, strict, binding);
    expectOk(request);
    expect(
      await finishPasskeySignIn(t.deps, strict, key.authenticate(request.options), binding, ATTACKER_BROWSER),
    ).toMatchObject({ ok: false, code: "EMAIL_NOT_VERIFIED" });
    expect(await t.db.store.sessions.listActive(tenant.id, attacker.user.id, t.clock.now())).toHaveLength(1);
  });
});
