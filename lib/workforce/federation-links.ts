// An administrator's pre-approval of an account link: for a local account whose address is at the
// domain of an organisation with an enterprise connection, the next enterprise sign-in with that
// address at that connection links the IdP identity without the local-account proof. Single use,
// LINK_APPROVAL_DAYS days, revocable until used, bound to the account and the connection, and
// audited with the staff member and their reason. Only for an account whose address is confirmed.
// Stored as a link request with the empty subject and a token hash nobody holds (the token is never
// kept), so no link page can spend it.
import { AUDIT } from "../audit/catalog";
import { recordStaffAudit } from "../audit/events";
import type { TDeps } from "../kernel/deps";
import { fail, type TFailure } from "../kernel/outcome";
import { withTransaction } from "../kernel/transaction";
import { LINK_APPROVAL_DAYS, LINK_APPROVAL_SUBJECT } from "../federation/complete-federated-sign-in";
import { discoverRealm } from "../federation/home-realm";
import { FEDERATION } from "../federation/outcomes";
import { generateToken, hashToken } from "../security/tokens";
import type { TTenant } from "../tenancy/types";
import { openStaffAction } from "./account-actions";
import type { TConsoleActor } from "./console-gate";
import { SUPPORT } from "./outcomes";

export type TLinkApprovalView = {
  /** The organisation whose enterprise connection the account's address belongs to, or null. */
  organisationName: string | null;
  approvals: Array<{ id: string; expiresAt: Date }>;
};

async function connectionFor(deps: TDeps, tenant: TTenant, email: string) {
  const realm = await discoverRealm(deps, tenant, email);
  if (realm.kind !== "federated") return null;
  const organisation = await deps.store.organisations.findById(tenant.id, realm.connection.organisationId);
  return organisation ? { connection: realm.connection, organisation } : null;
}

/** What the console's user page shows about pre-approved links for one account. */
export async function linkApprovalView(deps: TDeps, tenant: TTenant, userId: string): Promise<TLinkApprovalView> {
  const user = await deps.store.users.findById(tenant.id, userId);
  const found = user ? await connectionFor(deps, tenant, user.email) : null;
  if (!user || !found) return { organisationName: null, approvals: [] };
  const approvals = await deps.store.federatedLinkRequests.listOpenForUser(
    tenant.id,
    user.id,
    LINK_APPROVAL_SUBJECT,
    deps.now(),
    found.connection.id,
  );
  return {
    organisationName: found.organisation.name,
    approvals: approvals.map((approval) => ({ id: approval.id, expiresAt: approval.expiresAt })),
  };
}

export type TLinkApprovalResult =
  | { ok: true; approvalId: string }
  | TFailure<typeof SUPPORT, "NOT_FOUND">
  | TFailure<
      typeof FEDERATION,
      "NO_CONNECTION_FOR_ACCOUNT" | "OTHER_ORGANISATION" | "LINK_APPROVAL_NOT_FOUND" | "ACCOUNT_NOT_CONFIRMED"
    >
  | Exclude<Awaited<ReturnType<typeof openStaffAction>>, { ok: true }>["refusal"];

/** Allows the account to link at its next enterprise sign-in (fresh step-up, reason required). */
export async function approveLinkAtNextSignIn(
  deps: TDeps,
  by: TConsoleActor,
  input: { userId: string; reason: string },
): Promise<TLinkApprovalResult> {
  const opened = await openStaffAction(deps, by, input.reason, (actor) =>
    input.userId.length > 0 && input.userId.length <= 64
      ? deps.store.users.findById(actor.tenant.id, input.userId)
      : Promise.resolve(null),
  );
  if (!opened.ok) return opened.refusal;
  const { actor, target: user } = opened;
  if (!user) return fail(SUPPORT, "NOT_FOUND");
  const found = await connectionFor(deps, actor.tenant, user.email);
  if (!found) return fail(FEDERATION, "NO_CONNECTION_FOR_ACCOUNT");
  if (user.organisationId && user.organisationId !== found.organisation.id)
    return fail(FEDERATION, "OTHER_ORGANISATION");
  // An account whose address was never confirmed may be a squatter's sign-up with the employee's
  // address: it is never pre-approved (and the sign-in re-checks it before linking).
  if (!user.emailVerifiedAt) return fail(FEDERATION, "ACCOUNT_NOT_CONFIRMED");
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + LINK_APPROVAL_DAYS * 24 * 60 * 60_000);
  const approval = await withTransaction(deps, async (txDeps) => {
    const created = await txDeps.store.federatedLinkRequests.create({
      tenantId: actor.tenant.id,
      userId: user.id,
      connectionId: found.connection.id,
      subject: LINK_APPROVAL_SUBJECT,
      email: user.email,
      // Nobody holds this token: a pre-approval is spent only by a sign-in at its connection.
      tokenHash: hashToken(generateToken()),
      at: now,
      expiresAt,
    });
    await recordStaffAudit(txDeps.store, {
      staffId: actor.staffId,
      tenantId: actor.tenant.id,
      userId: user.id,
      reason: opened.reason,
      meta: actor.meta,
      at: now,
      type: AUDIT.federatedLinkApproved,
      data: { connectionId: found.connection.id, approvalId: created.id, expiresAt: expiresAt.toISOString() },
    });
    return created;
  });
  return { ok: true, approvalId: approval.id };
}

/** Revokes an unused pre-approval of the account (fresh step-up, reason required). */
export async function revokeLinkApproval(
  deps: TDeps,
  by: TConsoleActor,
  input: { userId: string; approvalId: string; reason: string },
): Promise<TLinkApprovalResult> {
  const opened = await openStaffAction(deps, by, input.reason, (actor) =>
    input.userId.length > 0 && input.userId.length <= 64
      ? deps.store.users.findById(actor.tenant.id, input.userId)
      : Promise.resolve(null),
  );
  if (!opened.ok) return opened.refusal;
  const { actor, target: user } = opened;
  if (!user) return fail(SUPPORT, "NOT_FOUND");
  const now = deps.now();
  const open = await deps.store.federatedLinkRequests.listOpenForUser(
    actor.tenant.id,
    user.id,
    LINK_APPROVAL_SUBJECT,
    now,
  );
  if (!open.some((approval) => approval.id === input.approvalId)) return fail(FEDERATION, "LINK_APPROVAL_NOT_FOUND");
  const revoked = await withTransaction(deps, async (txDeps, rollback) => {
    if (!(await txDeps.store.federatedLinkRequests.revokeForUser(actor.tenant.id, user.id, input.approvalId, now)))
      return rollback(false);
    await recordStaffAudit(txDeps.store, {
      staffId: actor.staffId,
      tenantId: actor.tenant.id,
      userId: user.id,
      reason: opened.reason,
      meta: actor.meta,
      at: now,
      type: AUDIT.federatedLinkApprovalRevoked,
      data: { approvalId: input.approvalId },
    });
    return true;
  });
  if (!revoked) return fail(FEDERATION, "LINK_APPROVAL_NOT_FOUND");
  return { ok: true, approvalId: input.approvalId };
}
