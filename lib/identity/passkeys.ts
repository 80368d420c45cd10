// Passkeys (WebAuthn) through @simplewebauthn/server. The relying party is the portal's host and
// origin (from the configured base URL); credentials belong to one tenant and are looked up only
// within it. Challenges come from the database (see webauthn-challenge.ts); user verification is
// "preferred" and its flag decides the assurance level; signature counters may not go backwards.
// AAL3 needs an attestation that chains to the tenant's trust list (attestation.ts).
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TSession, TTenant, TUser } from "../db/store";
import type { TAuthenticatorTransport } from "./types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { queueMail, tenantUrl } from "../mail/queue-mail";
import { templates } from "../mail/templates";
import { createSession } from "../sessions/create-session";
import { rotateSessionToken } from "../sessions/rotate-session";
import { factorChangeGate } from "../step-up/step-up";
import { computeAssurance } from "./assurance";
import { attestationRootOf, isAttested, trustedRootsOf } from "./attestation";
import { isPasskeySetupSession, methodCount, usableSignInMethods } from "./sign-in-methods";
import { challengeFromClientData, consumeChallenge, storeChallenge } from "./webauthn-challenge";
import { lockRefuses } from "../risk/lockout";
import { assessSignIn, completeSignIn, recordBlockedSignIn } from "../risk/sign-in-risk";
import { RISK_BLOCKED_MESSAGE } from "./sign-in-with-password";

type TAuth = { session: TSession; user: TUser };

export function relyingParty(deps: TDeps) {
  return { rpID: deps.baseUrl.hostname, origin: deps.baseUrl.origin };
}


export type TPasskeyFailure = { ok: false; code: "METHOD_NOT_ALLOWED" | "REAUTH_REQUIRED" | "EMAIL_NOT_VERIFIED" | "CEREMONY_FAILED" | "SETUP_ENDED" | "SIGN_IN_ENDED"; message: string };

const SIGN_IN_ENDED: TPasskeyFailure = { ok: false, code: "SIGN_IN_ENDED", message: "This sign-in has already ended. Start signing in again." };

function reauthMessage(tenant: TTenant) {
  return tenant.allowPassword ? "Confirm your password or a passkey to change your sign-in methods." : "Confirm it is you with your passkey to change your sign-in methods.";
}

const SETUP_ENDED: TPasskeyFailure = { ok: false, code: "SETUP_ENDED", message: "This account already has a way to sign in. Sign in to add more passkeys." };

/**
 * May this session register a passkey? A complete session with a recent proof, or the email-link
 * session of a user who has no sign-in method yet (and only while that is still true).
 */
async function registrationAllowed(deps: TDeps, tenant: TTenant, auth: TAuth): Promise<TPasskeyFailure | null> {
  if (isPasskeySetupSession(auth.session)) {
    return methodCount(await usableSignInMethods(deps.store, tenant, auth.user.id)) === 0 ? null : SETUP_ENDED;
  }
  if (auth.session.stage !== "complete") return { ok: false, code: "REAUTH_REQUIRED", message: reauthMessage(tenant) };
  const gate = await factorChangeGate(deps, tenant, auth, "factor.add", null);
  return gate.ok ? null : gate;
}

const CEREMONY_FAILED: TPasskeyFailure = { ok: false, code: "CEREMONY_FAILED", message: "That passkey could not be used. Try again." };

export async function startPasskeyRegistration(
  deps: TDeps,
  tenant: TTenant,
  auth: TAuth,
  binding: string,
): Promise<{ ok: true; options: PublicKeyCredentialCreationOptionsJSON } | TPasskeyFailure> {
  if (!tenant.allowPasskey) return { ok: false, code: "METHOD_NOT_ALLOWED", message: `${tenant.name} does not offer passkeys.` };
  const refused = await registrationAllowed(deps, tenant, auth);
  if (refused) return refused;
  const existing = await deps.store.passkeys.listForUser(tenant.id, auth.user.id);
  const { rpID } = relyingParty(deps);
  const options = await generateRegistrationOptions({
    rpName: tenant.name,
    rpID,
    userName: auth.user.email,
    userDisplayName: auth.user.displayName ?? auth.user.email,
    userID: new TextEncoder().encode(auth.user.id),
    // Attestation is asked for only where the tenant checks it against its trust list (attestation.ts);
    // elsewhere it would add a privacy cost (and a consent prompt) for nothing.
    attestationType: tenant.requireAttestation ? "direct" : "none",
    excludeCredentials: existing.map((c) => ({ id: c.credentialId, transports: c.transports })),
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
  });
  await storeChallenge(deps.store, { tenantId: tenant.id, purpose: "registration", challenge: options.challenge, binding, userId: auth.user.id, now: deps.now() });
  return { ok: true, options };
}

