// What a platform operator does from the command line (create a tenant with its first owner, add
// staff) and how a new staff member gets in: a single-use set-up link, valid 24 hours, where they
// choose a password; the second factor is enrolled at their first sign-in. There is no
// self-service recovery for staff: an owner (or the operator) issues a new link, which also
// removes the member's password and second factor and ends their sessions.
import { z } from "zod";
import type { TRepositories, TTenant } from "../db/store";
import type { TStaffMember } from "../db/store-workforce";
import { isUniqueViolation } from "../db/errors";
import { ZEmailSchema } from "../identity/email";
import { hashPassword } from "../identity/password-hasher";
import { checkNewPassword } from "../identity/check-new-password";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { generateToken, hashToken, isWellFormedToken } from "../security/tokens";
import { seedActionPolicies } from "../step-up/policies";
import { slugProblem } from "../tenancy/slug";
import { newTenantSettings } from "../tenancy/tenant-defaults";
import { recordStaffAudit, STAFF_AUDIT } from "./audit";
import { STAFF_POLICY } from "./policy";
import { isStaffRole, type TStaffRole } from "./roles";
import { staffHasSecondFactor } from "./staff-passkeys";
import { createStaffSession } from "./staff-sessions";

export const ZStaffName = z.string().trim().min(1, { error: "Enter a name." }).max(100, { error: "Use at most 100 characters." });

export type TProvisionResult<T> = { ok: true; value: T } | { ok: false; code: "INVALID_INPUT" | "EXISTS" | "NOT_FOUND"; message: string };

function setupUrl(deps: TDeps, token: string): string {
  const url = new URL("/admin/setup", deps.baseUrl);
  url.searchParams.set("token", token);
  return url.toString();
}

/** Retires the member's earlier links and issues a new one; returns the URL (shown once). */
export async function issueSetupLink(tx: TRepositories, deps: TDeps, staffId: string): Promise<string> {
  const now = deps.now();
  await tx.staffTokens.retireAll(staffId, "setup", now);
  const token = generateToken();
  await tx.staffTokens.create({ staffId, purpose: "setup", tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + STAFF_POLICY.setupLinkHours * 3_600_000), at: now });
  return setupUrl(deps, token);
}

/** Finds or creates the member, gives them `role` at `tenant`, and a set-up link when they have no password yet. */
export async function grantRole(
  tx: TRepositories,
  deps: TDeps,
  input: { tenant: TTenant; email: string; name: string; role: TStaffRole; actorStaffId: string | null; meta: TRequestMeta },
): Promise<{ staff: TStaffMember; setupUrl: string | null }> {
  const now = deps.now();
  let staff = await tx.staff.findByEmail(input.email);
  if (!staff) {
    staff = await tx.staff.create({ email: input.email, name: input.name, at: now });
    await recordStaffAudit(tx, { staffId: input.actorStaffId, tenantId: input.tenant.id, type: STAFF_AUDIT.staffCreated, meta: input.meta, data: { member: staff.id, email: staff.email }, at: now });
  }
  await tx.staffRoles.assign(staff.id, input.tenant.id, input.role, now);
  await recordStaffAudit(tx, { staffId: input.actorStaffId, tenantId: input.tenant.id, type: STAFF_AUDIT.staffRoleAssigned, meta: input.meta, data: { member: staff.id, role: input.role }, at: now });
  const link = staff.passwordHash ? null : await issueSetupLink(tx, deps, staff.id);
  if (link) await recordStaffAudit(tx, { staffId: input.actorStaffId, tenantId: input.tenant.id, type: STAFF_AUDIT.staffSetupLinkIssued, meta: input.meta, data: { member: staff.id }, at: now });
  return { staff, setupUrl: link };
}

/** Operator command: a new tenant (default settings and step-up actions) and its first owner. */
export async function createTenantWithOwner(
  deps: TDeps,
  input: { slug: string; name: string; ownerEmail: string; ownerName: string },
  meta: TRequestMeta,
): Promise<TProvisionResult<{ tenant: TTenant; owner: TStaffMember; setupUrl: string | null }>> {
  const problem = slugProblem(input.slug);
  if (problem) return { ok: false, code: "INVALID_INPUT", message: `Tenant slug: ${problem}` };
  const name = ZStaffName.safeParse(input.name);
  const ownerName = ZStaffName.safeParse(input.ownerName);
  const email = ZEmailSchema.safeParse(input.ownerEmail);
  if (!name.success) return { ok: false, code: "INVALID_INPUT", message: `Tenant name: ${name.error.issues[0]?.message}` };
  if (!ownerName.success) return { ok: false, code: "INVALID_INPUT", message: `Owner name: ${ownerName.error.issues[0]?.message}` };
  if (!email.success) return { ok: false, code: "INVALID_INPUT", message: `Owner email: ${email.error.issues[0]?.message}` };
  if (await deps.store.tenants.findBySlug(input.slug)) return { ok: false, code: "EXISTS", message: `A tenant "${input.slug}" already exists.` };
  const now = deps.now();
  try {
    const created = await deps.store.transaction(async (tx) => {
      const tenant = await tx.tenants.create(newTenantSettings(input.slug, name.data));
      await seedActionPolicies(tx, tenant.id, now);
      await recordStaffAudit(tx, { staffId: null, tenantId: tenant.id, type: STAFF_AUDIT.tenantCreated, meta, data: { slug: tenant.slug, by: "operator" }, at: now });
      const { staff, setupUrl } = await grantRole(tx, deps, { tenant, email: email.data, name: ownerName.data, role: "owner", actorStaffId: null, meta });
      return { tenant, owner: staff, setupUrl };
    });
    return { ok: true, value: created };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, code: "EXISTS", message: `A tenant "${input.slug}" already exists.` };
    throw error;
  }
}

