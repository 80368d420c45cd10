// A change and its audit event commit together or not at all: with the audit write failing, no
// change may be left behind.
import { describe, expect, it } from "vitest";
import { lastMailTo, linkToken, META } from "../../tests/support/test-db";
import { expectOk, PASSWORD, testScenario } from "../../tests/scenario";
import type { TRepositories, TStore } from "../db/store";
import { changePassword } from "../account/change-password";
import { verifyPassword } from "../identity/password-hasher";
import { signInWithPassword } from "../identity/sign-in-with-password";
import { signUp } from "../identity/sign-up";
import { verifyEmail } from "../identity/verify-email";
import type { TDeps } from "../kernel/deps";
import { requestPasswordReset } from "../recovery/request-password-reset";
import { resetPassword } from "../recovery/reset-password";
import { revokeSession, signOut } from "../account/revoke-session";
import { validateSession } from "../sessions/validate-session";
import { AUDIT, type TAuditType } from "./catalog";

const NEW = "a brand new staple for horses";
const EMAIL = "ada@example.com";
const t = testScenario();

/**
 * The same store, except that writing the audit event of type `failing` fails — inside
 * transactions and outside, so an event moved out of the transaction is caught as well.
 */
function withFailingAudit(store: TStore, failing: TAuditType): TStore {
  const failingAudit = (repos: TRepositories): TRepositories => ({
    ...repos,
    audit: {
      ...repos.audit,
      record: async (input) => {
        if (input.type === failing) throw new Error("audit log unavailable");
        return repos.audit.record(input);
      },
    },
  });
  return {
    ...store,
    ...failingAudit(store),
    transaction: (work) =>
      store.transaction((tx, rollback, afterCommit) => work(failingAudit(tx), rollback, afterCommit)),
  };
}

const broken = (type: TAuditType): TDeps => ({ ...t.deps, store: withFailingAudit(t.db.store, type) });

async function signIn() {
  const result = await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: PASSWORD }, META);
  expectOk(result);
  return result;
}

