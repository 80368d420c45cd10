// Registering a customer passkey: from a complete session with a recent proof (the step-up rules
// for "factor.add"), or as the first sign-in method of a passwordless sign-up (its email-link setup
// session, spent by that first passkey). Attestation is asked for, and checked against the
// tenant's trust list (attestation.ts), only where the tenant requires it.
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TSession } from "../sessions/types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { endOtherSessions } from "./other-sessions";
import { fail, type TFailure } from "../kernel/outcome";
import { queueChangeNotice } from "../mail/queue-mail";
import { createSession } from "../sessions/create-session";
import { rotateSessionToken } from "../sessions/rotate-session";
import { factorChangeGate, type TFactorChangeRefusal } from "../step-up/step-up";
import { computeAssurance, firstProofOf } from "../identity/assurance";
import { attestationRootOf, isAttested, trustedRootsOf } from "../identity/attestation";
import { PASSKEY } from "../identity/passkey-outcomes";
import { loadAuthenticators, signInMethodCount } from "../identity/authenticators";
import { isPasskeySetupSession } from "../identity/sign-in-methods";
import { factorAddedTo, isAt, isSignedIn } from "../sessions/sign-in-stage";
import { methodTimesOf } from "../sessions/recent-proof";
import { completeSignIn } from "../risk/sign-in-risk";
import { policyForUser } from "../organisations/policy";
import { consumeChallenge, storeChallenge } from "../identity/webauthn-challenge";
import {
  challengeFromClientData,
  checkRegistration,
  passkeyName,
  registrationOptions,
  storedCredential,
} from "../identity/webauthn-rp";
import type { TTenant } from "../tenancy/types";
import type { TPasskey, TUser } from "../identity/types";

type TAuth = { session: TSession; user: TUser };

export type TPasskeyRegistrationFailure =
  | TFailure<typeof PASSKEY, "METHOD_NOT_ALLOWED" | "REAUTH_REQUIRED" | "SETUP_ENDED" | "CEREMONY_FAILED">
  | TFactorChangeRefusal;

/**
 * May this session register a passkey? A complete session with a recent proof, or the email-link
 * session of a user who has no sign-in method yet (and only while that is still true).
 */
async function registrationRefused(
  deps: TDeps,
  tenant: TTenant,
  auth: TAuth,
): Promise<TPasskeyRegistrationFailure | null> {
  // A member's organisation may not allow passkeys, even where the tenant does.
  const member = await policyForUser(deps, tenant, auth.user);
  if (!member.tenant.allowPasskey) return fail(PASSKEY, "METHOD_NOT_ALLOWED");
  if (isPasskeySetupSession(auth.session)) {
    return signInMethodCount(await loadAuthenticators(deps.store, tenant, auth.user.id)) === 0
      ? null
      : fail(PASSKEY, "SETUP_ENDED");
  }
  // The enrolment an organisation's policy requires right after the password step: that fresh
  // password is the proof for adding the first passkey. (A tenant's own required enrolment is an
  // authenticator app: its enrolment session registers no passkey.)
  if (member.organisation && isAt(auth.session, "enrol_factor")) {
    const gate = await factorChangeGate(deps, tenant, auth, "factor.add", null);
    return gate.ok ? null : gate;
  }
  if (!isSignedIn(auth.session)) return fail(PASSKEY, "REAUTH_REQUIRED", { passwordOffered: tenant.allowPassword });
  const gate = await factorChangeGate(deps, tenant, auth, "factor.add", null);
  return gate.ok ? null : gate;
}

export async function startPasskeyRegistration(
  deps: TDeps,
  tenant: TTenant,
  auth: TAuth,
  binding: string,
): Promise<{ ok: true; options: PublicKeyCredentialCreationOptionsJSON } | TPasskeyRegistrationFailure> {
  const refused = await registrationRefused(deps, tenant, auth);
  if (refused) return refused;
  const existing = await deps.store.passkeys.listForUser(tenant.id, auth.user.id);
  const options = await registrationOptions(deps, {
    rpName: tenant.name,
    user: { id: auth.user.id, name: auth.user.email, displayName: auth.user.displayName ?? auth.user.email },
    // Attestation is asked for only where the tenant checks it against its trust list (attestation.ts);
    // elsewhere it would add a privacy cost (and a consent prompt) for nothing.
    attestation: tenant.requireAttestation ? "direct" : "none",
    residentKey: "required",
    exclude: existing,
  });
  await storeChallenge(deps.store, {
    tenantId: tenant.id,
    purpose: "registration",
    challenge: options.challenge,
    binding,
    userId: auth.user.id,
    now: deps.now(),
  });
  return { ok: true, options };
}

export async function finishPasskeyRegistration(
  deps: TDeps,
  tenant: TTenant,
  auth: TAuth,
  input: { response: RegistrationResponseJSON; name: string; endOtherSessions?: boolean },
  binding: string | undefined,
  meta: TRequestMeta,
): Promise<
  | {
      ok: true;
      passkeyId: string;
      endedSessions: number;
      signedIn: { token: string; session: TSession } | null;
      rotated: { token: string; expires: Date } | null;
    }
  | TPasskeyRegistrationFailure
