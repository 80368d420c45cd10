// A tenant's staff, managed by its owners: add a member, reset a member's sign-in, remove a role,
// withdraw an invitation. An owner cannot reset or remove themselves, and the last owner cannot be
// removed.
//
// Staff identities are shared across tenants (one per address), so a tenant manages only its own
// role, never a sign-in it shares: an address that already has a staff identity is invited and
// gets the role only by accepting it while signed in; the team page shows a member's factors and
// offers a reset only while the member works for this tenant alone (a reset removes the password,
// the authenticator app and the passkeys and ends every session, in every tenant's work). For
// anyone else the owner may remove the role here, and the platform operator does resets.
import { AUDIT } from "../audit/catalog";
import type { TTenant } from "../tenancy/types";
import { ZEmailSchema } from "../identity/email";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { staffTemplates } from "../mail/templates";
import { fail, type TFailure } from "../kernel/outcome";
import { openStaffAction } from "./account-actions";
import { TEAM, type STAFF } from "./outcomes";
import type { STEP_UP } from "../step-up/outcomes";
import { grantRole, inputProblemOf, resetStaffSignIn, ZStaffName } from "./provision";
import { isStaffRole } from "./roles";
import { operatorName, queueStaffMail } from "./staff-mail";
import { recordStaffAudit } from "../audit/events";
import { actingAs, isFreshAuthority, STALE_STEP_UP, type TConsoleActor } from "./console-gate";

export type TTeamActor = { tenant: TTenant; staffId: string; meta: TRequestMeta };
export type TTeamResult =
  | { ok: true; outcome?: "created" | "invited" | "granted" }
  | TFailure<typeof TEAM>
  | TFailure<typeof STAFF, "REASON_INVALID">
  | TFailure<typeof STEP_UP, "STAFF_REQUIRED">;

/** What a tenant may know of a member's sign-in: only while the member works for that tenant alone. */
export type TMemberSignIn = {
  active: boolean;
  setUp: boolean;
  /** Which second factors the member has (types only). */
  factors: { authenticatorApp: boolean; passkeys: number };
};

export type TTeamMember = {
  staffId: string;
  email: string;
  name: string;
  role: string;
  since: Date;
  /** Null when the member also works for another tenant: their sign-in is not this tenant's to see or change. */
  signIn: TMemberSignIn | null;
};

/** An open invitation: the address and the role offered, nothing else of that person. */
export type TTeamInvitation = { invitationId: string; email: string; role: string; invitedAt: Date; expiresAt: Date };

export async function listTeam(
  deps: TDeps,
  tenant: TTenant,
): Promise<{ members: TTeamMember[]; invitations: TTeamInvitation[] }> {
  const [rows, open] = await Promise.all([
    deps.store.staffRoles.listForTenant(tenant.id),
    deps.store.staffInvitations.listOpenForTenant(tenant.id, deps.now()),
  ]);
  return {
    members: rows.map((r) => ({
      staffId: r.staff.id,
      email: r.staff.email,
      name: r.staff.name,
      role: r.role,
      since: r.createdAt,
      signIn:
        r.staff._count.roles === 1
          ? {
              active: r.staff.status === "active",
              setUp: r.staff.passwordHash !== null,
              factors: { authenticatorApp: r.staff.totpConfirmedAt !== null, passkeys: r.staff._count.passkeys },
            }
          : null,
    })),
    invitations: open.map((i) => ({
      invitationId: i.id,
      email: i.staff.email,
      role: i.role,
      invitedAt: i.createdAt,
      expiresAt: i.expiresAt,
    })),
  };
}

export async function addTeamMember(
  deps: TDeps,
  by: TConsoleActor,
  input: { email: string; name: string; role: string },
): Promise<TTeamResult> {
  if (!isFreshAuthority(by.authority, deps.now())) return STALE_STEP_UP;
  const actor = actingAs(by);
  const email = ZEmailSchema.safeParse(input.email);
  if (!email.success)
    return fail(TEAM, "INVALID_INPUT", { field: "email", problem: inputProblemOf(email.error.issues) });
  const name = ZStaffName.safeParse(input.name);
  if (!name.success) return fail(TEAM, "INVALID_INPUT", { field: "name", problem: inputProblemOf(name.error.issues) });
  if (!isStaffRole(input.role)) return fail(TEAM, "INVALID_INPUT", { field: "role", problem: "unknown_role" });
  const role = input.role;
  const existing = await deps.store.staff.findByEmail(email.data);
  if (existing?.id === actor.staffId) return fail(TEAM, "NOT_ALLOWED", { reason: "own_role" });
  const outcome = await withTransaction(deps, (txDeps) =>
    grantRole(txDeps, {
      tenant: actor.tenant,
      email: email.data,
      name: name.data,
      role,
      actor: { kind: "owner", staffId: actor.staffId },
      meta: actor.meta,
    }),
  );
  // The owner learns that the address already has a staff identity (it is only invited), never where it works.
  return { ok: true, outcome: outcome.kind };
}

/** What is wrong with an address or a name, by the kind of zod issue (the schemas' own words are not used here). */
async function memberHere(deps: TDeps, actor: TTeamActor, staffId: string) {
  if (typeof staffId !== "string" || staffId.length === 0 || staffId.length > 64) return null;
  const role = await deps.store.staffRoles.find(staffId, actor.tenant.id);
  if (!role) return null;
  const staff = await deps.store.staff.findById(staffId);
  return staff ? { staff, role } : null;
}

/**
 * The opening of an owner's action on another member of the team: a fresh step-up, the
 * justification, and the member at this tenant — never the owner themself (`own`).
 */
