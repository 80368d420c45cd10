// Audit event names (noun.past_verb). Events are written with the repositories of the same
// transaction as the change they describe, so a change without its audit row cannot commit.
import type { TAuditInput, TRepositories } from "../db/store";
import type { TRequestMeta } from "../kernel/deps";

export const AUDIT = {
  userSignedUp: "user.signed_up",
  userSignupRepeated: "user.signup_repeated",
  emailVerificationSent: "email.verification_sent",
  emailVerified: "email.verified",
  userSignedIn: "user.signed_in",
  userSignInFailed: "user.sign_in_failed",
  userLocked: "user.locked",
  userSignedOut: "user.signed_out",
  sessionRevoked: "session.revoked",
  sessionsRevoked: "session.revoked_others",
  profileUpdated: "profile.updated",
  passwordChanged: "password.changed",
  passwordResetRequested: "password_reset.requested",
  passwordReset: "password.reset",
  passwordResetFactorFailed: "password_reset.factor_failed",
  recoveryRequested: "recovery.requested",
  recoveryCancelled: "recovery.cancelled",
  recoveryCompleted: "recovery.completed",
  factorAdded: "factor.added",
  factorRemoved: "factor.removed",
  recoveryCodesRegenerated: "recovery_codes.regenerated",
  secondFactorSucceeded: "second_factor.succeeded",
  secondFactorFailed: "second_factor.failed",
  userReauthenticated: "user.reauthenticated",
  stepUpSucceeded: "step_up.succeeded",
  stepUpFailed: "step_up.failed",
  stepUpBlocked: "step_up.blocked",
  signInRiskAssessed: "risk.sign_in_assessed",
  sessionContextChanged: "session.context_changed",
  emailChangeRequested: "email_change.requested",
  emailChanged: "email.changed",
  emailChangeUndone: "email_change.undone",
  payoutChanged: "payout.changed",
  passkeyCounterRegressed: "passkey.counter_regressed",
  signInCodeSent: "sign_in_code.sent",
  signInCodeFailed: "sign_in_code.failed",
  signInCodeSucceeded: "sign_in_code.succeeded",
  partialSignInNotified: "partial_sign_in.notified",
} as const;

export type TAuditType = (typeof AUDIT)[keyof typeof AUDIT];

/** An audit row from an event and the request that caused it (the user agent is capped). */
export function auditRow(event: {
  tenantId: string | null;
  userId?: string | null;
  type: string;
  meta?: TRequestMeta;
  data?: Record<string, unknown>;
  staffId?: string | null;
  reason?: string | null;
  at: Date;
}): TAuditInput {
  return {
    tenantId: event.tenantId,
    userId: event.userId ?? null,
    type: event.type,
    ip: event.meta?.ip ?? null,
    userAgent: event.meta?.userAgent?.slice(0, 512) ?? null,
    data: event.data ?? {},
    staffId: event.staffId ?? null,
    reason: event.reason ?? null,
    at: event.at,
  };
}

export function recordAudit(
  tx: TRepositories,
  event: {
    tenantId: string;
    userId?: string | null;
    type: TAuditType;
    meta?: TRequestMeta;
    data?: Record<string, unknown>;
    at: Date;
  },
) {
  return tx.audit.record(auditRow(event));
}
