// Staff passkeys (WebAuthn, through the relying party both realms share: lib/identity/webauthn-rp.ts): the phishing-
// resistant second step of
// the workforce realm, next to the authenticator app. A member registers one at first sign-in
// (instead of, or besides, the app) or later from their own page after a fresh step-up; it then
// answers the second sign-in step and console step-up. The password still comes first: a staff
// session is never opened by one factor alone.
//
// Challenges are bound to the staff session that asked for them (the realm's own cookie, so only
// that browser can answer), single use and valid 5 minutes. A credential is looked up only among
// the member's own passkeys. Counters must move forward (compare-and-set), as for customers.
import { AUDIT } from "../audit/catalog";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import type { TStaffChallengePurpose } from "../db/store";
import {
  authenticationOptions,
  CHALLENGE_TTL_MS,
  challengeFromClientData,
  checkAssertionSignature,
  checkRegistration,
  counterRegressed,
  isWellFormedChallenge,
  passkeyName,
  registrationOptions,
  storedCredential,
} from "../identity/webauthn-rp";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { fail, type TFailure } from "../kernel/outcome";
import { RISK } from "../risk/outcomes";
import { STEP_UP } from "../step-up/outcomes";
import { STAFF } from "./outcomes";
import { hasFreshStepUp } from "./policy";
import { recordStaffFactorFailure, withinStaffCodeAttempts } from "./staff-factor";
import { replaceStaffSession, type TStaffAuth } from "./staff-sessions";
import { recordStaffAudit } from "../audit/events";

export type TStaffPasskeyFailure =
  | TFailure<typeof STAFF, "WRONG_STAGE" | "NO_PASSKEY" | "CEREMONY_FAILED" | "NOT_FOUND" | "LAST_FACTOR">
  | TFailure<typeof STEP_UP, "STAFF_REQUIRED">
  | TFailure<typeof RISK, "RATE_LIMITED">;
export type TStaffSessionIssued = { ok: true; token: string; expiresAt: Date };

/** "sign-in": the second step after the password; "step-up": proving it again before console actions. */
export type TStaffAssertionPurpose = "sign-in" | "step-up";

const CEREMONY_FAILED = () => fail(STAFF, "CEREMONY_FAILED");
const WRONG_STAGE = () => fail(STAFF, "WRONG_STAGE");
/** Past the session's attempt budget the pending sign-in ends: waiting does not help. */
const TOO_MANY = () => fail(RISK, "RATE_LIMITED", { scope: "staff_attempts", retryAfterSeconds: null });
const RP_NAME = "Portico staff";

async function issueChallenge(deps: TDeps, auth: TStaffAuth, purpose: TStaffChallengePurpose, challenge: string) {
  const now = deps.now();
  await deps.store.staffChallenges.create({
    sessionId: auth.session.id,
    purpose,
    challenge,
    expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
    at: now,
  });
}

/** The challenge a response answers, when this session issued it for `purpose` and it is unused and unexpired. */
async function consumeChallenge(
  deps: TDeps,
  auth: TStaffAuth,
  purpose: TStaffChallengePurpose,
  clientDataJSON: unknown,
): Promise<string | null> {
  const challenge = challengeFromClientData(clientDataJSON);
  if (!challenge || !isWellFormedChallenge(challenge)) return null;
  return (await deps.store.staffChallenges.consume(auth.session.id, purpose, challenge, deps.now())) ? challenge : null;
}

/** Registration is open at first sign-in (no factor yet) and, signed in, after a fresh step-up. */
function registrationRefused(deps: TDeps, auth: TStaffAuth): TStaffPasskeyFailure | null {
  if (auth.session.stage === "enrol") return null;
  if (auth.session.stage !== "complete") return WRONG_STAGE();
  return hasFreshStepUp(auth.session.steppedUpAt, deps.now())
    ? null
    : fail(STEP_UP, "STAFF_REQUIRED", { purpose: "add_passkey" });
}

