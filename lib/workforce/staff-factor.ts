// The staff member's authenticator app (RFC 6238 through lib/identity/totp; passkeys are the other
// second factor, see staff-passkeys.ts): enrolled at first sign-in, asked after every password, and asked again before
// console actions
// (step-up, valid 5 minutes). Each proof retires the session token and issues a new one. A code
// is accepted for a step later than the last one used, with a conditional write, so one code
// works once even when submitted twice in parallel.
import { AUDIT } from "../audit/catalog";
import type { TStaffMember } from "../db/store";
import { checkTotp, generateTotpSecret, totpUri } from "../identity/totp";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { fail, type TFailure } from "../kernel/outcome";
import { RISK } from "../risk/outcomes";
import { consumeRateLimit } from "../risk/rate-limit";
import { STAFF } from "./outcomes";
import { STAFF_POLICY } from "./policy";
import { replaceStaffSession, type TStaffAuth } from "./staff-sessions";
import { recordStaffAudit } from "../audit/events";

const sealContext = (staffId: string) => `staff-totp:${staffId}`;
const ISSUER = "Portico staff";

export type TStaffFactorResult =
  | { ok: true; token: string; expiresAt: Date }
  | TFailure<typeof STAFF, "WRONG_CODE" | "NO_PENDING" | "WRONG_STAGE">
  | TFailure<typeof RISK, "RATE_LIMITED">;

/** Past the session's code attempts: the session has ended, so no wait helps. */
const TOO_MANY_CODES = () => fail(RISK, "RATE_LIMITED", { scope: "staff_codes", retryAfterSeconds: null });

/** Starts (or shows) the enrolment of an authenticator app at first sign-in. */
export async function pendingStaffTotp(deps: TDeps, auth: TStaffAuth): Promise<{ secret: string; uri: string } | null> {
  if (auth.session.stage !== "enrol" || auth.staff.totpConfirmedAt) return null;
  let sealed = auth.staff.totpSecretSealed;
  if (!sealed) {
    sealed = deps.secrets.seal(generateTotpSecret(), sealContext(auth.staff.id));
    if (!(await deps.store.staff.savePendingTotp(auth.staff.id, sealed, deps.now()))) return null;
  }
  const secret = deps.secrets.open(sealed, sealContext(auth.staff.id));
  return { secret, uri: totpUri(secret, auth.staff.email, ISSUER) };
}

/** Each session gets a few code attempts; past them the session ends and the password is asked again. */
export async function withinStaffCodeAttempts(deps: TDeps, auth: TStaffAuth): Promise<boolean> {
  const limit = await consumeRateLimit(
    deps.store,
    `staff-code:${auth.session.id}`,
    STAFF_POLICY.codeAttemptsPerSession,
    STAFF_POLICY.absoluteMinutes * 60,
    deps.now(),
  );
  if (limit.allowed) return true;
  await deps.store.staffSessions.revoke(auth.session.id, "too_many_codes", deps.now());
  return false;
}

function openSecret(deps: TDeps, staff: TStaffMember): string | null {
  return staff.totpSecretSealed ? deps.secrets.open(staff.totpSecretSealed, sealContext(staff.id)) : null;
}

export async function recordStaffFactorFailure(
  deps: TDeps,
  auth: TStaffAuth,
  meta: TRequestMeta,
  context: string,
  data: { factor: "totp" | "passkey"; reason?: string } = { factor: "totp" },
) {
  await withTransaction(deps, (txDeps) =>
    recordStaffAudit(txDeps.store, {
      staffId: auth.staff.id,
      tenantId: null,
      type: AUDIT.staffSecondFactorFailed,
      meta,
      data: { context, ...data },
      at: deps.now(),
    }),
  );
}

