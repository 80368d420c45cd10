// Authenticator-app enrolment: start (a pending secret, shown as a QR code and as text), confirm
// with a code before it counts, remove. Adding or removing a factor needs a factor proven in the
// last 5 minutes, is audited, mails a notice and can end the other sessions.
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TSession } from "../sessions/types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { endOtherSessions } from "./other-sessions";
import { queueChangeNotice } from "../mail/queue-mail";
import { createSession } from "../sessions/create-session";
import { methodTimesOf } from "../sessions/recent-proof";
import { rotateSessionToken } from "../sessions/rotate-session";
import { factorAddedTo, isAt, isSignedIn } from "../sessions/sign-in-stage";
import { policyForUser, tenantForUser } from "../organisations/policy";
import { factorChangeGate, type TFactorChangeRefusal } from "../step-up/step-up";
import { computeAssurance, firstProofOf } from "../identity/assurance";
import { hasSecondFactor, loadAuthenticators, passkeyCount } from "../identity/authenticators";
import { generateRecoveryCodes, hashRecoveryCode } from "../identity/recovery-codes";
import { checkTotp, generateTotpSecret, totpContext, totpUri } from "../identity/totp";
import { completeSignIn } from "../risk/sign-in-risk";
import { fail, type TFailure } from "../kernel/outcome";
import { ACCOUNT } from "../identity/account-outcomes";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";

type TAuth = { session: TSession; user: TUser };

/** A started authenticator-app set-up must be confirmed within this time. */
export const PENDING_TOTP_MINUTES = 15;

export type TTotpStartResult =
  { ok: true } | TFailure<typeof ACCOUNT, "METHOD_NOT_ALLOWED" | "ALREADY_ENROLLED"> | TFactorChangeRefusal;

export async function startTotpEnrolment(
  deps: TDeps,
  tenantOfRequest: TTenant,
  auth: TAuth,
): Promise<TTotpStartResult> {
  // A member's organisation may not allow authenticator apps (lib/organisations/policy.ts).
  const member = await policyForUser(deps, tenantOfRequest, auth.user);
  const tenant = member.tenant;
  // mfaPolicy "off": Portico offers no second factor to set up (one already enrolled keeps working).
  if (!tenant.allowTotp || tenant.mfaPolicy === "off") return fail(ACCOUNT, "METHOD_NOT_ALLOWED");
  // Where the organisation does not allow passwords, an app after the password would not make an
  // allowed sign-in: its required enrolment is a passkey (after an enterprise sign-in an app does).
  if (
    member.organisation &&
    isAt(auth.session, "enrol_factor") &&
    !tenant.allowPassword &&
    !auth.session.amr.includes("fed")
  )
    return fail(ACCOUNT, "METHOD_NOT_ALLOWED");
  const existing = await deps.store.totp.findByUserId(tenant.id, auth.user.id);
  if (existing?.confirmedAt) return fail(ACCOUNT, "ALREADY_ENROLLED");
  const gate = await factorChangeGate(deps, tenant, auth, "factor.add", null);
  if (!gate.ok) return gate;
  const secret = generateTotpSecret();
  await deps.store.totp.savePending(
    tenant.id,
    auth.user.id,
    deps.secrets.seal(secret, totpContext(tenant.id, auth.user.id)),
    deps.now(),
  );
  return { ok: true };
}

/** The enrolment in progress, to show its QR code and secret; null when there is none. */
export async function findPendingTotp(
  deps: TDeps,
  tenant: TTenant,
  user: TUser,
): Promise<{ secret: string; uri: string } | null> {
  const pending = await deps.store.totp.findByUserId(tenant.id, user.id);
  if (!pending || pending.confirmedAt) return null;
  const secret = deps.secrets.open(pending.secretSealed, totpContext(tenant.id, user.id));
  return { secret, uri: totpUri(secret, user.email, tenant.name) };
}

export type TTotpConfirmResult =
  | {
      ok: true;
      recoveryCodes: string[] | null;
      rotated: { token: string; session: TSession } | null;
      endedSessions: number;
    }
  | TFailure<typeof ACCOUNT, "NO_PENDING" | "WRONG_CODE" | "SETUP_EXPIRED">;

