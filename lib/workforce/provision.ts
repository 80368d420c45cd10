// What a platform operator does from the command line (create a tenant with its first owner, add
// staff) and how a new staff member gets in: a single-use set-up link, valid 24 hours, where they
// choose a password; the second factor is enrolled at their first sign-in. There is no
// self-service recovery for staff: a reset removes the member's password and second factors, ends
// their sessions and issues a new link. An owner may reset only a member who works for the owner's
// tenant alone; the operator resets anyone (`npm run staff:reset`).
import { AUDIT } from "../audit/catalog";
import { auditRow, recordStaffAudit, type TAuditDataField } from "../audit/events";
import type { TAuditType } from "../audit/catalog";
import { z } from "zod";
import type { TRepositories, TStaffMember } from "../db/store";
import { isUniqueViolation } from "../db/errors";
import { ZEmailSchema } from "../identity/email";
import { hashPassword } from "../identity/password-hasher";
import { checkNewPassword } from "../identity/check-new-password";
import { PASSWORD } from "../identity/account-outcomes";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { fail, type TFailure } from "../kernel/outcome";
import { generateToken, hashToken, isWellFormedToken } from "../security/tokens";
import { seedActionPolicies } from "../step-up/policies";
import { slugProblem } from "../tenancy/slug";
import { newTenantSettings } from "../tenancy/tenant-defaults";
import { staffTemplates } from "../mail/templates";
import { OPERATOR, STAFF } from "./outcomes";
import { STAFF_POLICY } from "./policy";
import { isStaffRole, type TStaffRole } from "./roles";
import { staffHasSecondFactor } from "./staff-passkeys";
import { consoleUrl, operatorName, queueStaffMail } from "./staff-mail";
import { createStaffSession } from "./staff-sessions";
import type { TTenant } from "../tenancy/types";

export const ZStaffName = z
  .string()
  .trim()
  .min(1, { error: "Enter a name." })
  .max(100, { error: "Use at most 100 characters." });

export type TProvisionResult<T> = { ok: true; value: T } | TFailure<typeof OPERATOR>;

/** How a name or email address failed its schema: absent or empty, too long, or otherwise not valid. */
export function inputProblemOf(issues: ReadonlyArray<{ code: string }>): "missing" | "invalid" | "too_long" {
  const code = issues[0]?.code;
  return code === "too_big" ? "too_long" : code === "invalid_type" || code === "too_small" ? "missing" : "invalid";
}

type TOperatorField = TFailure<typeof OPERATOR, "INVALID_INPUT">["params"]["field"];
const invalidArgument = (field: TOperatorField, value: string, issues: ReadonlyArray<{ code: string }>) =>
  fail(OPERATOR, "INVALID_INPUT", { field, problem: inputProblemOf(issues), value });

function setupUrl(deps: TDeps, token: string): string {
  const url = new URL("/admin/setup", deps.baseUrl);
  url.searchParams.set("token", token);
  return url.toString();
}

/** Retires the member's earlier links and issues a new one; returns the URL (shown once). */
export async function issueSetupLink(txDeps: TDeps, staffId: string): Promise<string> {
  const now = txDeps.now();
  await txDeps.store.staffTokens.retireAll(staffId, "setup", now);
  const token = generateToken();
  await txDeps.store.staffTokens.create({
    staffId,
    purpose: "setup",
    tokenHash: hashToken(token),
    expiresAt: new Date(now.getTime() + STAFF_POLICY.setupLinkHours * 3_600_000),
    at: now,
  });
  return setupUrl(txDeps, token);
}

/**
 * Removes the member's password, authenticator app and passkeys, ends all their sessions and issues a new set-up link.
 */
export async function resetStaffSignIn(
  txDeps: TDeps,
  staffId: string,
): Promise<{ endedSessions: number; setupUrl: string }> {
  const now = txDeps.now();
  await txDeps.store.staff.resetFactors(staffId, now);
  await txDeps.store.staffPasskeys.removeAllForStaff(staffId);
  const endedSessions = await txDeps.store.staffSessions.revokeAllForStaff(staffId, "factors_reset", now);
  return { endedSessions, setupUrl: await issueSetupLink(txDeps, staffId) };
}

/**
 * Operator command: resets anyone's staff sign-in, whichever tenants they work for, and returns
 * the new set-up link to hand over; the member is told by mail (without the link). Audited in
 * every tenant they work for (or as a platform event when they work for none).
 */
