// Staff actions in the audit log: who (staffId), which tenant (null for platform events such as
// creating a tenant), what, and why where a justification is required. Written with the
// repositories of the transaction that makes the change.
import { auditRow } from "../audit/events";
import type { TRepositories } from "../db/store";
import type { TRequestMeta } from "../kernel/deps";

export const STAFF_AUDIT = {
  tenantCreated: "tenant.created",
  staffCreated: "staff.created",
  staffRoleAssigned: "staff.role_assigned",
  staffSetupLinkIssued: "staff.setup_link_issued",
  staffSetupCompleted: "staff.setup_completed",
  staffSignedIn: "staff.signed_in",
  staffSignInFailed: "staff.sign_in_failed",
  staffSecondFactorFailed: "staff.second_factor_failed",
  staffFactorEnrolled: "staff.factor_enrolled",
  staffFactorRemoved: "staff.factor_removed",
  staffSteppedUp: "staff.stepped_up",
  staffSignedOut: "staff.signed_out",
  auditExported: "audit.exported",
  staffInvited: "staff.invited",
  staffInvitationAccepted: "staff.invitation_accepted",
  staffInvitationDeclined: "staff.invitation_declined",
  staffInvitationWithdrawn: "staff.invitation_withdrawn",
} as const;

export type TStaffAuditType = (typeof STAFF_AUDIT)[keyof typeof STAFF_AUDIT];

export function recordStaffAudit(
  tx: TRepositories,
  event: {
    staffId: string | null;
    tenantId: string | null;
    type: TStaffAuditType | (string & {});
    userId?: string | null;
    reason?: string | null;
    meta?: TRequestMeta;
    data?: Record<string, unknown>;
    at: Date;
  },
) {
  return tx.audit.record(auditRow(event));
}

/** Changes owners make to their team. */
export const TEAM_AUDIT = {
  staffFactorsReset: "staff.factors_reset",
  staffRoleRemoved: "staff.role_removed",
} as const;