/**
 * Checks a registration response for this challenge, origin and RP ID, and its attestation
 * statement when there is one (its signature, not yet whom it chains to: see attestation.ts); its
 * data, or null.
 */
export async function checkRegistration(deps: TDeps, response: RegistrationResponseJSON, challenge: string) {
  const { rpID, origin } = relyingParty(deps);
  try {
    const verification = await verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: origin, expectedRPID: rpID, requireUserVerification: false });
    return verification.verified ? verification.registrationInfo : null;
  } catch {
    return null;
  }
}

export async function finishPasskeyRegistration(
  deps: TDeps,
  tenant: TTenant,
  auth: TAuth,
  input: { response: RegistrationResponseJSON; name: string; endOtherSessions?: boolean },
  binding: string | undefined,
  meta: TRequestMeta,
): Promise<{ ok: true; passkeyId: string; endedSessions: number; signedIn: { token: string; session: TSession } | null; rotated: { token: string; expires: Date } | null } | TPasskeyFailure> {
  const now = deps.now();
  if (!tenant.allowPasskey) return { ok: false, code: "METHOD_NOT_ALLOWED", message: `${tenant.name} does not offer passkeys.` };
  const refused = await registrationAllowed(deps, tenant, auth);
  if (refused) return refused;
  const setup = isPasskeySetupSession(auth.session);
  const challenge = challengeFromClientData(input.response?.response?.clientDataJSON);
  if (!challenge) return CEREMONY_FAILED;
  const owner = await consumeChallenge(deps.store, { tenantId: tenant.id, purpose: "registration", challenge, binding, now });
  if (!owner || owner.userId !== auth.user.id) return CEREMONY_FAILED;
  const info = await checkRegistration(deps, input.response, challenge);
  if (!info) return CEREMONY_FAILED;
  // Kept with the credential: the root of the tenant's trust list this authenticator's attestation chains to, if any.
  const attestationRoot = tenant.requireAttestation ? await attestationRootOf(input.response, trustedRootsOf(tenant)) : null;
  const name = input.name.normalize("NFC").trim().slice(0, 60) || "Passkey";
  const created = await deps.store.transaction(async (tx) => {
    // The setup session is used up by its first passkey (compare-and-set on the revocation), so
    // two racing registrations cannot both ride on one email link.
    if (setup && !(await tx.sessions.revoke(tenant.id, auth.user.id, auth.session.id, "passkey_created", now))) return null;
    const passkey = await tx.passkeys.create({
      tenantId: tenant.id,
      userId: auth.user.id,
      credentialId: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey).toString("base64url"),
      counter: info.credential.counter,
      transports: info.credential.transports ?? [],
      backupEligible: info.credentialDeviceType === "multiDevice",
      backedUp: info.credentialBackedUp,
      aaguid: info.aaguid,
      name,
      at: now,
      attestationFormat: info.fmt,
      attestationRoot,
    });
    const ended = input.endOtherSessions ? await tx.sessions.revokeAllForUser(tenant.id, auth.user.id, "factor_added", now, auth.session.id) : 0;
    await recordAudit(tx, {
      tenantId: tenant.id,
      userId: auth.user.id,
      type: AUDIT.factorAdded,
      meta,
      data: {
        factor: "passkey",
        passkeyId: passkey.id,
        userVerified: info.userVerified,
        backupEligible: info.credentialDeviceType === "multiDevice",
        attestation: { format: info.fmt, trustedRoot: attestationRoot },
        endedSessions: ended,
      },
      at: now,
    });
    await queueMail(tx, deps, tenant, auth.user.email, templates.factorChanged(tenant, `A passkey ("${name}") was added`, tenantUrl(deps, tenant, "account/sessions")));
    await tx.users.markCredentialsChanged(tenant.id, auth.user.id, now);
    // The first passkey of a passwordless sign-up signs the user in with what it just proved (a
    // new token: the privilege changed).
    let signedIn: { token: string; session: TSession } | null = null;
    if (setup) {
      const { aal, amr } = computeAssurance([{ method: "passkey", userVerified: info.userVerified, backupEligible: info.credentialDeviceType === "multiDevice", attested: isAttested(tenant, { attestationRoot }) }]);
      signedIn = await createSession(tx, deps, { tenant, userId: auth.user.id, meta, aal, amr });
      await recordAudit(tx, { tenantId: tenant.id, userId: auth.user.id, type: AUDIT.userSignedIn, meta, data: { sessionId: signedIn.session.id, method: "passkey_setup", userVerified: info.userVerified, aal }, at: now });
    }
    // Adding a sign-in method to a signed-in session changes its privilege: a new token.
    const rotated = auth.session.stage === "complete" ? await rotateSessionToken(tx, tenant, auth.session) : null;
    return { passkey, ended, signedIn, rotated };
  });
  if (!created) return SETUP_ENDED;
  return { ok: true, passkeyId: created.passkey.id, endedSessions: created.ended, signedIn: created.signedIn, rotated: created.rotated };
}