> {
  const now = deps.now();
  const refused = await registrationRefused(deps, tenant, auth);
  if (refused) return refused;
  const setup = isPasskeySetupSession(auth.session);
  // Past registrationRefused, an enrolment session here is a member's (see there).
  const enrolment = !setup && isAt(auth.session, "enrol_factor");
  const challenge = challengeFromClientData(input.response?.response?.clientDataJSON);
  if (!challenge) return fail(PASSKEY, "CEREMONY_FAILED");
  const owner = await consumeChallenge(deps.store, {
    tenantId: tenant.id,
    purpose: "registration",
    challenge,
    binding,
    now,
  });
  if (!owner || owner.userId !== auth.user.id) return fail(PASSKEY, "CEREMONY_FAILED");
  const info = await checkRegistration(deps, input.response, challenge);
  if (!info) return fail(PASSKEY, "CEREMONY_FAILED");
  // Kept with the credential: the root of the tenant's trust list this authenticator's attestation chains to, if any.
  const attestationRoot = tenant.requireAttestation
    ? await attestationRootOf(input.response, trustedRootsOf(tenant))
    : null;
  const name = passkeyName(input.name) || "Passkey";
  const created = await withTransaction<{
    passkey: TPasskey;
    ended: number;
    signedIn: { token: string; session: TSession } | null;
    rotated: { token: string; expires: Date } | null;
  } | null>(deps, async (txDeps, rollback) => {
    // The setup session is used up by its first passkey (compare-and-set on the revocation), so
    // two racing registrations cannot both ride on one email link.
    if (
      setup &&
      !(await txDeps.store.sessions.revoke(tenant.id, auth.user.id, auth.session.id, "passkey_created", now))
    )
      return null;
    const passkey = await txDeps.store.passkeys.create({
      tenantId: tenant.id,
      userId: auth.user.id,
      ...storedCredential(info),
      backedUp: info.credentialBackedUp,
      aaguid: info.aaguid,
      name,
      at: now,
      attestationFormat: info.fmt,
      attestationRoot,
    });
    const ended = await endOtherSessions(txDeps, tenant, auth, input.endOtherSessions, "factor_added", now);
    await recordAudit(txDeps.store, {
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
    await queueChangeNotice(txDeps, tenant, auth.user.email, `A passkey ("${name}") was added`);
    await txDeps.store.users.markCredentialsChanged(tenant.id, auth.user.id, now);
    // The first passkey of a passwordless sign-up signs the user in with what it just proved (a
    // new token: the privilege changed).
    let signedIn: { token: string; session: TSession } | null = null;
    if (setup) {
      const { aal, amr } = computeAssurance([
        {
          method: "passkey",
          userVerified: info.userVerified,
          backupEligible: info.credentialDeviceType === "multiDevice",
          attested: isAttested(tenant, { attestationRoot }),
        },
      ]);
      signedIn = await createSession(txDeps, { tenant, userId: auth.user.id, meta, aal, amr });
      await recordAudit(txDeps.store, {
        tenantId: tenant.id,
        userId: auth.user.id,
        type: AUDIT.userSignedIn,
        meta,
        data: { sessionId: signedIn.session.id, method: "passkey_setup", userVerified: info.userVerified, aal },
        at: now,
      });
    }
    // A required enrolment after the password ends here: the pending sign-in is replaced (by
    // compare-and-set on its stage) by a session that proved the password and the new passkey.
    if (enrolment) {
      if (!(await factorAddedTo(txDeps.store, auth.session, now)).ok) return rollback(null);
      const { aal, amr } = computeAssurance([
        firstProofOf(auth.session),
        {
          method: "passkey",
          userVerified: info.userVerified,
          backupEligible: info.credentialDeviceType === "multiDevice",
          attested: isAttested(tenant, { attestationRoot }),
        },
      ]);
      const proven = methodTimesOf(auth.session);
      const methodTimes = { ...Object.fromEntries(amr.map((m) => [m, now.toISOString()])), ...proven };
      signedIn = await createSession(txDeps, {
        tenant,
        userId: auth.user.id,
        meta,
        aal,
        amr,
        methodTimes,
        authTime: auth.session.authTime,
      });
      await completeSignIn(txDeps, {
        tenant,
        user: auth.user,
        sessionId: signedIn.session.id,
        meta,
        method: "password+passkey_enrolment",
      });
    }
    // Adding a sign-in method to a signed-in session changes its privilege: a new token.
    const rotated = isSignedIn(auth.session) ? await rotateSessionToken(txDeps.store, tenant, auth.session) : null;
    return { passkey, ended, signedIn, rotated };
  });
  if (!created) return fail(PASSKEY, "SETUP_ENDED");
  return {
    ok: true,
    passkeyId: created.passkey.id,
    endedSessions: created.ended,
    signedIn: created.signedIn,
    rotated: created.rotated,
  };
}
