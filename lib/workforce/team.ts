// A tenant's staff, managed by its owners: add a member (the set-up link goes to the member's own
// address, never to the owner), reset a member's sign-in (password, authenticator app and passkeys removed,
// sessions ended, a new set-up link mailed: the workforce realm's only recovery), remove a role.
// An owner cannot reset or remove themselves, and the last owner cannot be removed.
import { AUDIT } from "../audit/catalog";
import type { TTenant } from "../db/store";
import { ZEmailSchema } from "../identity/email";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { queueMail } from "../mail/queue-mail";
import { templates } from "../mail/templates";
import { ZJustification } from "./account-actions";
import { recordStaffAudit } from "./audit";
import { grantRole, issueSetupLink, ZStaffName } from "./provision";
import { isStaffRole } from "./roles";

export type TTeamActor = { tenant: TTenant; staffId: string; meta: TRequestMeta };
export type TTeamResult = { ok: true; message: string } | { ok: false; code: "INVALID_INPUT" | "NOT_FOUND" | "NOT_ALLOWED"; message: string };

export type TTeamMember = {
  staffId: string;
  email: string;
  name: string;
  role: string;
  active: boolean;
  /** Which second factors the member has (types only). */
  factors: { authenticatorApp: boolean; passkeys: number };
  setUp: boolean;
  since: Date;
};

export async function listTeam(deps: TDeps, tenant: TTenant): Promise<TTeamMember[]> {
  const rows = await deps.store.staffRoles.listForTenant(tenant.id);
  return rows.map((r) => ({
    staffId: r.staff.id,
    email: r.staff.email,
    name: r.staff.name,
    role: r.role,
    active: r.staff.status === "active",
    factors: { authenticatorApp: r.staff.totpConfirmedAt !== null, passkeys: r.staff._count.passkeys },
    setUp: r.staff.passwordHash !== null,
    since: r.createdAt,
  }));
}

export async function addTeamMember(deps: TDeps, actor: TTeamActor, input: { email: string; name: string; role: string }): Promise<TTeamResult> {
  const email = ZEmailSchema.safeParse(input.email);
  if (!email.success) return { ok: false, code: "INVALID_INPUT", message: email.error.issues[0]?.message ?? "Enter an email address." };
  const name = ZStaffName.safeParse(input.name);
  if (!name.success) return { ok: false, code: "INVALID_INPUT", message: name.error.issues[0]?.message ?? "Enter a name." };
  if (!isStaffRole(input.role)) return { ok: false, code: "INVALID_INPUT", message: "Choose owner, administrator or support." };
  const role = input.role;
  const existing = await deps.store.staff.findByEmail(email.data);
  if (existing?.id === actor.staffId) return { ok: false, code: "NOT_ALLOWED", message: "You cannot change your own role." };
  await deps.store.transaction(async (tx) => {
    const { staff, setupUrl } = await grantRole(tx, deps, { tenant: actor.tenant, email: email.data, name: name.data, role, actorStaffId: actor.staffId, meta: actor.meta });
    if (setupUrl) await queueMail(tx, deps, actor.tenant, staff.email, templates.staffSetup(actor.tenant, setupUrl, "invited"));
  });
  deps.onMailQueued?.();
  return { ok: true, message: `${email.data} is ${role} here${existing?.passwordHash ? "." : "; a set-up link went to their address."}` };
}

async function memberHere(deps: TDeps, actor: TTeamActor, staffId: string) {
  if (typeof staffId !== "string" || staffId.length === 0 || staffId.length > 64) return null;
  const role = await deps.store.staffRoles.find(staffId, actor.tenant.id);
  if (!role) return null;
  const staff = await deps.store.staff.findById(staffId);
  return staff ? { staff, role } : null;
}

/** Resets a member's sign-in: the only way back in for staff who lost their password or authenticator. */
export async function resetTeamMember(deps: TDeps, actor: TTeamActor, input: { staffId: string; reason: string }): Promise<TTeamResult> {
  const reason = ZJustification.safeParse(input.reason);
  if (!reason.success) return { ok: false, code: "INVALID_INPUT", message: reason.error.issues[0]?.message ?? "Write why." };
  const member = await memberHere(deps, actor, input.staffId);
  if (!member) return { ok: false, code: "NOT_FOUND", message: "No such staff member here." };
  if (member.staff.id === actor.staffId) return { ok: false, code: "NOT_ALLOWED", message: "Another owner must reset your sign-in." };
  const now = deps.now();
  await deps.store.transaction(async (tx) => {
    await tx.staff.resetFactors(member.staff.id, now);
    await tx.staffPasskeys.removeAllForStaff(member.staff.id);
    const ended = await tx.staffSessions.revokeAllForStaff(member.staff.id, "factors_reset", now);
    const setupUrl = await issueSetupLink(tx, deps, member.staff.id);
    await recordStaffAudit(tx, { staffId: actor.staffId, tenantId: actor.tenant.id, type: AUDIT.staffFactorsReset, reason: reason.data, meta: actor.meta, data: { member: member.staff.id, endedSessions: ended }, at: now });
    await recordStaffAudit(tx, { staffId: actor.staffId, tenantId: actor.tenant.id, type: AUDIT.staffSetupLinkIssued, meta: actor.meta, data: { member: member.staff.id }, at: now });
    await queueMail(tx, deps, actor.tenant, member.staff.email, templates.staffSetup(actor.tenant, setupUrl, "reset"));
  });
  deps.onMailQueued?.();
  return { ok: true, message: `${member.staff.email} must set up their sign-in again; the link went to their address.` };
}

export async function removeTeamMember(deps: TDeps, actor: TTeamActor, input: { staffId: string; reason: string }): Promise<TTeamResult> {
  const reason = ZJustification.safeParse(input.reason);
  if (!reason.success) return { ok: false, code: "INVALID_INPUT", message: reason.error.issues[0]?.message ?? "Write why." };
  const member = await memberHere(deps, actor, input.staffId);
  if (!member) return { ok: false, code: "NOT_FOUND", message: "No such staff member here." };
  if (member.staff.id === actor.staffId) return { ok: false, code: "NOT_ALLOWED", message: "Another owner must remove you." };
  const now = deps.now();
  const removed = await deps.store.transaction(async (tx) => {
    if (member.role.role === "owner" && (await tx.staffRoles.countOwners(actor.tenant.id)) <= 1) return false;
    await tx.staffRoles.remove(member.staff.id, actor.tenant.id);
    await recordStaffAudit(tx, { staffId: actor.staffId, tenantId: actor.tenant.id, type: AUDIT.staffRoleRemoved, reason: reason.data, meta: actor.meta, data: { member: member.staff.id, role: member.role.role }, at: now });
    return true;
  });
  if (!removed) return { ok: false, code: "NOT_ALLOWED", message: "A tenant keeps at least one owner." };
  return { ok: true, message: `${member.staff.email} no longer has a role here.` };
}
