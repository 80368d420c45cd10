// A staff member's answer to an owner's invitation. Only the invited person, signed in as
// themselves with the second factor proven within 5 minutes (as for every console change), can
// accept: until then the inviting tenant holds no role, sees only the address, and can neither
// see nor touch that person's sign-in. An answer is a compare-and-set on the invitation, so it
// counts once, and an accepted role is mailed to the member and audited in every tenant they
// work for.
import { AUDIT } from "../audit/catalog";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { fail, type TFailure } from "../kernel/outcome";
import { staffTemplates } from "../mail/templates";
import { STEP_UP } from "../step-up/outcomes";
import { STAFF } from "./outcomes";
import { hasFreshStepUp } from "./policy";
import { auditInMemberTenants } from "./provision";
import { isStaffRole } from "./roles";
import { consoleUrl, operatorName, queueStaffMail } from "./staff-mail";
import type { TStaffAuth } from "./staff-sessions";
import { recordStaffAudit } from "../audit/events";

export type TMyInvitation = {
  invitationId: string;
  tenant: { slug: string; name: string };
  role: string;
  invitedAt: Date;
  expiresAt: Date;
};

export type TInvitationAnswerResult =
  | { ok: true; accepted: boolean; tenantSlug: string; role: string }
  | TFailure<typeof STEP_UP, "STAFF_REQUIRED">
  | TFailure<typeof STAFF, "NOT_FOUND">;

export async function listMyInvitations(deps: TDeps, auth: TStaffAuth): Promise<TMyInvitation[]> {
  const open = await deps.store.staffInvitations.listOpenForStaff(auth.staff.id, deps.now());
  return open.map((i) => ({
    invitationId: i.id,
    tenant: { slug: i.tenant.slug, name: i.tenant.name },
    role: i.role,
    invitedAt: i.createdAt,
    expiresAt: i.expiresAt,
  }));
}

export async function answerStaffInvitation(
  deps: TDeps,
  auth: TStaffAuth,
  input: { invitationId: string; accept: boolean },
  meta: TRequestMeta,
): Promise<TInvitationAnswerResult> {
  const now = deps.now();
  if (!hasFreshStepUp(auth.session.steppedUpAt, now)) {
    return fail(STEP_UP, "STAFF_REQUIRED", { purpose: "invitation" });
  }
  const gone = fail(STAFF, "NOT_FOUND", { subject: "invitation" });
  if (typeof input.invitationId !== "string" || input.invitationId.length === 0 || input.invitationId.length > 64)
    return gone;
  const result = await withTransaction(deps, async (txDeps) => {
    // Addressed to this member only: another member's invitation id finds nothing.
    const invitation = await txDeps.store.staffInvitations.findOpenForStaff(input.invitationId, auth.staff.id, now);
    if (!invitation || !isStaffRole(invitation.role)) return null;
    // Serialises with an owner's reset, which is allowed only while the member works for one tenant.
    await txDeps.store.staff.lockForFactorChange(auth.staff.id, now);
    // Read again under that lock: a reset that committed meanwhile ended this session.
    const live = await txDeps.store.staffSessions.findByTokenHash(auth.session.tokenHash);
    if (!live || live.revokedAt) return null;
    if (
      !(await txDeps.store.staffInvitations.decide(
        invitation.id,
        auth.staff.id,
        input.accept ? "accepted" : "declined",
        now,
      ))
    )
      return null;
    const data = { member: auth.staff.id, invitation: invitation.id, role: invitation.role };
    if (!input.accept) {
      await recordStaffAudit(txDeps.store, {
        staffId: auth.staff.id,
        tenantId: invitation.tenantId,
        type: AUDIT.staffInvitationDeclined,
        meta,
        data,
        at: now,
      });
      return { invitation, accepted: false };
    }
    await txDeps.store.staffRoles.assign(auth.staff.id, invitation.tenantId, invitation.role, now);
    await txDeps.store.staffInvitations.retireOpen(auth.staff.id, invitation.tenantId, now);
    await auditInMemberTenants(txDeps.store, invitation.tenant, auth.staff.id, {
      staffId: auth.staff.id,
      type: AUDIT.staffInvitationAccepted,
      meta,
      data,
      at: now,
    });
    const signIn = invitation.role === "support" ? "/support/login" : "/admin/login";
    await queueStaffMail(
      txDeps,
      auth.staff.email,
      staffTemplates.roleGranted(operatorName(deps), {
        tenant: invitation.tenant,
        role: invitation.role,
        how: "accepted",
        consoleUrl: consoleUrl(deps, signIn),
      }),
    );
    return { invitation, accepted: true };
  });
  if (!result) return gone;
  return {
    ok: true,
    accepted: result.accepted,
    tenantSlug: result.invitation.tenant.slug,
    role: result.invitation.role,
  };
}