export async function resetStaffByOperator(
  deps: TDeps,
  input: { email: string },
  meta: TRequestMeta,
): Promise<TProvisionResult<{ staff: TStaffMember; setupUrl: string; endedSessions: number }>> {
  const email = ZEmailSchema.safeParse(input.email);
  if (!email.success) return invalidArgument("email", input.email, email.error.issues);
  const staff = await deps.store.staff.findByEmail(email.data);
  if (!staff) return fail(OPERATOR, "NOT_FOUND", { subject: "staff", value: email.data });
  const now = deps.now();
  const value = await withTransaction(deps, async (txDeps) => {
    await txDeps.store.staff.lockForFactorChange(staff.id, now);
    const { endedSessions, setupUrl } = await resetStaffSignIn(txDeps, staff.id);
    const tenants = (await txDeps.store.staffRoles.listForStaff(staff.id)).map((r) => r.tenantId);
    for (const tenantId of tenants.length > 0 ? tenants : [null]) {
      await recordStaffAudit(txDeps.store, {
        staffId: null,
        tenantId,
        type: AUDIT.staffFactorsReset,
        meta,
        data: { member: staff.id, by: "operator", endedSessions },
        at: now,
      });
      await recordStaffAudit(txDeps.store, {
        staffId: null,
        tenantId,
        type: AUDIT.staffSetupLinkIssued,
        meta,
        data: { member: staff.id, by: "operator" },
        at: now,
      });
    }
    await queueStaffMail(txDeps, staff.email, staffTemplates.operatorReset(operatorName(deps)));
    return { staff, setupUrl, endedSessions };
  });
  return { ok: true, value };
}

/**
 * Writes `event` in the granting tenant and in every other tenant where the member holds a role,
 * one row each in the caller's transaction: a tenant sees what happens to a member it shares.
 */
/** Events every tenant the member works for records (their data names the tenant it happened at). */
type TMemberTenantsEvent =
  typeof AUDIT.staffInvited | typeof AUDIT.staffRoleAssigned | typeof AUDIT.staffInvitationAccepted;

export async function auditInMemberTenants(
  tx: TRepositories,
  tenant: Pick<TTenant, "id" | "slug">,
  memberId: string,
  event: {
    staffId: string | null;
    type: TMemberTenantsEvent;
    meta: TRequestMeta;
    data: { member: string; role: string; invitation?: string };
    at: Date;
  },
) {
  // One event of three types with the same data: written through auditRow, which parses that data
  // against the type's catalogue entry (none of them requires a reason).
  await tx.audit.record(auditRow({ ...event, tenantId: tenant.id }));
  for (const other of await tx.staffRoles.listForStaff(memberId)) {
    if (other.tenantId !== tenant.id)
      await tx.audit.record(
        auditRow({ ...event, tenantId: other.tenantId, data: { ...event.data, tenant: tenant.slug } }),
      );
  }
}

/** Who grants a role: the platform operator (command line), or an owner of the tenant. */
export type TGrantActor = { kind: "operator"; staffId: string | null } | { kind: "owner"; staffId: string };

export type TGrantOutcome = {
  staff: TStaffMember;
  /** "created": a new identity; "invited": an existing identity must accept first; "granted": the role is active. */
  kind: "created" | "invited" | "granted";
  /** A set-up link, when the member has no password yet and the role is active. */
  setupUrl: string | null;
};

const signInPath = (role: TStaffRole) => (role === "support" ? "/support/login" : "/admin/login");

/**
 * Gives `email` the role `role` at `tenant`, mailing the member and auditing the grant in every
 * tenant they work for. An address without a staff identity gets one and a set-up link (that
 * person works nowhere else). An address that already has one belongs to a person who may work
 * for another tenant: an owner can only invite them, and nothing is granted until they accept
 * while signed in as themselves; the platform operator's grant is active at once. A member
 * already at this tenant just changes role. The name only applies to a new identity: a tenant
 * never renames a person it shares.
 */
