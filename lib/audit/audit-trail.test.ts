// Every security-relevant action leaves its audit event (noun.past_verb).
import { describe, expect, it } from "vitest";
import { auditTypes, lastMailTo, linkToken, META } from "../../tests/support/test-db";
import { expectOk, PASSWORD, testScenario } from "../../tests/scenario";
import { changePassword } from "../account/change-password";
import { signInWithPassword } from "../identity/sign-in-with-password";
import { signUp } from "../identity/sign-up";
import { updateProfile } from "../account/update-profile";
import { verifyEmail } from "../identity/verify-email";
import { requestPasswordReset } from "../recovery/request-password-reset";
import { resetPassword } from "../recovery/reset-password";
import { revokeOtherSessions, revokeSession, signOut } from "../account/revoke-session";
import { AUDIT } from "./catalog";

const NEW = "a brand new staple for horses";
const EMAIL = "ada@example.com";
const t = testScenario();

async function signIn(password = PASSWORD) {
  const result = await signInWithPassword(t.deps, t.acme, { email: EMAIL, password }, META);
  expectOk(result);
  return result;
}

const typesOf = async (userId?: string) => auditTypes(t.db.store, t.acme.id, userId);

describe("audit trail", () => {
  it("sign-up records user.signed_up and email.verification_sent; verifying records email.verified", async () => {
    await signUp(t.deps, t.acme, { email: EMAIL, password: PASSWORD, confirmPassword: PASSWORD }, META);
    const user = await t.db.store.users.findByEmail(t.acme.id, EMAIL);
    expect(await typesOf(user!.id)).toEqual([AUDIT.userSignedUp, AUDIT.emailVerificationSent]);
    await verifyEmail(
      t.deps,
      t.acme,
      linkToken((await lastMailTo(t.db.store, EMAIL))?.text, "/acme/verify-email"),
      META,
    );
    expect(await typesOf(user!.id)).toContain(AUDIT.emailVerified);
  });

  it("a repeated sign-up records user.signup_repeated on the existing account", async () => {
    const user = await t.user(EMAIL);
    await signUp(t.deps, t.acme, { email: EMAIL, password: NEW, confirmPassword: NEW }, META);
    expect(await typesOf(user.id)).toEqual([AUDIT.userSignupRepeated]);
  });

  it("sign-in success and failure record user.signed_in and user.sign_in_failed (unknown addresses too, without a user)", async () => {
    const user = await t.user(EMAIL);
    await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: NEW }, META);
    const { session } = await signIn();
    expect(await typesOf(user.id)).toEqual([AUDIT.userSignInFailed, AUDIT.userSignedIn]);
    const [signedIn] = await t.db.store.audit.list(t.acme.id, { type: AUDIT.userSignedIn });
    expect(signedIn!.data).toMatchObject({ sessionId: session.id, method: "password" });
    await signInWithPassword(t.deps, t.acme, { email: "nobody@example.com", password: NEW }, META);
    const failures = await t.db.store.audit.list(t.acme.id, { type: AUDIT.userSignInFailed });
    expect(failures.map((f) => f.userId)).toContain(null);
  });

  it("a lockout records user.locked", async () => {
    const user = await t.user(EMAIL);
    for (let i = 0; i < t.acme.lockoutThreshold; i++) {
      await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: NEW }, META);
      t.clock.advance(61_000);
    }
    expect(await typesOf(user.id)).toContain(AUDIT.userLocked);
  });

  it("sign-out records user.signed_out; ending a session records session.revoked; ending the others records session.revoked_others", async () => {
    const user = await t.user(EMAIL);
    const a = await signIn();
    const b = await signIn();
    const c = await signIn();
    await revokeSession(t.deps, t.acme, a.session, b.session.id, META);
    await revokeOtherSessions(t.deps, t.acme, a, META);
    await signOut(t.deps, t.acme, a.session, META);
    expect((await typesOf(user.id)).slice(3)).toEqual([
      AUDIT.sessionRevoked,
      AUDIT.sessionsRevoked,
      AUDIT.userSignedOut,
    ]);
    expect(c.session.id).not.toBe(a.session.id);
  });

  it("a password change records password.changed", async () => {
    const user = await t.user(EMAIL);
    const auth = await signIn();
    expect(
      (
        await changePassword(
          t.deps,
          t.acme,
          auth,
          { currentPassword: PASSWORD, newPassword: NEW, confirmPassword: NEW },
          META,
        )
      ).ok,
    ).toBe(true);
    expect(await typesOf(user.id)).toContain(AUDIT.passwordChanged);
  });

  it("a reset request records password_reset.requested (also for unknown addresses); the reset records password.reset", async () => {
    const user = await t.user(EMAIL);
    await requestPasswordReset(t.deps, t.acme, { email: EMAIL }, META);
    await requestPasswordReset(t.deps, t.acme, { email: "nobody@example.com" }, META);
    const token = linkToken((await lastMailTo(t.db.store, EMAIL))?.text, "/acme/reset-password");
    await resetPassword(t.deps, t.acme, { token, password: NEW, confirmPassword: NEW }, META);
    expect(await typesOf(user.id)).toEqual([AUDIT.passwordResetRequested, AUDIT.passwordReset]);
    const requests = await t.db.store.audit.list(t.acme.id, { type: AUDIT.passwordResetRequested });
    expect(
      requests
        .map((r) => r.data as { sent: boolean })
        .map((d) => d.sent)
        .sort(),
    ).toEqual([false, true]);
  });

  it("a profile change records profile.updated", async () => {
    const user = await t.user(EMAIL);
    const signedIn = await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: PASSWORD }, META);
    expectOk(signedIn);
    expect(
      await updateProfile(t.deps, t.acme, { session: signedIn.session, user }, { displayName: "Ada" }, META),
    ).toEqual({ ok: true });
    expect(await typesOf(user.id)).toEqual([AUDIT.userSignedIn, AUDIT.profileUpdated]);
  });

  it("never writes passwords or tokens into audit events", async () => {
    await signUp(t.deps, t.acme, { email: EMAIL, password: PASSWORD, confirmPassword: PASSWORD }, META);
    const verification = linkToken((await lastMailTo(t.db.store, EMAIL))?.text, "/acme/verify-email");
    await verifyEmail(t.deps, t.acme, verification, META);
    await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: NEW }, META);
    const { token } = await signIn();
    t.clock.advance(1000);
    await requestPasswordReset(t.deps, t.acme, { email: EMAIL }, META);
    const reset = linkToken((await lastMailTo(t.db.store, EMAIL))?.text, "/acme/reset-password");
    await resetPassword(t.deps, t.acme, { token: reset, password: NEW, confirmPassword: NEW }, META);
    const dump = JSON.stringify(await t.db.store.audit.list(t.acme.id, { limit: 1000 }));
    for (const secret of [PASSWORD, NEW, verification, reset, token]) expect(dump).not.toContain(secret);
  });
});