export async function startPasskeySignIn(deps: TDeps, tenant: TTenant, binding: string): Promise<{ ok: true; options: PublicKeyCredentialRequestOptionsJSON } | TPasskeyFailure> {
  if (!tenant.allowPasskey) return { ok: false, code: "METHOD_NOT_ALLOWED", message: `${tenant.name} does not offer passkeys.` };
  const options = await generateAuthenticationOptions({ rpID: relyingParty(deps).rpID, userVerification: "preferred", allowCredentials: [] });
  await storeChallenge(deps.store, { tenantId: tenant.id, purpose: "authentication", challenge: options.challenge, binding, userId: null, now: deps.now() });
  return { ok: true, options };
}

/**
 * Verifies a passkey assertion and starts a session. A passkey with user verification is a
 * multi-factor authenticator (AAL2; AAL3 when device-bound); without it, it counts as one factor
 * and a user with an authenticator app is asked for it next.
 */
export async function finishPasskeySignIn(
  deps: TDeps,
  tenant: TTenant,
  response: AuthenticationResponseJSON,
  binding: string | undefined,
  meta: TRequestMeta,
  /** When the passkey is the second step after a password: that pending sign-in. */
  pending?: { session: TSession; user: TUser },
): Promise<{ ok: true; token: string; session: TSession; next: "complete" | "second_factor" } | TPasskeyFailure> {
  const now = deps.now();
  const verified = await verifyAssertion(deps, tenant, response, binding, pending?.user.id ?? null, meta);
  if (!verified.ok) return verified;
  const { credential, user, info } = verified;
  // A passkey cannot be guessed, so no lock that guessing passwords or codes put on the account
  // refuses it (lockout.ts); a disabled account is refused everything.
  if (lockRefuses(user, "passkey", now)) {
    return { ok: false, code: "CEREMONY_FAILED", message: "This account cannot sign in right now. Reset your password or contact support." };
  }
  // The same rule as password sign-in: an address nobody confirmed opens no session here.
  if (tenant.requireVerifiedEmail && user.emailVerifiedAt === null) {
    return { ok: false, code: "EMAIL_NOT_VERIFIED", message: "Confirm your email address first: open the link we sent you when you signed up, then sign in." };
  }
  const risk = await assessSignIn(deps.store, tenant, user, meta, now);
  if (risk.outcome.decision === "block") {
    await recordBlockedSignIn(deps, tenant, user, meta, risk.outcome, "passkey");
    return { ok: false, code: "CEREMONY_FAILED", message: RISK_BLOCKED_MESSAGE(tenant) };
  }
  const passkeyProof = { method: "passkey" as const, userVerified: info.userVerified, backupEligible: credential.backupEligible, attested: isAttested(tenant, credential) };
  const { aal, amr } = computeAssurance(pending ? [{ method: "password" }, passkeyProof] : [passkeyProof]);
  const totp = pending ? null : await deps.store.totp.findByUserId(tenant.id, user.id);
  // A passkey without user verification is one factor: an enrolled authenticator app is asked next,
  // whatever the tenant's mfaPolicy. A risk "step_up" needs nothing more here, unlike after a
  // password: a passkey with user verification is already two factors, and one without is still a
  // phishing-resistant key that only its device can use, which is exactly what stuffed or guessed
  // passwords (the signals behind "step_up") are not; an emailed code would add a weaker factor.
  const next = aal < 2 && totp?.confirmedAt ? "second_factor" : "complete";
  // The pending sign-in ends by compare-and-set: of concurrent completions one wins, the others
  // roll back and start no session. A losing assertion has still used up its challenge and moved
  // the counter: both belong to that one ceremony, which is over either way.
  const created = await deps.store.transaction<Awaited<ReturnType<typeof createSession>> | null>(async (tx, rollback) => {
    if (pending && !(await tx.sessions.endStage(tenant.id, user.id, pending.session.id, "second_factor", "second_factor_completed", now))) rollback(null);
    const made = await createSession(tx, deps, { tenant, userId: user.id, meta, aal, amr, stage: next, authTime: pending?.session.authTime });
    if (next === "complete") {
      await completeSignIn(tx, deps, { tenant, user, sessionId: made.session.id, meta, method: "passkey", data: { userVerified: info.userVerified, aal }, assessment: risk });
    }
    return made;
  });
  if (!created) return SIGN_IN_ENDED;
  return { ok: true, token: created.token, session: created.session, next };
}

