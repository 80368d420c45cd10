// An organisation administrator's invitations: invite someone to their own organisation, send an
// invitation again or revoke it. The invitation use cases (lib/invitations) do the work with the
// administrator as their actor, so the organisation is always the administrator's own (read from
// the store) and the link reaches the invitee by mail only; this module adds what delegated
// administration asks of every change: a fresh step-up and a written reason, kept in the audit rows.
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { inviteToTenant, resendInvitation, revokeInvitation, type TInviteResult } from "../invitations/invitations";
import type { TOrgActor } from "../organisations/actor";
import type { TTenant } from "../tenancy/types";
import { assertOrgStepUp, openAdminAction, type TOrgAdminRefusal, type TOrgAuth } from "./members";

type TOpened = Extract<Awaited<ReturnType<typeof openAdminAction>>, { ok: true }>;

/** The reason and role hold and the step-up is fresh (spent, if single use): the actor for lib/invitations. */
async function openInvitationChange(
  deps: TDeps,
  tenant: TTenant,
  auth: TOrgAuth,
  reason: string,
  meta: TRequestMeta,
): Promise<{ ok: true; opened: TOpened; actor: TOrgActor } | TOrgAdminRefusal> {
  const opened = await openAdminAction(deps, tenant, auth, reason);
  if (!opened.ok) return opened;
  const stepUp = await withTransaction(deps, (txDeps) => assertOrgStepUp(txDeps, tenant, auth, opened.admin, meta));
  if (stepUp) return stepUp;
  return {
    ok: true,
    opened,
    actor: { kind: "org_admin", tenant, userId: opened.admin.id, meta, reason: opened.reason },
  };
}

/** Invites `email` to the administrator's organisation as a member or another administrator. */
export async function inviteMember(
  deps: TDeps,
  tenant: TTenant,
  auth: TOrgAuth,
  input: { email: string; role: string; reason: string },
  meta: TRequestMeta,
): Promise<TInviteResult | TOrgAdminRefusal> {
  const change = await openInvitationChange(deps, tenant, auth, input.reason, meta);
  if (!change.ok) return change;
  return inviteToTenant(deps, change.actor, {
    email: input.email,
    organisation: change.opened.organisation.slug,
    role: input.role,
  });
}

/** Sends one of the organisation's open invitations again with a new link (the old one stops working). */
export async function resendMemberInvitation(
  deps: TDeps,
  tenant: TTenant,
  auth: TOrgAuth,
  input: { invitationId: string; reason: string },
  meta: TRequestMeta,
): Promise<TInviteResult | TOrgAdminRefusal> {
  const change = await openInvitationChange(deps, tenant, auth, input.reason, meta);
  if (!change.ok) return change;
  return resendInvitation(deps, change.actor, { invitationId: input.invitationId });
}

/** Revokes one of the organisation's open invitations. */
export async function revokeMemberInvitation(
  deps: TDeps,
  tenant: TTenant,
  auth: TOrgAuth,
  input: { invitationId: string; reason: string },
  meta: TRequestMeta,
): Promise<Awaited<ReturnType<typeof revokeInvitation>> | TOrgAdminRefusal> {
  const change = await openInvitationChange(deps, tenant, auth, input.reason, meta);
  if (!change.ok) return change;
  return revokeInvitation(deps, change.actor, { invitationId: input.invitationId });
}
