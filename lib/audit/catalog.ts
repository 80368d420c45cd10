// Every audit event Portico writes, declared once: its type (noun.past_verb), who causes it,
// whether the row must carry a written reason, and the shape of its data. The writers
// (`recordAudit`, `recordStaffAudit`) accept only these types, type-check the data against the
// schema at compile time and parse it at run time (an event with the wrong data rolls back the
// change it describes), and the admin audit log's filter offers exactly this list, so an event
// cannot be written that the log cannot find or read. Reading rows back, lib/db/rows.ts checks
// their data against the same schemas (`readStoredAudit`), so readers get typed data or a row
// marked as no longer fitting. A leaf: imports only zod, so lib/db may import it.
import { z } from "zod";
import { ZOrgPolicySchema } from "../organisations/types";

/**
 * customer: an end user's own action; staff: a tenant's staff or the platform operator; system: Portico itself (risk
 * engine, expiry).
 */
export type TAuditActor = "customer" | "staff" | "system";

type TAuditEventSpec = {
  readonly type: string;
  readonly actors: readonly TAuditActor[];
  readonly reasonRequired?: true;
  readonly data: z.ZodType<Record<string, unknown>>;
};

/** A settings value as the old→new record of a change holds it (never a secret). */
const ZSettingValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const ZSettingsDiff = z.record(z.string(), z.strictObject({ from: ZSettingValue, to: ZSettingValue }));