export async function grantRole(
  txDeps: TDeps,
  input: { tenant: TTenant; email: string; name: string; role: TStaffRole; actor: TGrantActor; meta: TRequestMeta },
): Promise<TGrantOutcome> {
  const now = txDeps.now();
  const operator = operatorName(txDeps);
  const actorId = input.actor.staffId;
  // Who granted, where and when: the same on every event of this grant.
  const record = <T extends TAuditType>(event: TAuditDataField<T>) =>
    recordStaffAudit<T>(txDeps.store, {
      staffId: actorId,
      tenantId: input.tenant.id,
      meta: input.meta,
      at: now,
      ...event,
    });
  const existing = await txDeps.store.staff.findByEmail(input.email);
  if (!existing) {
    const staff = await txDeps.store.staff.create({ email: input.email, name: input.name, at: now });
    await record({ type: AUDIT.staffCreated, data: { member: staff.id, email: staff.email } });
    await txDeps.store.staffRoles.assign(staff.id, input.tenant.id, input.role, now);
    await record({ type: AUDIT.staffRoleAssigned, data: { member: staff.id, role: input.role } });
    const link = await issueSetupLink(txDeps, staff.id);
    await record({ type: AUDIT.staffSetupLinkIssued, data: { member: staff.id } });
    // An owner's new member gets the link by mail; the operator hands theirs over in person.
    await queueStaffMail(
      txDeps,
      staff.email,
      input.actor.kind === "owner"
        ? staffTemplates.setup(operator, link, { kind: "invited", tenant: input.tenant, role: input.role })
        : staffTemplates.roleGranted(operator, {
            tenant: input.tenant,
            role: input.role,
            how: "operator",
            consoleUrl: consoleUrl(txDeps, signInPath(input.role)),
            linkFromOperator: true,
          }),
    );
    return { staff, kind: "created", setupUrl: link };
  }
  // Serialises with an owner's reset of this member, which is allowed only while they work for that tenant alone.
  await txDeps.store.staff.lockForFactorChange(existing.id, now);
  const current = await txDeps.store.staffRoles.find(existing.id, input.tenant.id);
  if (!current && input.actor.kind === "owner") {
    await txDeps.store.staffInvitations.retireOpen(existing.id, input.tenant.id, now);
    const invitation = await txDeps.store.staffInvitations.create({
      tenantId: input.tenant.id,
      staffId: existing.id,
      role: input.role,
      invitedById: actorId,
      expiresAt: new Date(now.getTime() + STAFF_POLICY.invitationDays * 86_400_000),
      at: now,
    });
    await auditInMemberTenants(txDeps.store, input.tenant, existing.id, {
      staffId: actorId,
      type: AUDIT.staffInvited,
      meta: input.meta,
      data: { member: existing.id, role: input.role, invitation: invitation.id },
      at: now,
    });
    await queueStaffMail(
      txDeps,
      existing.email,
      staffTemplates.invitation(operator, {
        tenant: input.tenant,
        role: input.role,
        invitationsUrl: consoleUrl(txDeps, "/admin/invitations"),
        days: STAFF_POLICY.invitationDays,
      }),
    );
    return { staff: existing, kind: "invited", setupUrl: null };
  }
  await txDeps.store.staffRoles.assign(existing.id, input.tenant.id, input.role, now);
  await txDeps.store.staffInvitations.retireOpen(existing.id, input.tenant.id, now);
  await auditInMemberTenants(txDeps.store, input.tenant, existing.id, {
    staffId: actorId,
    type: AUDIT.staffRoleAssigned,
    meta: input.meta,
    data: { member: existing.id, role: input.role, ...(current ? { previous: current.role } : {}) },
    at: now,
  });
  const link = existing.passwordHash ? null : await issueSetupLink(txDeps, existing.id);
  if (link) await record({ type: AUDIT.staffSetupLinkIssued, data: { member: existing.id } });
  await queueStaffMail(
    txDeps,
    existing.email,
    staffTemplates.roleGranted(operator, {
      tenant: input.tenant,
      role: input.role,
      how: current ? "changed" : "operator",
      consoleUrl: consoleUrl(txDeps, signInPath(input.role)),
      linkFromOperator: link !== null,
    }),
  );
  return { staff: existing, kind: "granted", setupUrl: link };
}

/** Operator command: a new tenant (default settings and step-up actions) and its first owner. */
export async function createTenantWithOwner(
  deps: TDeps,
  input: { slug: string; name: string; ownerEmail: string; ownerName: string },
  meta: TRequestMeta,
): Promise<TProvisionResult<{ tenant: TTenant; owner: TStaffMember; setupUrl: string | null }>> {
  const problem = slugProblem(input.slug);
  if (problem) return fail(OPERATOR, "INVALID_INPUT", { field: "slug", problem, value: input.slug });
  const name = ZStaffName.safeParse(input.name);
  const ownerName = ZStaffName.safeParse(input.ownerName);
  const email = ZEmailSchema.safeParse(input.ownerEmail);
  if (!name.success) return invalidArgument("tenant_name", input.name, name.error.issues);
  if (!ownerName.success) return invalidArgument("owner_name", input.ownerName, ownerName.error.issues);
  if (!email.success) return invalidArgument("owner_email", input.ownerEmail, email.error.issues);
  if (await deps.store.tenants.findBySlug(input.slug)) return fail(OPERATOR, "EXISTS", { slug: input.slug });
  const now = deps.now();
  try {
    const created = await withTransaction(deps, async (txDeps) => {
      const tenant = await txDeps.store.tenants.create(newTenantSettings(input.slug, name.data));
      await seedActionPolicies(txDeps.store, tenant.id, now);
      await recordStaffAudit(txDeps.store, {
        staffId: null,
        tenantId: tenant.id,
        type: AUDIT.tenantCreated,
        meta,
        data: { slug: tenant.slug, by: "operator" },
        at: now,
      });
      const { staff, setupUrl } = await grantRole(txDeps, {
        tenant,
        email: email.data,
        name: ownerName.data,
        role: "owner",
        actor: { kind: "operator", staffId: null },
        meta,
      });
      return { tenant, owner: staff, setupUrl };
    });
    return { ok: true, value: created };
  } catch (error) {
    if (isUniqueViolation(error)) return fail(OPERATOR, "EXISTS", { slug: input.slug });
    throw error;
  }
}