/**
 * The checks every assertion goes through: the challenge (this tenant, this browser, unused,
 * unexpired), the credential (this tenant; this user when `expectedUserId` is given), the
 * signature, origin and RP ID, and a signature counter that moved forward (compare-and-set).
 */
export async function verifyAssertion(deps: TDeps, tenant: TTenant, response: AuthenticationResponseJSON, binding: string | undefined, expectedUserId: string | null, meta: TRequestMeta) {
  const now = deps.now();
  const challenge = challengeFromClientData(response?.response?.clientDataJSON);
  if (!challenge || typeof response.id !== "string") return CEREMONY_FAILED;
  if (!(await consumeChallenge(deps.store, { tenantId: tenant.id, purpose: "authentication", challenge, binding, now }))) return CEREMONY_FAILED;
  const credential = await deps.store.passkeys.findByCredentialId(tenant.id, response.id);
  if (!credential) return CEREMONY_FAILED;
  const user = await deps.store.users.findById(tenant.id, credential.userId);
  if (!user || (expectedUserId !== null && expectedUserId !== user.id)) return CEREMONY_FAILED;
  const info = await checkAssertionSignature(deps, response, challenge, credential);
  if (!info) return CEREMONY_FAILED;
  if (counterRegressed(credential.counter, info.newCounter)) {
    await deps.store.transaction((tx) =>
      recordAudit(tx, {
        tenantId: tenant.id,
        userId: user.id,
        type: AUDIT.passkeyCounterRegressed,
        meta,
        data: { passkeyId: credential.id, storedCounter: credential.counter, receivedCounter: info.newCounter },
        at: now,
      }),
    );
    return CEREMONY_FAILED;
  }
  // Compare-and-set: of two assertions racing with the same counter, one wins.
  if (!(await deps.store.passkeys.recordUse(tenant.id, credential.id, credential.counter, info.newCounter, info.credentialBackedUp, now))) return CEREMONY_FAILED;
  return { ok: true as const, credential, user, info };
}

/**
 * Checks an assertion's signature, challenge, origin and RP ID against a stored credential; the
 * authenticator's data on success, null otherwise. The signature counter is left to the caller
 * (see counterRegressed).
 */
export async function checkAssertionSignature(
  deps: TDeps,
  response: AuthenticationResponseJSON,
  challenge: string,
  credential: { credentialId: string; publicKey: string; transports: TAuthenticatorTransport[] },
) {
  const { rpID, origin } = relyingParty(deps);
  try {
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: false,
      // The library compares counters before it checks the signature. Counter 0 switches its check
      // off, so the comparison in counterRegressed runs only on a genuinely signed assertion: a
      // forged one must not be able to write "cloned authenticator" into an audit trail.
      credential: { id: credential.credentialId, publicKey: new Uint8Array(Buffer.from(credential.publicKey, "base64url")), counter: 0, transports: credential.transports },
    });
    return verification.verified ? verification.authenticationInfo : null;
  } catch {
    return null;
  }
}

/**
 * WebAuthn §6.1.1: a counter that did not move forward means a cloned authenticator (or a replay);
 * authenticators that do not count report 0 every time and are accepted.
 */
export function counterRegressed(stored: number, received: number): boolean {
  return (received > 0 || stored > 0) && received <= stored;
}