const CATALOG = {
  // Customer sign-up, verification and sign-in
  userSignedUp: { type: "user.signed_up", actors: ["customer"], data: z.strictObject({}) },
  userSignupRepeated: {
    type: "user.signup_repeated",
    actors: ["customer"],
    data: z.strictObject({ notified: z.boolean() }),
  },
  emailVerificationSent: { type: "email.verification_sent", actors: ["customer", "system"], data: z.strictObject({}) },
  emailVerified: {
    type: "email.verified",
    actors: ["customer"],
    data: z.strictObject({
      email: z.string(),
      firstProof: z.boolean(),
      signupBrowser: z.boolean(),
      removedFactors: z.strictObject({ passkeys: z.number(), totp: z.number(), recoveryCodes: z.number() }).optional(),
      removedPassword: z.boolean().optional(),
      endedSessions: z.number().optional(),
      forgotten: z.strictObject({ devices: z.number(), networks: z.number() }).optional(),
    }),
  },
  userSignedIn: {
    type: "user.signed_in",
    actors: ["customer"],
    data: z.strictObject({
      sessionId: z.string().optional(),
      method: z.string().optional(),
      risk: z.strictObject({ decision: z.string(), reasons: z.array(z.string()) }).optional(),
      riskChallenge: z.string().optional(),
      aal: z.number().optional(),
      userVerified: z.boolean().optional(),
    }),
  },
  userSignInFailed: {
    type: "user.sign_in_failed",
    actors: ["customer"],
    data: z.strictObject({
      reason: z.string().optional(),
      context: z.string().optional(),
      consecutiveFailures: z.number().optional(),
      knownDevice: z.boolean().optional(),
    }),
  },
  userLocked: {
    type: "user.locked",
    actors: ["system"],
    data: z.strictObject({
      permanent: z.boolean(),
      until: z.string().nullable(),
      consecutiveFailures: z.number(),
      context: z.string(),
      reason: z.string().optional(),
    }),
  },
  userSignedOut: { type: "user.signed_out", actors: ["customer"], data: z.strictObject({ sessionId: z.string() }) },
  secondFactorSucceeded: {
    type: "second_factor.succeeded",
    actors: ["customer"],
    data: z.strictObject({ method: z.string(), sessionId: z.string(), aal: z.number() }),
  },
  secondFactorFailed: {
    type: "second_factor.failed",
    actors: ["customer"],
    data: z.strictObject({
      kind: z.string(),
      attemptsThisSignIn: z.number(),
      consecutiveFailures: z.number(),
      knownDevice: z.boolean(),
    }),
  },
  // The tenant's abuse threat level changed (lib/risk/threat-level.ts): by the signals (system) or
  // by a tenant admin holding or lowering it (staff).
  threatLevelChanged: {
    type: "threat.level_changed",
    actors: ["system", "staff"],
    data: z.strictObject({
      from: z.enum(["calm", "elevated", "attack"]),
      to: z.enum(["calm", "elevated", "attack"]),
      cause: z.enum(["signals", "admin"]),
      failures: z.number().optional(),
      attempts: z.number().optional(),
      held: z.enum(["elevated", "attack"]).nullable().optional(),
    }),
  },
  signInRiskAssessed: {
    type: "risk.sign_in_assessed",
    actors: ["system"],
    data: z.strictObject({
      method: z.string(),
      decision: z.string(),
      reasons: z.array(z.string()),
      refused: z.string().optional(),
    }),
  },
  passkeyCounterRegressed: {
    type: "passkey.counter_regressed",
    actors: ["system"],
    data: z.strictObject({ passkeyId: z.string(), storedCounter: z.number(), receivedCounter: z.number() }),
  },
  signInCodeSent: {
    type: "sign_in_code.sent",
    actors: ["system"],
    data: z.strictObject({ sessionId: z.string(), send: z.number(), reasons: z.array(z.string()).optional() }),
  },
  signInCodeFailed: {
    type: "sign_in_code.failed",
    actors: ["customer"],
    data: z.strictObject({ sessionId: z.string(), attempt: z.number(), ended: z.boolean() }),
  },
  signInCodeSucceeded: {
    type: "sign_in_code.succeeded",
    actors: ["customer"],
    data: z.strictObject({
      sessionId: z.string(),
      pendingSessionId: z.string(),
      attempt: z.number(),
      next: z.string(),
    }),
  },
  partialSignInNotified: {
    type: "partial_sign_in.notified",
    actors: ["system"],
    data: z.strictObject({ sessionId: z.string(), newDevice: z.boolean(), newNetwork: z.boolean() }),
  },
  // Customer sessions
  sessionRevoked: {
    type: "session.revoked",
    actors: ["customer"],
    data: z.strictObject({ sessionId: z.string().optional(), current: z.boolean().optional() }),
  },
  sessionsRevoked: {
    type: "session.revoked_others",
    actors: ["customer"],
    data: z.strictObject({ count: z.number() }),
  },
  sessionContextChanged: {
    type: "session.context_changed",
    actors: ["system"],
    data: z.strictObject({
      sessionId: z.string(),
      decision: z.string(),
      reasons: z.array(z.string()),
      from: z.strictObject({ ipPrefix: z.string().nullable(), uaFamily: z.string().nullable() }),
      to: z.strictObject({ ipPrefix: z.string().nullable(), uaFamily: z.string().nullable() }),
    }),
  },
  // Customer profile and factors
  profileUpdated: {
    type: "profile.updated",
    actors: ["customer"],
    data: z.strictObject({ fields: z.array(z.string()) }),
  },
  passwordChanged: {
    type: "password.changed",
    actors: ["customer"],
    data: z.strictObject({ endedSessions: z.number() }),
  },
  factorAdded: {
    type: "factor.added",
    actors: ["customer"],
    data: z.strictObject({
      factor: z.string(),
      recoveryCodesIssued: z.boolean().optional(),
      endedSessions: z.number(),
      passkeyId: z.string().optional(),
      userVerified: z.boolean().optional(),
      backupEligible: z.boolean().optional(),
      attestation: z.strictObject({ format: z.string(), trustedRoot: z.string().nullable() }).optional(),
    }),
  },
  factorRemoved: {
    type: "factor.removed",
    actors: ["customer"],
    data: z.strictObject({ factor: z.string(), endedSessions: z.number(), passkeyId: z.string().optional() }),
  },
  recoveryCodesRegenerated: { type: "recovery_codes.regenerated", actors: ["customer"], data: z.strictObject({}) },
  emailChangeRequested: {
    type: "email_change.requested",
    actors: ["customer"],
    data: z.strictObject({ to: z.string(), sent: z.boolean() }),
  },
  emailChanged: {
    type: "email.changed",
    actors: ["customer"],
    data: z.strictObject({ from: z.string(), to: z.string() }),
  },
  emailChangeUndone: {
    type: "email_change.undone",
    actors: ["customer"],
    data: z.strictObject({ restored: z.string(), endedSessions: z.number() }),
  },
  payoutChanged: {
    type: "payout.changed",
    actors: ["customer"],
    data: z.strictObject({ iban: z.string(), via: z.string() }),
  },
  // Step-up
  userReauthenticated: { type: "user.reauthenticated", actors: ["customer"], data: z.strictObject({}) },
  stepUpSucceeded: {
    type: "step_up.succeeded",
    actors: ["customer"],
    data: z.strictObject({
      action: z.string(),
      method: z.string(),
      aal: z.number(),
      grantId: z.string(),
      expiresAt: z.string(),
      singleUse: z.boolean(),
      passkeyId: z.string().optional(),
    }),
  },
  stepUpFailed: {
    type: "step_up.failed",
    actors: ["customer"],
    data: z.strictObject({ action: z.string(), method: z.string() }),
  },
  stepUpBlocked: {
    type: "step_up.blocked",
    actors: ["system"],
    data: z.strictObject({ action: z.string(), reasons: z.array(z.string()) }),
  },
  // Recovery
  passwordResetRequested: {
    type: "password_reset.requested",
    actors: ["customer"],
    data: z.strictObject({ sent: z.boolean(), reason: z.string().nullable() }),
  },
  passwordReset: {
    type: "password.reset",
    actors: ["customer"],
    data: z.strictObject({
      endedSessions: z.number(),
      unlocked: z.boolean().optional(),
      method: z.string(),
      removedFactors: z
        .strictObject({ passkeys: z.number(), totp: z.number(), recoveryCodes: z.number() })
        .nullable()
        .optional(),
      passwordless: z.boolean().optional(),
    }),
  },
  passwordResetFactorFailed: {
    type: "password_reset.factor_failed",
    actors: ["customer"],
    data: z.strictObject({ reason: z.string(), factor: z.string().nullable() }),
  },
  recoveryRequested: {
    type: "recovery.requested",
    actors: ["customer"],
    data: z.strictObject({
      requestId: z.string(),
      kind: z.string().optional(),
      availableAt: z.string().optional(),
      repeated: z.boolean().optional(),
    }),
  },
  recoveryCancelled: {
    type: "recovery.cancelled",
    actors: ["customer", "staff"],
    data: z.strictObject({
      requestId: z.string(),
      by: z.string(),
      sessionId: z.string().optional(),
      method: z.string().optional(),
    }),
  },
  recoveryCompleted: {
    type: "recovery.completed",
    actors: ["customer"],
    data: z.strictObject({
      requestId: z.string(),
      kind: z.string(),
      removedFactors: z.strictObject({ passkeys: z.number(), totp: z.number(), recoveryCodes: z.number() }),
      endedSessions: z.number().optional(),
    }),
  },
  passwordBreachCheckSkipped: {
    type: "password.breach_check_skipped",
    actors: ["system"],
    data: z.strictObject({ flow: z.string(), reason: z.string(), detail: z.string() }),
  },
  // Staff acting on customer accounts (support and admin consoles): always with a reason
  userUnlocked: {
    type: "user.unlocked",
    actors: ["staff"],
    reasonRequired: true,
    data: z.strictObject({ was: z.string() }),
  },
  sessionsRevokedByStaff: {
    type: "session.revoked_by_staff",
    actors: ["staff"],
    reasonRequired: true,
    data: z.strictObject({ endedSessions: z.number() }),
  },
  userDisabled: { type: "user.disabled", actors: ["staff"], reasonRequired: true, data: z.strictObject({}) },
  userEnabled: { type: "user.enabled", actors: ["staff"], reasonRequired: true, data: z.strictObject({}) },
  passwordResetStartedByStaff: { type: "password_reset.started_by_staff", actors: ["staff"], data: z.strictObject({}) },
  assistedRecoveryStarted: {
    type: "recovery.assisted_started",
    actors: ["staff"],
    reasonRequired: true,
    data: z.strictObject({ requestId: z.string(), replaced: z.string().nullable() }),
  },
  // An organisation's administrator acting on a member of their organisation (lib/org-admin): the
  // row's user is the member, `by` the administrator's user id, and the administrator's written
  // reason is kept with it.
  orgMemberRemoved: {
    type: "org_member.removed",
    actors: ["customer"],
    reasonRequired: true,
    data: z.strictObject({ organisation: z.string(), by: z.string(), endedSessions: z.number() }),
  },
  orgMemberSessionsEnded: {
    type: "org_member.sessions_ended",
    actors: ["customer"],
    reasonRequired: true,
    data: z.strictObject({ organisation: z.string(), by: z.string(), endedSessions: z.number() }),
  },
  orgMemberRecoveryStarted: {
    type: "org_member.recovery_started",
    actors: ["customer"],
    reasonRequired: true,
    data: z.strictObject({
      organisation: z.string(),
      by: z.string(),
      requestId: z.string(),
      replaced: z.string().nullable(),
    }),
  },
  // Tenant settings
  brandingUpdated: {
    type: "tenant.branding_updated",
    actors: ["staff"],
    data: z.strictObject({ changed: ZSettingsDiff }),
  },
  tenantPolicyUpdated: {
    type: "tenant.policy_updated",
    actors: ["staff"],
    data: z.strictObject({ changed: ZSettingsDiff }),
  },
  stepUpPolicyUpdated: {
    type: "step_up.policy_updated",
    actors: ["staff"],
    data: z.strictObject({ action: z.string(), created: z.boolean(), changed: ZSettingsDiff }),
  },
  stepUpPolicyRemoved: {
    type: "step_up.policy_removed",
    actors: ["staff"],
    data: z.strictObject({ action: z.string(), removed: z.record(z.string(), ZSettingValue) }),
  },
  // An organisation's tightening of the tenant's policy (the console's organisation policy page).
  organisationPolicyChanged: {
    type: "organisation.policy_changed",
    actors: ["staff"],
    data: z.strictObject({ organisationId: z.string(), before: ZOrgPolicySchema, after: ZOrgPolicySchema }),
  },
  // The workforce realm: tenants, staff identities, their sign-in and their team
  tenantCreated: {
    type: "tenant.created",
    actors: ["staff"],
    data: z.strictObject({ slug: z.string(), by: z.string() }),
  },
  staffCreated: {
    type: "staff.created",
    actors: ["staff"],
    data: z.strictObject({ member: z.string(), email: z.string() }),
  },
  staffRoleAssigned: {
    type: "staff.role_assigned",
    actors: ["staff"],
    data: z.strictObject({ member: z.string(), role: z.string(), tenant: z.string().optional() }),
  },
  staffRoleRemoved: {
    type: "staff.role_removed",
    actors: ["staff"],
    data: z.strictObject({ member: z.string(), role: z.string() }),
  },
  staffInvited: {
    type: "staff.invited",
    actors: ["staff"],
    data: z.strictObject({
      member: z.string(),
      role: z.string(),
      invitation: z.string(),
      tenant: z.string().optional(),
    }),
  },
  staffInvitationAccepted: {
    type: "staff.invitation_accepted",
    actors: ["staff"],
    data: z.strictObject({
      member: z.string(),
      invitation: z.string(),
      role: z.string(),
      tenant: z.string().optional(),
    }),
  },
  staffInvitationDeclined: {
    type: "staff.invitation_declined",
    actors: ["staff"],
    data: z.strictObject({ member: z.string(), invitation: z.string(), role: z.string() }),
  },
  staffInvitationWithdrawn: {
    type: "staff.invitation_withdrawn",
    actors: ["staff"],
    data: z.strictObject({ member: z.string(), invitation: z.string(), role: z.string() }),
  },
  staffSetupLinkIssued: {
    type: "staff.setup_link_issued",
    actors: ["staff"],
    data: z.strictObject({ member: z.string(), by: z.string().optional() }),
  },
  staffSetupCompleted: { type: "staff.setup_completed", actors: ["staff"], data: z.strictObject({}) },
  staffSignedIn: {
    type: "staff.signed_in",
    actors: ["staff"],
    data: z.strictObject({
      amr: z.array(z.string()),
      passkeyId: z.string().optional(),
      userVerified: z.boolean().optional(),
    }),
  },
  staffSignInFailed: { type: "staff.sign_in_failed", actors: ["staff"], data: z.strictObject({ reason: z.string() }) },
  staffSecondFactorFailed: {
    type: "staff.second_factor_failed",
    actors: ["staff"],
    data: z.strictObject({ context: z.string(), factor: z.string(), reason: z.string().optional() }),
  },
  staffFactorEnrolled: {
    type: "staff.factor_enrolled",
    actors: ["staff"],
    data: z.strictObject({
      factor: z.string(),
      passkeyId: z.string().optional(),
      userVerified: z.boolean().optional(),
    }),
  },
  staffFactorRemoved: {
    type: "staff.factor_removed",
    actors: ["staff"],
    data: z.strictObject({ factor: z.string(), passkeyId: z.string().optional() }),
  },
  staffFactorsReset: {
    type: "staff.factors_reset",
    actors: ["staff"],
    data: z.strictObject({ member: z.string(), endedSessions: z.number(), by: z.string().optional() }),
  },
  staffSteppedUp: {
    type: "staff.stepped_up",
    actors: ["staff"],
    data: z.strictObject({
      amr: z.array(z.string()),
      passkeyId: z.string().optional(),
      userVerified: z.boolean().optional(),
    }),
  },
  staffSignedOut: { type: "staff.signed_out", actors: ["staff"], data: z.strictObject({}) },
  auditExported: {
    type: "audit.exported",
    actors: ["staff"],
    data: z.strictObject({
      filter: z.strictObject({
        user: z.string().nullable(),
        type: z.string().nullable(),
        from: z.string().nullable(),
        to: z.string().nullable(),
      }),
      rows: z.number(),
      truncated: z.boolean(),
    }),
  },
  // The tenant's OpenID Provider: registered apps
  oidcClientCreated: {
    type: "oidc.client_created",
    actors: ["staff"],
    data: z.strictObject({
      clientId: z.string(),
      name: z.string(),
      clientType: z.enum(["confidential", "public"]),
      firstParty: z.boolean(),
      redirectUris: z.array(z.string()),
      by: z.string(),
    }),
  },
  oidcClientUpdated: {
    type: "oidc.client_updated",
    actors: ["staff"],
    data: z.strictObject({ clientId: z.string(), changed: ZSettingsDiff }),
  },
  oidcClientSecretRotated: {
    type: "oidc.client_secret_rotated",
    actors: ["staff"],
    reasonRequired: true,
    data: z.strictObject({ clientId: z.string() }),
  },
  oidcClientRemoved: {
    type: "oidc.client_removed",
    actors: ["staff"],
    reasonRequired: true,
    data: z.strictObject({ clientId: z.string(), name: z.string() }),
  },
  oidcSigningKeysRotated: {
    type: "oidc.signing_keys_rotated",
    actors: ["staff"],
    reasonRequired: true,
    data: z.strictObject({ retired: z.array(z.string()), created: z.array(z.string()) }),
  },
  // A person's consent to a third-party app of the tenant (lib/oidc/consent.ts): allowed on the
  // consent page (`scopes` all it now holds, `added` those this answer allowed), revoked from
  // Connected apps (`tokens` how many grants, codes and tokens ended with it).
  appAccessGranted: {
    type: "app_access.granted",
    actors: ["customer"],
    data: z.strictObject({ clientId: z.string(), scopes: z.array(z.string()), added: z.array(z.string()) }),
  },
  appAccessRevoked: {
    type: "app_access.revoked",
    actors: ["customer"],
    data: z.strictObject({ clientId: z.string(), scopes: z.array(z.string()), tokens: z.number() }),
  },
  // Back-channel logout: a logout token delivered to an app, or given up after its last attempt.
  oidcBackchannelLogoutSent: {
    type: "oidc.backchannel_logout_sent",
    actors: ["system"],
    data: z.strictObject({ clientId: z.string(), sid: z.string(), jti: z.string(), attempts: z.number() }),
  },
  oidcBackchannelLogoutFailed: {
    type: "oidc.backchannel_logout_failed",
    actors: ["system"],
    data: z.strictObject({
      clientId: z.string(),
      sid: z.string(),
      jti: z.string(),
      attempts: z.number(),
      error: z.string(),
    }),
  },
  // The tenant's OpenID Provider at work: a sign-in that issued an authorization code to an app (SSO
  // without a prompt included), and a token request of an authenticated app refused. Neither holds
  // a code, token or secret: the app, the OAuth error code and the grant type only.
  appSignedIn: {
    type: "app.signed_in",
    actors: ["customer"],
    data: z.strictObject({ clientId: z.string() }),
  },
  appTokenRefused: {
    type: "app_token.refused",
    actors: ["system"],
    data: z.strictObject({
      clientId: z.string(),
      error: z.string().max(64),
      grantType: z.string().max(32),
      /** Refusals of this app left out since the last one recorded (lib/oidc/provider-audit.ts). */
      suppressed: z.number().int().optional(),
    }),
  },
  // B2B: a tenant's organisations (lib/organisations/organisations.ts) and invitations to the
  // tenant (lib/invitations/). `by` is who acted: "staff:<id>", "user:<id>" (an org_admin) or
  // "operator" (the command line). No token or link is ever recorded.
  organisationCreated: {
    type: "organisation.created",
    actors: ["staff"],
    data: z.strictObject({ organisation: z.string(), slug: z.string(), domains: z.array(z.string()), by: z.string() }),
  },
  organisationUpdated: {
    type: "organisation.updated",
    actors: ["staff"],
    data: z.strictObject({
      organisation: z.string(),
      name: z.strictObject({ from: z.string(), to: z.string() }).optional(),
      domains: z.strictObject({ added: z.array(z.string()), removed: z.array(z.string()) }).optional(),
      by: z.string(),
    }),
  },
  organisationMemberSet: {
    type: "organisation.member_set",
    actors: ["staff", "customer"],
    data: z.strictObject({
      organisation: z.string(),
      member: z.string(),
      role: z.string(),
      previousRole: z.string().optional(),
      by: z.string(),
    }),
  },
  organisationMemberRemoved: {
    type: "organisation.member_removed",
    actors: ["staff", "customer"],
    data: z.strictObject({
      organisation: z.string(),
      member: z.string(),
      by: z.string(),
      /** Sessions of the member that the removal ended (absent on rows written before it did). */
      endedSessions: z.number().int().optional(),
    }),
  },
  invitationSent: {
    type: "invitation.sent",
    actors: ["staff", "customer"],
    data: z.strictObject({
      invitation: z.string(),
      email: z.string(),
      organisation: z.string().nullable(),
      role: z.string(),
      by: z.string(),
    }),
  },
  invitationResent: {
    type: "invitation.resent",
    actors: ["staff", "customer"],
    data: z.strictObject({
      invitation: z.string(),
      email: z.string(),
      organisation: z.string().nullable(),
      role: z.string(),
      by: z.string(),
    }),
  },
  invitationRevoked: {
    type: "invitation.revoked",
    actors: ["staff", "customer"],
    data: z.strictObject({
      invitation: z.string(),
      email: z.string(),
      organisation: z.string().nullable(),
      /** "replaced": a new invitation of the same address to another organisation or role took its place. */
      cause: z.enum(["revoked", "replaced"]),
      by: z.string(),
    }),
  },
  invitationAccepted: {
    type: "invitation.accepted",
    actors: ["customer"],
    data: z.strictObject({
      invitation: z.string(),
      organisation: z.string().nullable(),
      role: z.string(),
      /** How the invitee came in: a new account with a password or a passkey, or an existing account signed in. */
      how: z.enum(["new_password", "new_passkey", "signed_in"]),
    }),
  },
  // Enterprise connections (lib/federation/connections.ts): an organisation's OIDC identity
  // provider. The client secret is never part of the data.
  connectionCreated: {
    type: "connection.created",
    actors: ["staff"],
    data: z.strictObject({
      connectionId: z.string(),
      organisationId: z.string(),
      issuer: z.string(),
      clientId: z.string(),
      jit: z.boolean(),
      trustIdpAssurance: z.boolean(),
      by: z.string(),
    }),
  },
  connectionUpdated: {
    type: "connection.updated",
    actors: ["staff"],
    data: z.strictObject({
      connectionId: z.string(),
      changes: ZSettingsDiff,
      secretReplaced: z.boolean(),
      // Set when the issuer changed: the identities unlinked and the open link requests removed with it.
      unlinkedIdentities: z.number().int().nonnegative().optional(),
      removedLinkRequests: z.number().int().nonnegative().optional(),
    }),
  },
  connectionRemoved: {
    type: "connection.removed",
    actors: ["staff"],
    data: z.strictObject({ connectionId: z.string(), issuer: z.string() }),
  },
  connectionTested: {
    type: "connection.tested",
    actors: ["staff"],
    data: z.strictObject({ connectionId: z.string(), outcome: z.string(), issuerMatches: z.boolean() }),
  },
  // Federated sign-in (lib/federation/complete-federated-sign-in.ts): an IdP's verified assertion
  // accepted (a Portico session made) or refused, with the reason; an identity linked to a local
  // account after its owner proved it; an account made on first sign-in (just-in-time).
  federatedSignedIn: {
    type: "federated.signed_in",
    actors: ["customer"],
    data: z.strictObject({
      connectionId: z.string(),
      sessionId: z.string(),
      aal: z.number(),
      provisioned: z.boolean(),
    }),
  },
  federatedRefused: {
    type: "federated.refused",
    actors: ["system"],
    data: z.strictObject({ connectionId: z.string(), reason: z.string().max(64) }),
  },
  federatedIdentityLinked: {
    type: "federated_identity.linked",
    actors: ["customer"],
    data: z.strictObject({
      connectionId: z.string(),
      proof: z.enum(["password", "passkey", "provisioned", "invitation", "admin"]),
    }),
  },
  federatedLinkApproved: {
    type: "federated_link.approved",
    actors: ["staff"],
    reasonRequired: true,
    data: z.strictObject({ connectionId: z.string(), approvalId: z.string(), expiresAt: z.string() }),
  },
  federatedLinkApprovalRevoked: {
    type: "federated_link.approval_revoked",
    actors: ["staff"],
    reasonRequired: true,
    data: z.strictObject({ approvalId: z.string() }),
  },
  userProvisioned: {
    type: "user.provisioned",
    actors: ["system"],
    data: z.strictObject({
      connectionId: z.string(),
      organisationId: z.string(),
      invitationId: z.string().optional(),
    }),
  },
} as const satisfies Record<string, TAuditEventSpec>;