/** Operator command (and later the owner's team page): gives a member a role at a tenant. */
export async function addStaffMember(
  deps: TDeps,
  input: { tenantSlug: string; email: string; name: string; role: string; actorStaffId: string | null },
  meta: TRequestMeta,
): Promise<TProvisionResult<{ staff: TStaffMember; setupUrl: string | null }>> {
  if (!isStaffRole(input.role)) return { ok: false, code: "INVALID_INPUT", message: "Role must be owner, admin or support." };
  const role = input.role;
  const email = ZEmailSchema.safeParse(input.email);
  const name = ZStaffName.safeParse(input.name);
  if (!email.success) return { ok: false, code: "INVALID_INPUT", message: `Email: ${email.error.issues[0]?.message}` };
  if (!name.success) return { ok: false, code: "INVALID_INPUT", message: `Name: ${name.error.issues[0]?.message}` };
  const tenant = await deps.store.tenants.findBySlug(input.tenantSlug);
  if (!tenant) return { ok: false, code: "NOT_FOUND", message: `No tenant "${input.tenantSlug}".` };
  const value = await deps.store.transaction((tx) => grantRole(tx, deps, { tenant, email: email.data, name: name.data, role, actorStaffId: input.actorStaffId, meta }));
  return { ok: true, value };
}

export type TSetupResult =
  | { ok: true; token: string; expiresAt: Date }
  | { ok: false; code: "INVALID_LINK" | "INVALID_PASSWORD" | "MISMATCH"; message: string };

export const INVALID_SETUP_LINK = "This set-up link is not valid any more. Ask an owner of your organisation for a new one.";

/** Whether a set-up link can still be used (for the page, before the form is shown). */
export async function isLiveSetupLink(deps: TDeps, token: string | undefined): Promise<boolean> {
  if (!isWellFormedToken(token)) return false;
  return (await deps.store.staffTokens.findLive(hashToken(token), "setup", deps.now())) !== null;
}

/**
 * Uses a set-up link: the member chooses a password (the same rules as customers: 15 characters, hard to guess, not breached)
 * and goes straight on to enrol their second factor. The link works once.
 */
export async function completeStaffSetup(deps: TDeps, input: { token: string; password: string; confirm: string }, meta: TRequestMeta): Promise<TSetupResult> {
  if (!isWellFormedToken(input.token)) return { ok: false, code: "INVALID_LINK", message: INVALID_SETUP_LINK };
  const now = deps.now();
  const tokenHash = hashToken(input.token);
  const live = await deps.store.staffTokens.findLive(tokenHash, "setup", now);
  if (!live) return { ok: false, code: "INVALID_LINK", message: INVALID_SETUP_LINK };
  const staff = await deps.store.staff.findById(live.staffId);
  if (!staff || staff.status !== "active") return { ok: false, code: "INVALID_LINK", message: INVALID_SETUP_LINK };
  const problem = await checkNewPassword(deps, {
    password: input.password,
    policy: { minLength: STAFF_POLICY.passwordMinLength },
    context: { email: staff.email, name: staff.name },
    subject: { staffId: staff.id },
    flow: "staff_setup",
    meta,
  });
  if (problem) return { ok: false, code: "INVALID_PASSWORD", message: problem.message };
  if (input.password !== input.confirm) return { ok: false, code: "MISMATCH", message: "The two passwords do not match." };
  const hash = await hashPassword(input.password);
  const stage = (await staffHasSecondFactor(deps, staff)) ? "factor" : "enrol";
  const result = await deps.store.transaction(async (tx) => {
    if (!(await tx.staffTokens.consume(tokenHash, "setup", now))) return null;
    await tx.staff.setPassword(staff.id, hash, now);
    await tx.staffSessions.revokeAllForStaff(staff.id, "setup_completed", now);
    await recordStaffAudit(tx, { staffId: staff.id, tenantId: null, type: STAFF_AUDIT.staffSetupCompleted, meta, at: now });
    return createStaffSession(tx, deps, { staffId: staff.id, stage, meta });
  });
  if (!result) return { ok: false, code: "INVALID_LINK", message: INVALID_SETUP_LINK };
  return { ok: true, token: result.token, expiresAt: result.session.absoluteExpiresAt };
}
