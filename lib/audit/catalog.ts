// Every audit event Portico writes, declared once: its type (noun.past_verb), who causes it and
// whether the row must carry a written reason. The writers (`recordAudit`, `recordStaffAudit`)
// accept only these types, and the admin audit log's filter offers exactly this list, so an
// event cannot be written that the log cannot find.

/** customer: an end user's own action; staff: a tenant's staff or the platform operator; system: Portico itself (risk engine, expiry). */
export type TAuditActor = "customer" | "staff" | "system";

type TAuditEventSpec = { readonly type: string; readonly actors: readonly TAuditActor[]; readonly reasonRequired?: true };

const CATALOG = {
  // Customer sign-up, verification and sign-in
  userSignedUp: { type: "user.signed_up", actors: ["customer"] },
  userSignupRepeated: { type: "user.signup_repeated", actors: ["customer"] },
  emailVerificationSent: { type: "email.verification_sent", actors: ["customer", "system"] },
  emailVerified: { type: "email.verified", actors: ["customer"] },
  userSignedIn: { type: "user.signed_in", actors: ["customer"] },
  userSignInFailed: { type: "user.sign_in_failed", actors: ["customer"] },
  userLocked: { type: "user.locked", actors: ["system"] },
  userSignedOut: { type: "user.signed_out", actors: ["customer"] },
  secondFactorSucceeded: { type: "second_factor.succeeded", actors: ["customer"] },
  secondFactorFailed: { type: "second_factor.failed", actors: ["customer"] },
  signInRiskAssessed: { type: "risk.sign_in_assessed", actors: ["system"] },
  passkeyCounterRegressed: { type: "passkey.counter_regressed", actors: ["system"] },
  signInCodeSent: { type: "sign_in_code.sent", actors: ["system"] },
  signInCodeFailed: { type: "sign_in_code.failed", actors: ["customer"] },
  signInCodeSucceeded: { type: "sign_in_code.succeeded", actors: ["customer"] },
  partialSignInNotified: { type: "partial_sign_in.notified", actors: ["system"] },
  // Customer sessions
  sessionRevoked: { type: "session.revoked", actors: ["customer"] },
  sessionsRevoked: { type: "session.revoked_others", actors: ["customer"] },
  sessionContextChanged: { type: "session.context_changed", actors: ["system"] },
  // Customer profile and factors
  profileUpdated: { type: "profile.updated", actors: ["customer"] },
  passwordChanged: { type: "password.changed", actors: ["customer"] },
  factorAdded: { type: "factor.added", actors: ["customer"] },
  factorRemoved: { type: "factor.removed", actors: ["customer"] },
  recoveryCodesRegenerated: { type: "recovery_codes.regenerated", actors: ["customer"] },
  emailChangeRequested: { type: "email_change.requested", actors: ["customer"] },
  emailChanged: { type: "email.changed", actors: ["customer"] },
  emailChangeUndone: { type: "email_change.undone", actors: ["customer"] },
  payoutChanged: { type: "payout.changed", actors: ["customer"] },
  // Step-up
  userReauthenticated: { type: "user.reauthenticated", actors: ["customer"] },
  stepUpSucceeded: { type: "step_up.succeeded", actors: ["customer"] },
  stepUpFailed: { type: "step_up.failed", actors: ["customer"] },
  stepUpBlocked: { type: "step_up.blocked", actors: ["system"] },
  // Recovery
  passwordResetRequested: { type: "password_reset.requested", actors: ["customer"] },
  passwordReset: { type: "password.reset", actors: ["customer"] },
  passwordResetFactorFailed: { type: "password_reset.factor_failed", actors: ["customer"] },
  recoveryRequested: { type: "recovery.requested", actors: ["customer"] },
  recoveryCancelled: { type: "recovery.cancelled", actors: ["customer", "staff"] },
  recoveryCompleted: { type: "recovery.completed", actors: ["customer"] },
  passwordBreachCheckSkipped: { type: "password.breach_check_skipped", actors: ["system"] },
  // Staff acting on customer accounts (support and admin consoles): always with a reason
  userUnlocked: { type: "user.unlocked", actors: ["staff"], reasonRequired: true },
  sessionsRevokedByStaff: { type: "session.revoked_by_staff", actors: ["staff"], reasonRequired: true },
  userDisabled: { type: "user.disabled", actors: ["staff"], reasonRequired: true },
  userEnabled: { type: "user.enabled", actors: ["staff"], reasonRequired: true },
  passwordResetStartedByStaff: { type: "password_reset.started_by_staff", actors: ["staff"] },
  assistedRecoveryStarted: { type: "recovery.assisted_started", actors: ["staff"], reasonRequired: true },
  // Tenant settings
  brandingUpdated: { type: "tenant.branding_updated", actors: ["staff"] },
  tenantPolicyUpdated: { type: "tenant.policy_updated", actors: ["staff"] },
  stepUpPolicyUpdated: { type: "step_up.policy_updated", actors: ["staff"] },
  stepUpPolicyRemoved: { type: "step_up.policy_removed", actors: ["staff"] },
  // The workforce realm: tenants, staff identities, their sign-in and their team
  tenantCreated: { type: "tenant.created", actors: ["staff"] },
  staffCreated: { type: "staff.created", actors: ["staff"] },
  staffRoleAssigned: { type: "staff.role_assigned", actors: ["staff"] },
  staffRoleRemoved: { type: "staff.role_removed", actors: ["staff"] },
  staffInvited: { type: "staff.invited", actors: ["staff"] },
  staffInvitationAccepted: { type: "staff.invitation_accepted", actors: ["staff"] },
  staffInvitationDeclined: { type: "staff.invitation_declined", actors: ["staff"] },
  staffInvitationWithdrawn: { type: "staff.invitation_withdrawn", actors: ["staff"] },
  staffSetupLinkIssued: { type: "staff.setup_link_issued", actors: ["staff"] },
  staffSetupCompleted: { type: "staff.setup_completed", actors: ["staff"] },
  staffSignedIn: { type: "staff.signed_in", actors: ["staff"] },
  staffSignInFailed: { type: "staff.sign_in_failed", actors: ["staff"] },
  staffSecondFactorFailed: { type: "staff.second_factor_failed", actors: ["staff"] },
  staffFactorEnrolled: { type: "staff.factor_enrolled", actors: ["staff"] },
  staffFactorRemoved: { type: "staff.factor_removed", actors: ["staff"] },
  staffFactorsReset: { type: "staff.factors_reset", actors: ["staff"] },
  staffSteppedUp: { type: "staff.stepped_up", actors: ["staff"] },
  staffSignedOut: { type: "staff.signed_out", actors: ["staff"] },
  auditExported: { type: "audit.exported", actors: ["staff"] },
} as const satisfies Record<string, TAuditEventSpec>;

type TCatalog = typeof CATALOG;
export type TAuditEventName = keyof TCatalog;
export type TAuditType = TCatalog[TAuditEventName]["type"];

/** Event types by name, for writers: `AUDIT.userSignedIn` is `"user.signed_in"`. */
export const AUDIT = Object.fromEntries(Object.entries(CATALOG).map(([name, spec]) => [name, spec.type])) as {
  readonly [K in TAuditEventName]: TCatalog[K]["type"];
};

const BY_TYPE: ReadonlyMap<string, TAuditEventSpec> = new Map(Object.values(CATALOG).map((spec) => [spec.type, spec]));

/** Every event type, sorted: the audit log's filter list and the CSV's vocabulary. */
export const AUDIT_TYPES: readonly TAuditType[] = [...BY_TYPE.keys()].sort() as TAuditType[];

export function isAuditType(value: string): value is TAuditType {
  return BY_TYPE.has(value);
}

export function auditEventSpec(type: TAuditType): TAuditEventSpec {
  const spec = BY_TYPE.get(type);
  if (!spec) throw new Error(`audit event ${type} is not catalogued`);
  return spec;
}