async function openMemberAction(
  deps: TDeps,
  by: TConsoleActor,
  input: { staffId: string; reason: string },
  own: "own_reset" | "own_removal",
) {
  const opened = await openStaffAction(deps, by, input.reason, (actor) => memberHere(deps, actor, input.staffId));
  if (!opened.ok) return opened;
  const { actor, target: member, reason } = opened;
  if (!member) return { ok: false as const, refusal: fail(TEAM, "NOT_FOUND", { subject: "member" }) };
  if (member.staff.id === actor.staffId)
    return { ok: false as const, refusal: fail(TEAM, "NOT_ALLOWED", { reason: own }) };
  return { ok: true as const, actor, member, reason };
}

/**
 * Resets a member's sign-in: the only way back in for staff who lost their password or
 * authenticator. Only for a member whose only tenant is this one: the sign-in of someone who also
 * works elsewhere belongs to no single tenant.
 */
export async function resetTeamMember(
  deps: TDeps,
  by: TConsoleActor,
  input: { staffId: string; reason: string },
): Promise<TTeamResult> {
  const opened = await openMemberAction(deps, by, input, "own_reset");
  if (!opened.ok) return opened.refusal;
  const { actor, member, reason } = opened;
  const now = deps.now();
  const outcome = await withTransaction(deps, async (txDeps) => {
    // Holds the member's row until commit, so an invitation accepted meanwhile (which takes the
    // same lock) is either seen here or waits until this reset is done.
    await txDeps.store.staff.lockForFactorChange(member.staff.id, now);
    const roles = await txDeps.store.staffRoles.listForStaff(member.staff.id);
    if (!roles.some((r) => r.tenantId === actor.tenant.id)) return "gone" as const;
    if (roles.some((r) => r.tenantId !== actor.tenant.id)) return "shared" as const;
    const { endedSessions, setupUrl } = await resetStaffSignIn(txDeps, member.staff.id);
    await recordStaffAudit(txDeps.store, {
      staffId: actor.staffId,
      tenantId: actor.tenant.id,
      type: AUDIT.staffFactorsReset,
      reason,
      meta: actor.meta,
      data: { member: member.staff.id, endedSessions },
      at: now,
    });
    await recordStaffAudit(txDeps.store, {
      staffId: actor.staffId,
      tenantId: actor.tenant.id,
      type: AUDIT.staffSetupLinkIssued,
      meta: actor.meta,
      data: { member: member.staff.id },
      at: now,
    });
    await queueStaffMail(
      txDeps,
      member.staff.email,
      staffTemplates.setup(operatorName(deps), setupUrl, { kind: "reset" }),
    );
    return "reset" as const;
  });
  if (outcome === "gone") return fail(TEAM, "NOT_FOUND", { subject: "member" });
  if (outcome === "shared") return fail(TEAM, "SHARED_MEMBER", { email: member.staff.email });
  return { ok: true };
}

/**
 * Removes the member's role here and nothing else. Their sessions stay: a staff session belongs to
 * the person, not to a tenant (one cookie for every tenant they work for), and every console
 * request and action reads the role at that tenant again, so the tenant is closed to them at once
 * while their work for other tenants goes on. Ending their sessions would let this tenant sign
 * them out of another's work.
 */
export async function removeTeamMember(
  deps: TDeps,
  by: TConsoleActor,
  input: { staffId: string; reason: string },
): Promise<TTeamResult> {
  const opened = await openMemberAction(deps, by, input, "own_removal");
  if (!opened.ok) return opened.refusal;
  const { actor, member, reason } = opened;
  const now = deps.now();
  const removed = await withTransaction(deps, async (txDeps) => {
    if (member.role.role === "owner" && (await txDeps.store.staffRoles.countOwners(actor.tenant.id)) <= 1) return false;
    await txDeps.store.staffRoles.remove(member.staff.id, actor.tenant.id);
    await recordStaffAudit(txDeps.store, {
      staffId: actor.staffId,
      tenantId: actor.tenant.id,
      type: AUDIT.staffRoleRemoved,
      reason,
      meta: actor.meta,
      data: { member: member.staff.id, role: member.role.role },
      at: now,
    });
    return true;
  });
  if (!removed) return fail(TEAM, "NOT_ALLOWED", { reason: "last_owner" });
  return { ok: true };
}

/** Takes back an open invitation of this tenant. */
export async function withdrawTeamInvitation(
  deps: TDeps,
  by: TConsoleActor,
  input: { invitationId: string },
): Promise<TTeamResult> {
  if (!isFreshAuthority(by.authority, deps.now())) return STALE_STEP_UP;
  const actor = actingAs(by);
  if (typeof input.invitationId !== "string" || input.invitationId.length === 0 || input.invitationId.length > 64)
    return fail(TEAM, "NOT_FOUND", { subject: "invitation" });
  const now = deps.now();
  const withdrawn = await withTransaction(deps, async (txDeps) => {
    const invitation = await txDeps.store.staffInvitations.findForTenant(input.invitationId, actor.tenant.id);
    if (!invitation || !(await txDeps.store.staffInvitations.withdraw(invitation.id, actor.tenant.id, now)))
      return null;
    await recordStaffAudit(txDeps.store, {
      staffId: actor.staffId,
      tenantId: actor.tenant.id,
      type: AUDIT.staffInvitationWithdrawn,
      meta: actor.meta,
      data: { member: invitation.staffId, invitation: invitation.id, role: invitation.role },
      at: now,
    });
    return invitation.staff.email;
  });
  if (!withdrawn) return fail(TEAM, "NOT_FOUND", { subject: "closed_invitation" });
  return { ok: true };
}
