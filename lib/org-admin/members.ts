// Delegated administration: an organisation's administrator (organisation role `org_admin`)
// manages the members of their own organisation from the customer portal. Who acts, and for which
// organisation, is read from the store on every call, never from the form: a member id of another
// organisation, of a consumer account or of another tenant finds nothing. Every change needs a
// fresh step-up of the administrator (the built-in action `org.manage`, checked in the transaction
// that makes the change) and a written reason, kept in the audit row the change is written with.
// The administrator sees factor types and counts, never a secret or a device's name, and starts
// recoveries whose link goes to the member's own confirmed address.
import { z } from "zod";
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import { loadAuthenticators, summarizeAuthenticators } from "../identity/authenticators";
import type { TUser } from "../identity/types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { fail, type TFailure } from "../kernel/outcome";
import { withTransaction } from "../kernel/transaction";
import { queueMail } from "../mail/queue-mail";
import { templates } from "../mail/templates";
import type { TOrganisation, TOrgRole } from "../organisations/types";
import { openAssistedRecovery } from "../recovery/assisted-recovery";
import { endEverySessionOf } from "../sessions/end-user-sessions";
import type { TSession } from "../sessions/types";
import { ORG_MANAGE_ACTION } from "../step-up/policies";
import { listOrganisationInvitations, type TInvitationView } from "../invitations/invitations";
import { assertStepUp, checkStepUp, needsStepUp, type TNeedsStepUp } from "../step-up/step-up";
import type { TTenant } from "../tenancy/types";
import { ORG_ADMIN } from "./outcomes";

export type TOrgAuth = { session: TSession; user: TUser };

/** Why an administrator acts on someone else's account: written for the audit log. */
export const ZOrgAdminReason = z.string().trim().min(3, { error: "too_short" }).max(500, { error: "too_long" });

/** The most members one page lists. */
export const MEMBER_PAGE_SIZE = 500;

type TAccess = { admin: TUser; organisation: TOrganisation };

/**
 * The signed-in account as the store holds it now, with its organisation: NOT_MEMBER for a
 * consumer (or an organisation since removed); `NOT_ALLOWED` when `adminOnly` and its role there is
 * not org_admin.
 */
export async function openOrganisation(
  deps: TDeps,
  tenant: TTenant,
  auth: TOrgAuth,
  adminOnly: boolean,
): Promise<({ ok: true } & TAccess) | TFailure<typeof ORG_ADMIN, "NOT_MEMBER" | "NOT_ALLOWED">> {
  const admin = await deps.store.users.findById(tenant.id, auth.session.userId);
  if (!admin || admin.id !== auth.user.id || !admin.organisationId) return fail(ORG_ADMIN, "NOT_MEMBER");
  const organisation = await deps.store.organisations.findById(tenant.id, admin.organisationId);
  if (!organisation) return fail(ORG_ADMIN, "NOT_MEMBER");
  if (adminOnly && admin.organisationRole !== "org_admin") return fail(ORG_ADMIN, "NOT_ALLOWED");
  return { ok: true, admin, organisation };
}

/** A member of `organisationId` in this tenant, or null (another organisation's, a consumer, a malformed id). */
export async function findMemberOf(
  deps: TDeps,
  tenantId: string,
  organisationId: string,
  memberId: unknown,
): Promise<TUser | null> {
  if (typeof memberId !== "string" || memberId.length === 0 || memberId.length > 64) return null;
  const user = await deps.store.users.findById(tenantId, memberId);
  return user && user.organisationId === organisationId ? user : null;
}

export type TMemberStatus = "active" | "locked" | "disabled" | "unverified";

function memberStatus(user: TUser, now: Date): TMemberStatus {
  if (user.status === "disabled") return "disabled";
  if (user.status === "locked" && (user.lockedUntil === null || user.lockedUntil > now)) return "locked";
  return user.emailVerifiedAt ? "active" : "unverified";
}

/** A member as their administrator sees them: factor types and counts only. */
export type TMemberView = {
  id: string;
  email: string;
  name: string | null;
  role: TOrgRole;
  status: TMemberStatus;
  factors: { password: boolean; passkeys: number; authenticatorApp: boolean; recoveryCodes: number };
  lastSignInAt: Date | null;
  self: boolean;
};

export type TOrganisationView = {
  ok: true;
  organisation: { id: string; name: string; slug: string };
  role: TOrgRole;
  /** The organisation's administrators, so every member knows whom to ask. */
  admins: Array<{ name: string | null; email: string }>;
  /**
   * null for a plain member. For an administrator: the members once the step-up is fresh, else
   * the step-up it needs (or why it cannot be had).
   */
  manage:
    | null
    | { access: "granted"; members: TMemberView[]; total: number; invitations: TInvitationView[] }
    | { access: "step_up"; check: TNeedsStepUp };
};