/** First sign-in: the code from the newly added app confirms it and completes the sign-in. */
export async function confirmStaffTotp(
  deps: TDeps,
  auth: TStaffAuth,
  code: string,
  meta: TRequestMeta,
): Promise<TStaffFactorResult> {
  if (auth.session.stage !== "enrol") return fail(STAFF, "WRONG_STAGE");
  // Read again: the secret was saved when the enrolment page was shown.
  const staff = await deps.store.staff.findById(auth.staff.id);
  const secret = staff && !staff.totpConfirmedAt ? openSecret(deps, staff) : null;
  if (!secret) return fail(STAFF, "NO_PENDING", { restart: "setup" });
  if (!(await withinStaffCodeAttempts(deps, auth))) return TOO_MANY_CODES();
  const now = deps.now();
  const check = checkTotp(secret, code, now, null);
  if (!check.ok) {
    await recordStaffFactorFailure(deps, auth, meta, "enrolment");
    return fail(STAFF, "WRONG_CODE");
  }
  const next = await withTransaction(deps, async (txDeps) => {
    if (!(await txDeps.store.staff.confirmTotp(auth.staff.id, check.step, now))) return null;
    const replaced = await replaceStaffSession(txDeps, auth.session, {
      reason: "signed_in",
      meta,
      keepAbsolute: false,
    });
    if (!replaced) return null;
    await recordStaffAudit(txDeps.store, {
      staffId: auth.staff.id,
      tenantId: null,
      type: AUDIT.staffFactorEnrolled,
      meta,
      data: { factor: "totp" },
      at: now,
    });
    await recordStaffAudit(txDeps.store, {
      staffId: auth.staff.id,
      tenantId: null,
      type: AUDIT.staffSignedIn,
      meta,
      data: { amr: ["pwd", "otp"] },
      at: now,
    });
    return replaced;
  });
  if (!next) return fail(STAFF, "NO_PENDING", { restart: "setup" });
  return { ok: true, token: next.token, expiresAt: next.session.absoluteExpiresAt };
}

/** Proves the enrolled code for `auth`: the sign-in's second step or a step-up. */
async function proveCode(
  deps: TDeps,
  auth: TStaffAuth,
  code: string,
  meta: TRequestMeta,
  kind:
    | { stage: "factor"; keepAbsolute: false; audit: typeof AUDIT.staffSignedIn }
    | { stage: "complete"; keepAbsolute: true; audit: typeof AUDIT.staffSteppedUp },
): Promise<TStaffFactorResult> {
  if (auth.session.stage !== kind.stage) return fail(STAFF, "WRONG_STAGE");
  const secret = openSecret(deps, auth.staff);
  if (!secret || !auth.staff.totpConfirmedAt) return fail(STAFF, "NO_PENDING", { restart: "sign_in" });
  if (!(await withinStaffCodeAttempts(deps, auth))) return TOO_MANY_CODES();
  const now = deps.now();
  const check = checkTotp(secret, code, now, auth.staff.totpLastUsedStep);
  if (!check.ok) {
    await recordStaffFactorFailure(deps, auth, meta, kind.stage === "factor" ? "sign_in" : "step_up");
    return fail(STAFF, "WRONG_CODE");
  }
  const next = await withTransaction(deps, async (txDeps) => {
    if (!(await txDeps.store.staff.useTotpStep(auth.staff.id, check.step, now))) return null;
    const replaced = await replaceStaffSession(txDeps, auth.session, {
      reason: kind.stage === "factor" ? "signed_in" : "stepped_up",
      meta,
      keepAbsolute: kind.keepAbsolute,
    });
    if (!replaced) return null;
    await recordStaffAudit(txDeps.store, {
      staffId: auth.staff.id,
      tenantId: null,
      type: kind.audit,
      meta,
      data: { amr: ["pwd", "otp"] },
      at: now,
    });
    return replaced;
  });
  if (!next) {
    await recordStaffFactorFailure(deps, auth, meta, "replayed");
    return fail(STAFF, "WRONG_CODE");
  }
  return { ok: true, token: next.token, expiresAt: next.session.absoluteExpiresAt };
}

export function verifyStaffSecondFactor(deps: TDeps, auth: TStaffAuth, code: string, meta: TRequestMeta) {
  return proveCode(deps, auth, code, meta, { stage: "factor", keepAbsolute: false, audit: AUDIT.staffSignedIn });
}

export function stepUpStaff(deps: TDeps, auth: TStaffAuth, code: string, meta: TRequestMeta) {
  return proveCode(deps, auth, code, meta, { stage: "complete", keepAbsolute: true, audit: AUDIT.staffSteppedUp });
}

/** Ends the staff session (sign-out). */
export async function signOutStaff(deps: TDeps, auth: TStaffAuth, meta: TRequestMeta) {
  const now = deps.now();
  await withTransaction(deps, async (txDeps) => {
    if (await txDeps.store.staffSessions.revoke(auth.session.id, "signed_out", now)) {
      await recordStaffAudit(txDeps.store, {
        staffId: auth.staff.id,
        tenantId: null,
        type: AUDIT.staffSignedOut,
        meta,
        at: now,
      });
    }
  });
}