describe("audit events are written in the same transaction as the change", () => {
  it("sign-up: no account, no password and no mail without the audit event", async () => {
    await expect(
      signUp(broken(AUDIT.userSignedUp), t.acme, { email: EMAIL, password: PASSWORD, confirmPassword: PASSWORD }, META),
    ).rejects.toThrow("audit log unavailable");
    expect(await t.db.store.users.findByEmail(t.acme.id, EMAIL)).toBeNull();
    expect(await lastMailTo(t.db.store, EMAIL)).toBeNull();
  });

  it("email verification: the address stays unverified and the token stays usable", async () => {
    await signUp(t.deps, t.acme, { email: EMAIL, password: PASSWORD, confirmPassword: PASSWORD }, META);
    const token = linkToken((await lastMailTo(t.db.store, EMAIL))?.text, "/acme/verify-email");
    await expect(verifyEmail(broken(AUDIT.emailVerified), t.acme, token, META)).rejects.toThrow(
      "audit log unavailable",
    );
    expect((await t.db.store.users.findByEmail(t.acme.id, EMAIL))?.emailVerifiedAt).toBeNull();
    expect(await verifyEmail(t.deps, t.acme, token, META)).toEqual({ ok: true, email: EMAIL });
  });

  it("sign-in: no session is created without user.signed_in", async () => {
    const user = await t.user(EMAIL);
    await expect(
      signInWithPassword(broken(AUDIT.userSignedIn), t.acme, { email: EMAIL, password: PASSWORD }, META),
    ).rejects.toThrow("audit log unavailable");
    expect(await t.db.store.sessions.listActive(t.acme.id, user.id, t.clock.now())).toEqual([]);
  });

  it("failed sign-in: the failure is not recorded on the account without user.sign_in_failed", async () => {
    const user = await t.user(EMAIL);
    await expect(
      signInWithPassword(broken(AUDIT.userSignInFailed), t.acme, { email: EMAIL, password: NEW }, META),
    ).rejects.toThrow("audit log unavailable");
    expect(await t.db.store.users.findById(t.acme.id, user.id)).toMatchObject({
      failedLoginCount: 0,
      lastFailedAt: null,
    });
  });

  it("lockout: the account is not locked without user.locked", async () => {
    const user = await t.user(EMAIL);
    for (let i = 1; i < t.acme.lockoutThreshold; i++) {
      await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: NEW }, META);
      t.clock.advance(61_000);
    }
    await expect(
      signInWithPassword(broken(AUDIT.userLocked), t.acme, { email: EMAIL, password: NEW }, META),
    ).rejects.toThrow("audit log unavailable");
    expect(await t.db.store.users.findById(t.acme.id, user.id)).toMatchObject({
      status: "active",
      lockedUntil: null,
      failedLoginCount: t.acme.lockoutThreshold - 1,
    });
    expect(await t.db.store.audit.list(t.acme.id, { type: AUDIT.userSignInFailed })).toHaveLength(
      t.acme.lockoutThreshold - 1,
    );
  });

  it("password change: the password and the other sessions stay as they were, and no notice is sent", async () => {
    await t.user(EMAIL);
    const here = await signIn();
    const elsewhere = await signIn();
    await expect(
      changePassword(
        broken(AUDIT.passwordChanged),
        t.acme,
        here,
        { currentPassword: PASSWORD, newPassword: NEW, confirmPassword: NEW },
        META,
      ),
    ).rejects.toThrow("audit log unavailable");
    const hash = (await t.db.store.passwords.findByUserId(t.acme.id, here.user.id))!.hash;
    expect(await verifyPassword(hash, PASSWORD)).toBe(true);
    expect(await validateSession(t.deps, t.acme, elsewhere.token)).not.toBeNull();
    expect(await lastMailTo(t.db.store, EMAIL)).toBeNull();
  });

  it("password reset: the password, the sessions and the token stay as they were", async () => {
    await t.user(EMAIL);
    const session = await signIn();
    await requestPasswordReset(t.deps, t.acme, { email: EMAIL }, META);
    const token = linkToken((await lastMailTo(t.db.store, EMAIL))?.text, "/acme/reset-password");
    await expect(
      resetPassword(broken(AUDIT.passwordReset), t.acme, { token, password: NEW, confirmPassword: NEW }, META),
    ).rejects.toThrow("audit log unavailable");
    expect(
      await verifyPassword((await t.db.store.passwords.findByUserId(t.acme.id, session.user.id))!.hash, PASSWORD),
    ).toBe(true);
    expect(await validateSession(t.deps, t.acme, session.token)).not.toBeNull();
    expect(await resetPassword(t.deps, t.acme, { token, password: NEW, confirmPassword: NEW }, META)).toMatchObject({
      ok: true,
    });
  });

  it("reset request: no link is issued or mailed without password_reset.requested", async () => {
    const user = await t.user(EMAIL);
    await expect(
      requestPasswordReset(broken(AUDIT.passwordResetRequested), t.acme, { email: EMAIL }, META),
    ).rejects.toThrow("audit log unavailable");
    expect(await t.db.store.tokens.latestIssued(t.acme.id, user.id, "password_reset")).toBeNull();
    expect(await lastMailTo(t.db.store, EMAIL)).toBeNull();
  });

  it("sign-out and session end: the session stays valid without the audit event", async () => {
    await t.user(EMAIL);
    const a = await signIn();
    const b = await signIn();
    await expect(signOut(broken(AUDIT.userSignedOut), t.acme, a.session, META)).rejects.toThrow(
      "audit log unavailable",
    );
    await expect(revokeSession(broken(AUDIT.sessionRevoked), t.acme, a.session, b.session.id, META)).rejects.toThrow(
      "audit log unavailable",
    );
    expect(await validateSession(t.deps, t.acme, a.token)).not.toBeNull();
    expect(await validateSession(t.deps, t.acme, b.token)).not.toBeNull();
  });
});