/** What `/{tenant}/account/organisation` shows the signed-in account. */
export async function organisationView(
  deps: TDeps,
  tenant: TTenant,
  auth: TOrgAuth,
  meta: TRequestMeta,
): Promise<TOrganisationView | TFailure<typeof ORG_ADMIN, "NOT_MEMBER">> {
  const opened = await openOrganisation(deps, tenant, auth, false);
  if (!opened.ok) return fail(ORG_ADMIN, "NOT_MEMBER");
  const { admin: me, organisation } = opened;
  const [members, total] = await Promise.all([
    deps.store.memberships.list(tenant.id, organisation.id, MEMBER_PAGE_SIZE),
    deps.store.memberships.count(tenant.id, organisation.id),
  ]);
  const role: TOrgRole = me.organisationRole ?? "member";
  const base = {
    ok: true as const,
    organisation: { id: organisation.id, name: organisation.name, slug: organisation.slug },
    role,
    admins: members
      .filter((m) => m.organisationRole === "org_admin")
      .map((m) => ({ name: m.displayName, email: m.email })),
  };
  if (role !== "org_admin") return { ...base, manage: null };
  const check = await checkStepUp(deps, tenant, { session: auth.session, user: me }, ORG_MANAGE_ACTION, meta);
  if (!check.ok) return { ...base, manage: { access: "step_up", check: needsStepUp(check) } };
  const now = deps.now();
  const lastSignIns = await deps.store.memberActivity.lastSignIns(
    tenant.id,
    members.map((m) => m.id),
  );
  const views = await Promise.all(
    members.map(async (m): Promise<TMemberView> => {
      const factors = summarizeAuthenticators(await loadAuthenticators(deps.store, tenant, m.id));
      return {
        id: m.id,
        email: m.email,
        name: m.displayName,
        role: m.organisationRole ?? "member",
        status: memberStatus(m, now),
        factors: {
          password: factors.password,
          passkeys: factors.passkeys,
          authenticatorApp: factors.totp,
          recoveryCodes: factors.recoveryCodes,
        },
        lastSignInAt: lastSignIns.get(m.id) ?? null,
        self: m.id === me.id,
      };
    }),
  );
  const invitations = (await listOrganisationInvitations(deps, tenant, organisation.id)).filter(
    (i) => i.state === "pending" || i.state === "expired",
  );
  return { ...base, manage: { access: "granted", members: views, total, invitations } };
}

export type TOrgAdminRefusal =
  TFailure<typeof ORG_ADMIN, "NOT_MEMBER" | "NOT_ALLOWED" | "REASON_INVALID"> | TNeedsStepUp;

/**
 * The opening every administrator action shares: the reason holds, the actor is an org_admin of
 * their organisation (from the store). The step-up is checked by `inTransaction`.
 */
export async function openAdminAction(
  deps: TDeps,
  tenant: TTenant,
  auth: TOrgAuth,
  rawReason: string,
): Promise<({ ok: true; reason: string } & TAccess) | TOrgAdminRefusal> {
  const parsed = ZOrgAdminReason.safeParse(rawReason);
  if (!parsed.success)
    return fail(ORG_ADMIN, "REASON_INVALID", {
      problem: parsed.error.issues[0]?.message === "too_long" ? "too_long" : "too_short",
    });
  const opened = await openOrganisation(deps, tenant, auth, true);
  if (!opened.ok) return opened;
  return { ...opened, reason: parsed.data };
}

/** The administrator's fresh step-up, checked inside the transaction that makes the change. */
export async function assertOrgStepUp(
  txDeps: TDeps,
  tenant: TTenant,
  auth: TOrgAuth,
  admin: TUser,
  meta: TRequestMeta,
): Promise<TNeedsStepUp | null> {
  const gate = await assertStepUp(txDeps, tenant, { session: auth.session, user: admin }, ORG_MANAGE_ACTION, meta);
  return gate.ok ? null : needsStepUp(gate);
}

export type TMemberActionResult =
  { ok: true; endedSessions?: number } | TOrgAdminRefusal | TFailure<typeof ORG_ADMIN, "NOT_FOUND" | "NOT_APPLICABLE">;

type TMemberActionInput = { memberId: string; reason: string };

async function openMemberAction(deps: TDeps, tenant: TTenant, auth: TOrgAuth, input: TMemberActionInput) {
  const opened = await openAdminAction(deps, tenant, auth, input.reason);
  if (!opened.ok) return opened;
  const member = await findMemberOf(deps, tenant.id, opened.organisation.id, input.memberId);
  if (!member) return fail(ORG_ADMIN, "NOT_FOUND", { subject: "member" });
  if (member.id === opened.admin.id) return fail(ORG_ADMIN, "NOT_APPLICABLE", { reason: "own_account" });
  return { ...opened, member };
}