export async function startStaffPasskeyRegistration(
  deps: TDeps,
  auth: TStaffAuth,
): Promise<{ ok: true; options: PublicKeyCredentialCreationOptionsJSON } | TStaffPasskeyFailure> {
  const refused = registrationRefused(deps, auth);
  if (refused) return refused;
  const existing = await deps.store.staffPasskeys.listForStaff(auth.staff.id);
  const options = await registrationOptions(deps, {
    rpName: RP_NAME,
    user: { id: `staff:${auth.staff.id}`, name: auth.staff.email, displayName: auth.staff.name },
    attestation: "none",
    residentKey: "preferred",
    exclude: existing,
  });
  await issueChallenge(deps, auth, "registration", options.challenge);
  return { ok: true, options };
}

/**
 * Saves a new passkey. At first sign-in it completes the sign-in (a new session token: the
 * privilege changed); signed in, it keeps the session's limits and step-up time but still
 * retires the token.
 */
export async function finishStaffPasskeyRegistration(
  deps: TDeps,
  auth: TStaffAuth,
  input: { response: RegistrationResponseJSON; name: string },
  meta: TRequestMeta,
): Promise<TStaffSessionIssued | TStaffPasskeyFailure> {
  const refused = registrationRefused(deps, auth);
  if (refused) return refused;
  const challenge = await consumeChallenge(deps, auth, "registration", input.response?.response?.clientDataJSON);
  if (!challenge) return CEREMONY_FAILED();
  const info = await checkRegistration(deps, input.response, challenge);
  if (!info) return CEREMONY_FAILED();
  const enrolment = auth.session.stage === "enrol";
  const now = deps.now();
  const name = passkeyName(input.name) || "Passkey";
  const next = await withTransaction(deps, async (txDeps) => {
    const passkey = await txDeps.store.staffPasskeys.create({
      staffId: auth.staff.id,
      ...storedCredential(info),
      name,
      at: now,
    });
    const replaced = await replaceStaffSession(txDeps, auth.session, {
      reason: enrolment ? "signed_in" : "factor_added",
      meta,
      keepAbsolute: !enrolment,
      ...(enrolment ? {} : { steppedUpAt: auth.session.steppedUpAt }),
    });
    if (!replaced) return null;
    await recordStaffAudit(txDeps.store, {
      staffId: auth.staff.id,
      tenantId: null,
      type: AUDIT.staffFactorEnrolled,
      meta,
      data: { factor: "passkey", passkeyId: passkey.id, userVerified: info.userVerified },
      at: now,
    });
    if (enrolment)
      await recordStaffAudit(txDeps.store, {
        staffId: auth.staff.id,
        tenantId: null,
        type: AUDIT.staffSignedIn,
        meta,
        data: { amr: ["pwd", "hwk"] },
        at: now,
      });
    return replaced;
  });
  if (!next) return WRONG_STAGE();
  return { ok: true, token: next.token, expiresAt: next.session.absoluteExpiresAt };
}

function assertionStage(purpose: TStaffAssertionPurpose) {
  return purpose === "sign-in" ? "factor" : "complete";
}

export async function startStaffPasskeyAssertion(
  deps: TDeps,
  auth: TStaffAuth,
  purpose: TStaffAssertionPurpose,
): Promise<{ ok: true; options: PublicKeyCredentialRequestOptionsJSON } | TStaffPasskeyFailure> {
  if (auth.session.stage !== assertionStage(purpose)) return WRONG_STAGE();
  const passkeys = await deps.store.staffPasskeys.listForStaff(auth.staff.id);
  if (passkeys.length === 0) return fail(STAFF, "NO_PASSKEY");
  const options = await authenticationOptions(deps, passkeys);
  await issueChallenge(deps, auth, "authentication", options.challenge);
  return { ok: true, options };
}

/**
 * Verifies an assertion from one of the member's own passkeys and issues a new session token:
 * the completed sign-in, or the same session stepped up (its 8-hour limit kept). Failures count
 * against the session's attempts like wrong codes.
 */
