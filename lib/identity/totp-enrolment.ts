// Authenticator-app enrolment: start (a pending secret, shown as a QR code and as text), confirm
// with a code before it counts, remove. Adding or removing a factor needs a factor proven in the
// last 5 minutes, is audited, mails a notice and can end the other sessions.
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TSession, TSessionStage, TTenant, TUser } from "../db/store";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { queueMail, tenantUrl } from "../mail/queue-mail";
import { templates } from "../mail/templates";
import { createSession } from "../sessions/create-session";
import { methodTimesOf } from "../sessions/recent-proof";
import { rotateSessionToken } from "../sessions/rotate-session";
import { factorChangeGate, type TFactorChangeRefusal } from "../step-up/step-up";
import { computeAssurance } from "./assurance";
import { userFactors } from "./factors";
import { generateRecoveryCodes, hashRecoveryCode } from "./recovery-codes";
import { checkTotp, generateTotpSecret, totpUri } from "./totp";
import { completeSignIn } from "../risk/sign-in-risk";

type TAuth = { session: TSession; user: TUser };

/** A started authenticator-app set-up must be confirmed within this time. */
export const PENDING_TOTP_MINUTES = 15;

export const totpContext = (tenantId: string, userId: string) => `totp:${tenantId}:${userId}`;

export type TTotpStartResult =
  | { ok: true }
  | { ok: false; code: "METHOD_NOT_ALLOWED" | "ALREADY_ENROLLED" | "REAUTH_REQUIRED" | "EMAIL_NOT_VERIFIED"; message: string }
  | TFactorChangeRefusal;

export async function startTotpEnrolment(deps: TDeps, tenant: TTenant, auth: TAuth): Promise<TTotpStartResult> {
  // mfaPolicy "off": Portico offers no second factor to set up (one already enrolled keeps working).
  if (!tenant.allowTotp || tenant.mfaPolicy === "off") return { ok: false, code: "METHOD_NOT_ALLOWED", message: `${tenant.name} does not offer authenticator apps.` };
  const existing = await deps.store.totp.findByUserId(tenant.id, auth.user.id);
  if (existing?.confirmedAt) return { ok: false, code: "ALREADY_ENROLLED", message: "An authenticator app is already set up. Remove it first to set up another." };
  const gate = await factorChangeGate(deps, tenant, auth, "factor.add", null);
  if (!gate.ok) return gate;
  const secret = generateTotpSecret();
  await deps.store.totp.savePending(tenant.id, auth.user.id, deps.secrets.seal(secret, totpContext(tenant.id, auth.user.id)), deps.now());
  return { ok: true };
}

/** The enrolment in progress, to show its QR code and secret; null when there is none. */
export async function findPendingTotp(deps: TDeps, tenant: TTenant, user: TUser): Promise<{ secret: string; uri: string } | null> {
  const pending = await deps.store.totp.findByUserId(tenant.id, user.id);
  if (!pending || pending.confirmedAt) return null;
  const secret = deps.secrets.open(pending.secretSealed, totpContext(tenant.id, user.id));
  return { secret, uri: totpUri(secret, user.email, tenant.name) };
}

export type TTotpConfirmResult =
  | { ok: true; recoveryCodes: string[] | null; rotated: { token: string; session: TSession } | null; endedSessions: number }
  | { ok: false; code: "NO_PENDING" | "WRONG_CODE" | "REAUTH_REQUIRED"; message: string };

export async function confirmTotpEnrolment(
  deps: TDeps,
  tenant: TTenant,
  auth: TAuth,
  input: { code: string; endOtherSessions: boolean },
  meta: TRequestMeta,
): Promise<TTotpConfirmResult> {
  const now = deps.now();
  const pending = await deps.store.totp.findByUserId(tenant.id, auth.user.id);
  if (!pending || pending.confirmedAt) return { ok: false, code: "NO_PENDING", message: "Start the set-up again." };
  // The set-up was started behind the step-up check; it must be finished while that is recent.
  if (now.getTime() - pending.createdAt.getTime() > PENDING_TOTP_MINUTES * 60_000) return { ok: false, code: "REAUTH_REQUIRED", message: "This set-up has expired. Start it again." };
  const secret = deps.secrets.open(pending.secretSealed, totpContext(tenant.id, auth.user.id));
  const check = checkTotp(secret, input.code, now, null);
  if (!check.ok) return { ok: false, code: "WRONG_CODE", message: "That code is not right. Check the time on your device and enter the current 6-digit code." };
  const factors = await userFactors(deps.store, tenant.id, auth.user.id);
  const recoveryCodes = factors.recoveryCodes === 0 ? generateRecoveryCodes() : null;
  const result = await deps.store.transaction<{ rotated: Awaited<ReturnType<typeof createSession>>; ended: number } | null>(async (tx, rollback) => {
    if (!(await tx.totp.confirm(tenant.id, auth.user.id, check.step, now))) return null;
    if (recoveryCodes) await tx.recoveryCodes.replaceAll(tenant.id, auth.user.id, recoveryCodes.map((c) => hashRecoveryCode(c)!), now);
    const ended = input.endOtherSessions ? await tx.sessions.revokeAllForUser(tenant.id, auth.user.id, "factor_added", now, auth.session.id) : 0;
    await tx.users.markCredentialsChanged(tenant.id, auth.user.id, now);
    await recordAudit(tx, { tenantId: tenant.id, userId: auth.user.id, type: AUDIT.factorAdded, meta, data: { factor: "totp", recoveryCodesIssued: recoveryCodes !== null, endedSessions: ended }, at: now });
    await queueMail(tx, deps, tenant, auth.user.email, templates.factorChanged(tenant, "An authenticator app was added", tenantUrl(deps, tenant, "account/sessions")));
    // The code just entered proves the new factor: the session is re-issued with the assurance it now has.
    const methodTimes = { ...methodTimesOf(auth.session), otp: now.toISOString() };
    const { aal, amr } = computeAssurance([{ method: "password" }, { method: "totp" }]);
    // Compare-and-set on the session's stage: if another request already replaced it (another
    // enrolment, a sign-out), the rollback takes the confirmation back with it.
    if (!(await tx.sessions.endStage(tenant.id, auth.user.id, auth.session.id, auth.session.stage as TSessionStage, "rotated_factor_added", now))) rollback(null);
    const rotated = await createSession(tx, deps, { tenant, userId: auth.user.id, meta, aal, amr, methodTimes, authTime: auth.session.authTime });
    if (auth.session.stage !== "complete") {
      // Enrolment required by the tenant was the last step of this sign-in.
      await completeSignIn(tx, deps, { tenant, user: auth.user, sessionId: rotated.session.id, meta, method: "password+totp_enrolment" });
    }
    return { rotated, ended };
  });
  if (!result) return { ok: false, code: "NO_PENDING", message: "Start the set-up again." };
  return { ok: true, recoveryCodes, rotated: result.rotated, endedSessions: result.ended };
}