/**
 * Runs `change` for a member of the administrator's organisation, in one transaction with the
 * step-up check; the member is read again inside it, so one removed meanwhile is not found.
 */
async function inMemberTransaction(
  deps: TDeps,
  tenant: TTenant,
  auth: TOrgAuth,
  opened: TAccess & { member: TUser },
  meta: TRequestMeta,
  change: (txDeps: TDeps, member: TUser) => Promise<TMemberActionResult>,
): Promise<TMemberActionResult> {
  return withTransaction(deps, async (txDeps): Promise<TMemberActionResult> => {
    const stepUp = await assertOrgStepUp(txDeps, tenant, auth, opened.admin, meta);
    if (stepUp) return stepUp;
    const member = await findMemberOf(txDeps, tenant.id, opened.organisation.id, opened.member.id);
    if (!member) return fail(ORG_ADMIN, "NOT_FOUND", { subject: "member" });
    return change(txDeps, member);
  });
}

/** Removes the member from the organisation and ends their sessions (their account stays). */
export async function removeMember(
  deps: TDeps,
  tenant: TTenant,
  auth: TOrgAuth,
  input: TMemberActionInput,
  meta: TRequestMeta,
): Promise<TMemberActionResult> {
  const opened = await openMemberAction(deps, tenant, auth, input);
  if (!opened.ok) return opened;
  const { organisation, admin, reason } = opened;
  const now = deps.now();
  return inMemberTransaction(deps, tenant, auth, opened, meta, async (txDeps, member) => {
    if (!(await txDeps.store.memberships.remove(tenant.id, member.id, organisation.id)))
      return fail(ORG_ADMIN, "NOT_FOUND", { subject: "member" });
    // Their IdP account at the organisation no longer opens their Portico account.
    await txDeps.store.federatedIdentities.removeForUserAtOrganisation(tenant.id, member.id, organisation.id);
    const endedSessions = await endEverySessionOf(txDeps.store, tenant, member.id, "removed_from_organisation", now);
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: member.id,
      type: AUDIT.orgMemberRemoved,
      reason,
      meta,
      data: { organisation: organisation.id, by: admin.id, endedSessions },
      at: now,
    });
    await queueMail(txDeps, tenant, member.email, templates.orgMembershipEnded(tenant, organisation.name));
    return { ok: true, endedSessions };
  });
}

/** Signs the member out everywhere: Portico's sessions and the apps they signed in to (back-channel logout). */
export async function endMemberSessions(
  deps: TDeps,
  tenant: TTenant,
  auth: TOrgAuth,
  input: TMemberActionInput,
  meta: TRequestMeta,
): Promise<TMemberActionResult> {
  const opened = await openMemberAction(deps, tenant, auth, input);
  if (!opened.ok) return opened;
  const { organisation, admin, reason } = opened;
  const now = deps.now();
  return inMemberTransaction(deps, tenant, auth, opened, meta, async (txDeps, member) => {
    const endedSessions = await endEverySessionOf(txDeps.store, tenant, member.id, "ended_by_org_admin", now);
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: member.id,
      type: AUDIT.orgMemberSessionsEnded,
      reason,
      meta,
      data: { organisation: organisation.id, by: admin.id, endedSessions },
      at: now,
    });
    return { ok: true, endedSessions };
  });
}

/**
 * The support desk's assisted recovery, started by the member's administrator for a member who
 * lost their sign-in methods: the reset link goes to the member's own confirmed address, and the
 * administrator's answer holds nothing but `ok`.
 */
export async function startMemberRecovery(
  deps: TDeps,
  tenant: TTenant,
  auth: TOrgAuth,
  input: TMemberActionInput,
  meta: TRequestMeta,
): Promise<TMemberActionResult> {
  const opened = await openMemberAction(deps, tenant, auth, input);
  if (!opened.ok) return opened;
  const { organisation, admin, reason, member: found } = opened;
  if (found.status === "disabled") return fail(ORG_ADMIN, "NOT_APPLICABLE", { reason: "disabled" });
  if (!found.emailVerifiedAt) return fail(ORG_ADMIN, "NOT_APPLICABLE", { reason: "unverified" });
  const now = deps.now();
  return inMemberTransaction(deps, tenant, auth, opened, meta, async (txDeps, member) => {
    const recovery = await openAssistedRecovery(txDeps, tenant, member, {
      startedBy: `user:${admin.id}`,
      meta,
      content: (url, minutes) => templates.orgAdminRecoveryStarted(tenant, organisation.name, url, minutes),
    });
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: member.id,
      type: AUDIT.orgMemberRecoveryStarted,
      reason,
      meta,
      data: { organisation: organisation.id, by: admin.id, ...recovery },
      at: now,
    });
    return { ok: true };
  });
}