type TCatalog = typeof CATALOG;
export type TAuditEventName = keyof TCatalog;
export type TAuditType = TCatalog[TAuditEventName]["type"];

type TSpecOf<T extends TAuditType> = Extract<TCatalog[TAuditEventName], { type: T }>;
/** The data an event of type `T` carries, as its writer passes it. */
export type TAuditData<T extends TAuditType> = z.input<TSpecOf<T>["data"]>;
/** The data of a stored event of type `T`, as the catalogue reads it back. */
export type TAuditStoredData<T extends TAuditType> = Readonly<z.output<TSpecOf<T>["data"]>>;

/**
 * A stored event's type and data. `fits` tells whether the type is catalogued and the data still fits its schema;
 * when it does, `type` narrows `data`. A row that no longer fits (written before its schema changed, or edited by
 * hand) keeps the object it stored, for display and export only.
 */
export type TStoredAudit =
  | { [T in TAuditType]: { type: T; fits: true; data: TAuditStoredData<T> } }[TAuditType]
  | { type: string; fits: false; data: Readonly<Record<string, unknown>> };

/** A stored audit event as the repositories return it. */
export type TAuditEvent = TStoredAudit & {
  id: string;
  tenantId: string | null;
  userId: string | null;
  ip: string | null;
  userAgent: string | null;
  staffId: string | null;
  reason: string | null;
  createdAt: Date;
};

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

/** Checks an event's data against its catalogued schema; throws (and so rolls back) when it does not fit. */
export function parseAuditData(type: TAuditType, data: unknown): Record<string, unknown> {
  const parsed = auditEventSpec(type).data.safeParse(data ?? {});
  if (!parsed.success)
    throw new Error(
      `audit event ${type} has data that does not fit its catalogue entry: ${z.prettifyError(parsed.error)}`,
    );
  return parsed.data;
}

/** Reads stored data (already parsed from JSON) back against the catalogue entry of its type; never throws. */
export function readStoredAudit(type: string, data: unknown): TStoredAudit {
  const parsed = BY_TYPE.get(type)?.data.safeParse(data);
  // The schema of `type` accepted the data, so it is that type's data: what the union says.
  if (parsed?.success) return { type, fits: true, data: parsed.data } as TStoredAudit;
  const object =
    typeof data === "object" && data !== null && !Array.isArray(data) ? Object.fromEntries(Object.entries(data)) : {};
  return { type, fits: false, data: object };
}

export function auditEventSpec(type: TAuditType): TAuditEventSpec {
  const spec = BY_TYPE.get(type);
  if (!spec) throw new Error(`audit event ${type} is not catalogued`);
  return spec;
}