export async function confirmTotpEnrolment(
  deps: TDeps,
  tenant: TTenant,
  auth: TAuth,
  input: { code: string; endOtherSessions: boolean },
  meta: TRequestMeta,
): Promise<TTotpConfirmResult> {
  const now = deps.now();
  const pending = await deps.store.totp.findByUserId(tenant.id, auth.user.id);
  if (!pending || pending.confirmedAt) return fail(ACCOUNT, "NO_PENDING");
  // The set-up was started behind the step-up check; it must be finished while that is recent.
  if (now.getTime() - pending.createdAt.getTime() > PENDING_TOTP_MINUTES * 60_000)
    return fail(ACCOUNT, "SETUP_EXPIRED");
  const secret = deps.secrets.open(pending.secretSealed, totpContext(tenant.id, auth.user.id));
  const check = checkTotp(secret, input.code, now, null);
  if (!check.ok) return fail(ACCOUNT, "WRONG_CODE");
  const authenticators = await loadAuthenticators(deps.store, tenant, auth.user.id);
  const recoveryCodes = authenticators.recoveryCodes.remaining === 0 ? generateRecoveryCodes() : null;
  const result = await withTransaction<{
    rotated: Awaited<ReturnType<typeof createSession>>;
    ended: number;
  } | null>(deps, async (txDeps, rollback) => {
    if (!(await txDeps.store.totp.confirm(tenant.id, auth.user.id, check.step, now))) return null;
    if (recoveryCodes)
      await txDeps.store.recoveryCodes.replaceAll(
        tenant.id,
        auth.user.id,
        recoveryCodes.map((c) => hashRecoveryCode(c)!),
        now,
      );
    const ended = await endOtherSessions(txDeps, tenant, auth, input.endOtherSessions, "factor_added", now);
    await txDeps.store.users.markCredentialsChanged(tenant.id, auth.user.id, now);
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: auth.user.id,
      type: AUDIT.factorAdded,
      meta,
      data: { factor: "totp", recoveryCodesIssued: recoveryCodes !== null, endedSessions: ended },
      at: now,
    });
    await queueChangeNotice(txDeps, tenant, auth.user.email, "An authenticator app was added");
    // The code just entered proves the new factor: the session is re-issued with the assurance it now has.
    const methodTimes = { ...methodTimesOf(auth.session), otp: now.toISOString() };
    const { aal, amr } = computeAssurance([firstProofOf(auth.session), { method: "totp" }]);
    // Compare-and-set on the session's stage: if another request already replaced it (another
    // enrolment, a sign-out), the rollback takes the confirmation back with it.
    if (!(await factorAddedTo(txDeps.store, auth.session, now)).ok) rollback(null);
    const rotated = await createSession(txDeps, {
      tenant,
      userId: auth.user.id,
      meta,
      aal,
      amr,
      methodTimes,
      authTime: auth.session.authTime,
    });
    if (!isSignedIn(auth.session)) {
      // Enrolment required by the tenant was the last step of this sign-in.
      await completeSignIn(txDeps, {
        tenant,
        user: auth.user,
        sessionId: rotated.session.id,
        meta,
        method: "password+totp_enrolment",
      });
    }
    return { rotated, ended };
  });
  if (!result) return fail(ACCOUNT, "NO_PENDING");
  return { ok: true, recoveryCodes, rotated: result.rotated, endedSessions: result.ended };
}

export type TTotpRemoveResult =
  | { ok: true; endedSessions: number; rotated: { token: string; expires: Date } | null }
  | TFailure<typeof ACCOUNT, "NOT_ENROLLED" | "REQUIRED_BY_POLICY">
  | TFactorChangeRefusal;

export async function removeTotp(
  deps: TDeps,
  tenant: TTenant,
  auth: TAuth,
  input: { endOtherSessions: boolean },
  meta: TRequestMeta,
): Promise<TTotpRemoveResult> {
  const now = deps.now();
  const gate = await factorChangeGate(deps, tenant, auth, "factor.remove", meta);
  if (!gate.ok) return gate;
  const authenticators = await loadAuthenticators(deps.store, tenant, auth.user.id);
  if (!authenticators.totp) return fail(ACCOUNT, "NOT_ENROLLED");
  const member = await tenantForUser(deps, tenant, auth.user);
  if (member.mfaPolicy === "required" && passkeyCount(authenticators) === 0) {
    return fail(ACCOUNT, "REQUIRED_BY_POLICY");
  }
  const ended = await withTransaction(deps, async (txDeps) => {
    await txDeps.store.totp.remove(tenant.id, auth.user.id);
    // Recovery codes back up a second factor; with none left they would be a bare password.
    if (passkeyCount(authenticators) === 0) await txDeps.store.recoveryCodes.removeAll(tenant.id, auth.user.id);
    const count = await endOtherSessions(txDeps, tenant, auth, input.endOtherSessions, "factor_removed", now);
    await txDeps.store.users.markCredentialsChanged(tenant.id, auth.user.id, now);
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: auth.user.id,
      type: AUDIT.factorRemoved,
      meta,
      data: { factor: "totp", endedSessions: count },
      at: now,
    });
    await queueChangeNotice(txDeps, tenant, auth.user.email, "An authenticator app was removed");
    return { count, rotated: await rotateSessionToken(txDeps.store, tenant, auth.session) };
  });
  return { ok: true, endedSessions: ended.count, rotated: ended.rotated };
}

export type TRegenerateResult =
  { ok: true; recoveryCodes: string[] } | TFailure<typeof ACCOUNT, "NO_SECOND_FACTOR"> | TFactorChangeRefusal;

/** A new set of ten codes; the old set stops working in the same transaction. */
export async function regenerateRecoveryCodes(
  deps: TDeps,
  tenant: TTenant,
  auth: TAuth,
  meta: TRequestMeta,
): Promise<TRegenerateResult> {
  const now = deps.now();
  const gate = await factorChangeGate(deps, tenant, auth, "recovery_codes.regenerate", meta);
  if (!gate.ok) return gate;
  if (!hasSecondFactor(await loadAuthenticators(deps.store, tenant, auth.user.id)))
    return fail(ACCOUNT, "NO_SECOND_FACTOR");
  const codes = generateRecoveryCodes();
  await withTransaction(deps, async (txDeps) => {
    await txDeps.store.recoveryCodes.replaceAll(
      tenant.id,
      auth.user.id,
      codes.map((c) => hashRecoveryCode(c)!),
      now,
    );
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: auth.user.id,
      type: AUDIT.recoveryCodesRegenerated,
      meta,
      at: now,
    });
    await queueChangeNotice(
      txDeps,
      tenant,
      auth.user.email,
      "New recovery codes were created (the old ones no longer work)",
    );
  });
  return { ok: true, recoveryCodes: codes };
}