/** Verifies a passkey assertion that must come from `userId`'s own passkey (step-up, recovery). */
export async function verifyPasskeyOfUser(deps: TDeps, tenant: TTenant, response: AuthenticationResponseJSON, binding: string | undefined, userId: string, meta: TRequestMeta) {
  if (!tenant.allowPasskey) return { ok: false as const, code: "METHOD_NOT_ALLOWED" as const, message: `${tenant.name} does not offer passkeys.` };
  const verified = await verifyAssertion(deps, tenant, response, binding, userId, meta);
  if (!verified.ok) return verified;
  return {
    ok: true as const,
    passkeyId: verified.credential.id,
    proof: { method: "passkey" as const, userVerified: verified.info.userVerified, backupEligible: verified.credential.backupEligible, attested: isAttested(tenant, verified.credential) },
  };
}

/** `verified`: its attestation chains to a root the tenant trusts (the only passkeys that reach AAL3). */
export type TPasskeyView = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null; synced: boolean; verified: boolean };

export async function listPasskeys(deps: TDeps, tenant: TTenant, user: TUser): Promise<TPasskeyView[]> {
  return (await deps.store.passkeys.listForUser(tenant.id, user.id)).map((c) => ({
    id: c.id,
    name: c.name,
    createdAt: c.createdAt,
    lastUsedAt: c.lastUsedAt,
    synced: c.backupEligible,
    verified: isAttested(tenant, c),
  }));
}

export async function renamePasskey(deps: TDeps, tenant: TTenant, auth: TAuth, input: { id: string; name: string }) {
  const name = input.name.normalize("NFC").trim().slice(0, 60);
  if (!name) return { ok: false as const, message: "Give the passkey a name." };
  return (await deps.store.passkeys.rename(tenant.id, auth.user.id, input.id, name)) ? { ok: true as const } : { ok: false as const, message: "That passkey no longer exists." };
}

/**
 * Removes a passkey; the last remaining way to sign in cannot be removed. What counts is what
 * the tenant lets the user sign in with: on a passwordless tenant a password does not keep a
 * user's last passkey removable; on a password tenant a user with a password may remove all.
 */
export async function removePasskey(deps: TDeps, tenant: TTenant, auth: TAuth, input: { id: string; endOtherSessions: boolean }, meta: TRequestMeta) {
  const now = deps.now();
  if (auth.session.stage !== "complete") return { ok: false as const, code: "REAUTH_REQUIRED", message: reauthMessage(tenant) };
  const gate = await factorChangeGate(deps, tenant, auth, "factor.remove", meta);
  if (!gate.ok) return gate;
  const target = (await deps.store.passkeys.listForUser(tenant.id, auth.user.id)).find((p) => p.id === input.id);
  if (!target) return { ok: false as const, code: "NOT_FOUND", message: "That passkey no longer exists." };
  const lastMethod = {
    ok: false as const,
    code: "LAST_METHOD",
    message: tenant.allowPassword
      ? "This is your only way to sign in, so it cannot be removed. Add another passkey or a password first."
      : "This is your only passkey and your only way to sign in, so it cannot be removed. Add another passkey first.",
  };
  const removed = await deps.store.transaction<"gone" | "last" | { rotated: Awaited<ReturnType<typeof rotateSessionToken>> }>(async (tx, rollback) => {
    // Recording the credential change first also locks the user's row until commit, so two
    // concurrent removals (two passkeys, two tabs) run one after the other and the second sees
    // the first's delete in its count below (READ COMMITTED on PostgreSQL).
    await tx.users.markCredentialsChanged(tenant.id, auth.user.id, now);
    if (!(await tx.passkeys.remove(tenant.id, auth.user.id, target.id))) return "gone" as const;
    // Counted after the delete, inside the transaction: what is left must still sign the user in.
    // (The rollback undoes the delete.)
    if (methodCount(await usableSignInMethods(tx, tenant, auth.user.id)) === 0) rollback("last");
    const ended = input.endOtherSessions ? await tx.sessions.revokeAllForUser(tenant.id, auth.user.id, "factor_removed", now, auth.session.id) : 0;
    await recordAudit(tx, { tenantId: tenant.id, userId: auth.user.id, type: AUDIT.factorRemoved, meta, data: { factor: "passkey", passkeyId: target.id, endedSessions: ended }, at: now });
    await queueMail(tx, deps, tenant, auth.user.email, templates.factorChanged(tenant, `A passkey ("${target.name}") was removed`, tenantUrl(deps, tenant, "account/sessions")));
    return { rotated: await rotateSessionToken(tx, tenant, auth.session) };
  });
  if (removed === "last") return lastMethod;
  if (removed === "gone") return { ok: false as const, code: "NOT_FOUND", message: "That passkey no longer exists." };
  return { ok: true as const, rotated: removed.rotated };
}