export type TTotpRemoveResult =
  | { ok: true; endedSessions: number; rotated: { token: string; expires: Date } | null }
  | { ok: false; code: "NOT_ENROLLED" | "REAUTH_REQUIRED" | "EMAIL_NOT_VERIFIED" | "REQUIRED_BY_POLICY"; message: string }
  | TFactorChangeRefusal;

export async function removeTotp(deps: TDeps, tenant: TTenant, auth: TAuth, input: { endOtherSessions: boolean }, meta: TRequestMeta): Promise<TTotpRemoveResult> {
  const now = deps.now();
  const gate = await factorChangeGate(deps, tenant, auth, "factor.remove", meta);
  if (!gate.ok) return gate;
  const factors = await userFactors(deps.store, tenant.id, auth.user.id);
  if (!factors.totp) return { ok: false, code: "NOT_ENROLLED", message: "No authenticator app is set up." };
  if (tenant.mfaPolicy === "required" && factors.passkeys === 0) {
    return { ok: false, code: "REQUIRED_BY_POLICY", message: `${tenant.name} requires a second factor. Add a passkey before removing your authenticator app.` };
  }
  const ended = await deps.store.transaction(async (tx) => {
    await tx.totp.remove(tenant.id, auth.user.id);
    // Recovery codes back up a second factor; with none left they would be a bare password.
    if (factors.passkeys === 0) await tx.recoveryCodes.removeAll(tenant.id, auth.user.id);
    const count = input.endOtherSessions ? await tx.sessions.revokeAllForUser(tenant.id, auth.user.id, "factor_removed", now, auth.session.id) : 0;
    await tx.users.markCredentialsChanged(tenant.id, auth.user.id, now);
    await recordAudit(tx, { tenantId: tenant.id, userId: auth.user.id, type: AUDIT.factorRemoved, meta, data: { factor: "totp", endedSessions: count }, at: now });
    await queueMail(tx, deps, tenant, auth.user.email, templates.factorChanged(tenant, "An authenticator app was removed", tenantUrl(deps, tenant, "account/sessions")));
    return { count, rotated: await rotateSessionToken(tx, tenant, auth.session) };
  });
  return { ok: true, endedSessions: ended.count, rotated: ended.rotated };
}

export type TRegenerateResult = { ok: true; recoveryCodes: string[] } | { ok: false; code: "REAUTH_REQUIRED" | "EMAIL_NOT_VERIFIED" | "NO_SECOND_FACTOR"; message: string } | TFactorChangeRefusal;

/** A new set of ten codes; the old set stops working in the same transaction. */
export async function regenerateRecoveryCodes(deps: TDeps, tenant: TTenant, auth: TAuth, meta: TRequestMeta): Promise<TRegenerateResult> {
  const now = deps.now();
  const gate = await factorChangeGate(deps, tenant, auth, "recovery_codes.regenerate", meta);
  if (!gate.ok) return gate;
  const factors = await userFactors(deps.store, tenant.id, auth.user.id);
  if (!factors.totp && factors.passkeys === 0) return { ok: false, code: "NO_SECOND_FACTOR", message: "Set up a second factor first." };
  const codes = generateRecoveryCodes();
  await deps.store.transaction(async (tx) => {
    await tx.recoveryCodes.replaceAll(tenant.id, auth.user.id, codes.map((c) => hashRecoveryCode(c)!), now);
    await recordAudit(tx, { tenantId: tenant.id, userId: auth.user.id, type: AUDIT.recoveryCodesRegenerated, meta, at: now });
    await queueMail(tx, deps, tenant, auth.user.email, templates.factorChanged(tenant, "New recovery codes were created (the old ones no longer work)", tenantUrl(deps, tenant, "account/sessions")));
  });
  return { ok: true, recoveryCodes: codes };
}