export async function finishStaffPasskeyAssertion(
  deps: TDeps,
  auth: TStaffAuth,
  response: AuthenticationResponseJSON,
  purpose: TStaffAssertionPurpose,
  meta: TRequestMeta,
): Promise<TStaffSessionIssued | TStaffPasskeyFailure> {
  if (auth.session.stage !== assertionStage(purpose)) return WRONG_STAGE();
  if (!(await withinStaffCodeAttempts(deps, auth))) return TOO_MANY();
  const context = purpose === "sign-in" ? "sign_in" : "step_up";
  const refuse = async (reason: string) => {
    await recordStaffFactorFailure(deps, auth, meta, context, { factor: "passkey", reason });
    return CEREMONY_FAILED();
  };
  const challenge = await consumeChallenge(deps, auth, "authentication", response?.response?.clientDataJSON);
  if (!challenge || typeof response.id !== "string") return refuse("challenge");
  const credential = await deps.store.staffPasskeys.findForStaff(auth.staff.id, response.id);
  if (!credential) return refuse("unknown_credential");
  const info = await checkAssertionSignature(deps, response, challenge, credential);
  if (!info) return refuse("signature");
  if (counterRegressed(credential.counter, info.newCounter)) return refuse("counter_regressed");
  const now = deps.now();
  const next = await withTransaction(deps, async (txDeps) => {
    if (!(await txDeps.store.staffPasskeys.recordUse(credential.id, credential.counter, info.newCounter, now)))
      return null;
    const replaced = await replaceStaffSession(txDeps, auth.session, {
      reason: purpose === "sign-in" ? "signed_in" : "stepped_up",
      meta,
      keepAbsolute: purpose === "step-up",
    });
    if (!replaced) return null;
    await recordStaffAudit(txDeps.store, {
      staffId: auth.staff.id,
      tenantId: null,
      type: purpose === "sign-in" ? AUDIT.staffSignedIn : AUDIT.staffSteppedUp,
      meta,
      data: { amr: ["pwd", "hwk"], passkeyId: credential.id, userVerified: info.userVerified },
      at: now,
    });
    return replaced;
  });
  if (!next) return refuse("replayed");
  return { ok: true, token: next.token, expiresAt: next.session.absoluteExpiresAt };
}

export type TStaffPasskeyView = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null; synced: boolean };

export async function listStaffPasskeys(deps: TDeps, staffId: string): Promise<TStaffPasskeyView[]> {
  return (await deps.store.staffPasskeys.listForStaff(staffId)).map((c) => ({
    id: c.id,
    name: c.name,
    createdAt: c.createdAt,
    lastUsedAt: c.lastUsedAt,
    synced: c.backupEligible,
  }));
}

/**
 * Removes one of the member's own passkeys after a fresh step-up. The last second factor cannot
 * go: without the app or another passkey the member could not sign in again.
 */
export async function removeStaffPasskey(
  deps: TDeps,
  auth: TStaffAuth,
  passkeyId: string,
  meta: TRequestMeta,
): Promise<{ ok: true } | TStaffPasskeyFailure> {
  if (auth.session.stage !== "complete") return WRONG_STAGE();
  const now = deps.now();
  if (!hasFreshStepUp(auth.session.steppedUpAt, now))
    return fail(STEP_UP, "STAFF_REQUIRED", { purpose: "remove_passkey" });
  const outcome = await withTransaction<"gone" | "last" | "removed">(deps, async (txDeps, rollback) => {
    // Holding the member's row first makes two concurrent removals run one after the other, so
    // the second counts what the first left (READ COMMITTED on PostgreSQL).
    await txDeps.store.staff.lockForFactorChange(auth.staff.id, now);
    if (!(await txDeps.store.staffPasskeys.remove(auth.staff.id, passkeyId))) return "gone" as const;
    // Counted after the delete, inside the transaction (the rollback undoes it).
    const staff = await txDeps.store.staff.findById(auth.staff.id);
    if (!staff?.totpConfirmedAt && (await txDeps.store.staffPasskeys.countForStaff(auth.staff.id)) === 0)
      rollback("last");
    await recordStaffAudit(txDeps.store, {
      staffId: auth.staff.id,
      tenantId: null,
      type: AUDIT.staffFactorRemoved,
      meta,
      data: { factor: "passkey", passkeyId },
      at: now,
    });
    return "removed" as const;
  });
  if (outcome === "gone") return fail(STAFF, "NOT_FOUND", { subject: "passkey" });
  if (outcome === "last") return fail(STAFF, "LAST_FACTOR");
  return { ok: true };
}

/** Whether the member has a second factor to prove at sign-in (an authenticator app or a passkey). */
export async function staffHasSecondFactor(
  deps: Pick<TDeps, "store">,
  staff: { id: string; totpConfirmedAt: Date | null },
): Promise<boolean> {
  return staff.totpConfirmedAt !== null || (await deps.store.staffPasskeys.countForStaff(staff.id)) > 0;
}