/**
 * Operator command: gives a member a role at a tenant (active at once, even for an existing identity: the operator
 * already manages every sign-in).
 */
export async function addStaffMember(
  deps: TDeps,
  input: { tenantSlug: string; email: string; name: string; role: string; actorStaffId: string | null },
  meta: TRequestMeta,
): Promise<TProvisionResult<{ staff: TStaffMember; setupUrl: string | null }>> {
  if (!isStaffRole(input.role))
    return fail(OPERATOR, "INVALID_INPUT", { field: "role", problem: "invalid", value: input.role });
  const role = input.role;
  const email = ZEmailSchema.safeParse(input.email);
  const name = ZStaffName.safeParse(input.name);
  if (!email.success) return invalidArgument("email", input.email, email.error.issues);
  if (!name.success) return invalidArgument("name", input.name, name.error.issues);
  const tenant = await deps.store.tenants.findBySlug(input.tenantSlug);
  if (!tenant) return fail(OPERATOR, "NOT_FOUND", { subject: "tenant", value: input.tenantSlug });
  const value = await withTransaction(deps, (txDeps) =>
    grantRole(txDeps, {
      tenant,
      email: email.data,
      name: name.data,
      role,
      actor: { kind: "operator", staffId: input.actorStaffId },
      meta,
    }),
  );
  return { ok: true, value: { staff: value.staff, setupUrl: value.setupUrl } };
}

export type TSetupResult =
  | { ok: true; token: string; expiresAt: Date }
  | TFailure<typeof STAFF, "SETUP_LINK_INVALID" | "PASSWORD_MISMATCH">
  /** The password rules' own refusal (the customers' rules and words). */
  | TFailure<typeof PASSWORD, "INVALID_PASSWORD">;

const INVALID_LINK = () => fail(STAFF, "SETUP_LINK_INVALID");

/** Whether a set-up link can still be used (for the page, before the form is shown). */
export async function isLiveSetupLink(deps: TDeps, token: string | undefined): Promise<boolean> {
  if (!isWellFormedToken(token)) return false;
  return (await deps.store.staffTokens.findLive(hashToken(token), "setup", deps.now())) !== null;
}

/**
 * Uses a set-up link: the member chooses a password (the same rules as customers: 15 characters, hard to guess, not
 * breached)
 * and goes straight on to enrol their second factor. The link works once.
 */
export async function completeStaffSetup(
  deps: TDeps,
  input: { token: string; password: string; confirm: string },
  meta: TRequestMeta,
): Promise<TSetupResult> {
  if (!isWellFormedToken(input.token)) return INVALID_LINK();
  const now = deps.now();
  const tokenHash = hashToken(input.token);
  const live = await deps.store.staffTokens.findLive(tokenHash, "setup", now);
  if (!live) return INVALID_LINK();
  const staff = await deps.store.staff.findById(live.staffId);
  if (!staff || staff.status !== "active") return INVALID_LINK();
  const problem = await checkNewPassword(deps, {
    password: input.password,
    policy: { minLength: STAFF_POLICY.passwordMinLength },
    context: { email: staff.email, name: staff.name },
    subject: { staffId: staff.id },
    flow: "staff_setup",
    meta,
  });
  if (problem) return fail(PASSWORD, "INVALID_PASSWORD", problem);
  if (input.password !== input.confirm) return fail(STAFF, "PASSWORD_MISMATCH");
  const hash = await hashPassword(input.password);
  const stage = (await staffHasSecondFactor(deps, staff)) ? "factor" : "enrol";
  const result = await withTransaction(deps, async (txDeps) => {
    if (!(await txDeps.store.staffTokens.consume(tokenHash, "setup", now))) return null;
    await txDeps.store.staff.setPassword(staff.id, hash, now);
    await txDeps.store.staffSessions.revokeAllForStaff(staff.id, "setup_completed", now);
    await recordStaffAudit(txDeps.store, {
      staffId: staff.id,
      tenantId: null,
      type: AUDIT.staffSetupCompleted,
      meta,
      at: now,
    });
    return createStaffSession(txDeps, { staffId: staff.id, stage, meta });
  });
  if (!result) return INVALID_LINK();
  return { ok: true, token: result.token, expiresAt: result.session.absoluteExpiresAt };
}
