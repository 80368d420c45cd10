// What staff may see about a tenant's customers: who they are, their account state, which kinds
// of sign-in methods they have (never a secret, a key or a code), their live sessions and recent
// audit events. Every read takes the tenant the caller's role was checked for.
import { linkApprovalView, type TLinkApprovalView } from "./federation-links";
import type { TAuditEvent } from "../audit/catalog";
import { loadAuthenticators, summarizeAuthenticators, type TAuthenticatorSummary } from "../identity/authenticators";
import type { TDeps } from "../kernel/deps";
import { describeDevice } from "../risk/context";
import { describeContextEvent, type TSessionView } from "../sessions/list-sessions";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";

export type TUserState = "active" | "locked" | "locked_temporarily" | "disabled" | "unverified";

export function userState(user: TUser, now: Date): TUserState {
  if (user.status === "disabled") return "disabled";
  // A temporary lock keeps status "locked" with an end time; once that passes, sign-in works again.
  if (user.status === "locked" && user.lockedUntil === null) return "locked";
  if (user.lockedUntil && user.lockedUntil > now) return "locked_temporarily";
  if (!user.emailVerifiedAt) return "unverified";
  return "active";
}

export const USER_STATE_LABELS: Record<TUserState, string> = {
  active: "Active",
  locked: "Locked until recovered",
  locked_temporarily: "Paused after failed attempts",
  disabled: "Disabled",
  unverified: "Email not verified",
};

export async function searchTenantUsers(
  deps: TDeps,
  tenant: TTenant,
  rawQuery: string,
): Promise<Array<{ user: TUser; state: TUserState }>> {
  const query = rawQuery.trim().toLowerCase().slice(0, 254);
  const users = await deps.store.users.search(tenant.id, query, 50);
  const now = deps.now();
  return users.map((user) => ({ user, state: userState(user, now) }));
}

/** A customer's session as support sees it: the account page's view, without the methods and "this device". */
export type TStaffSessionView = Omit<TSessionView, "amr" | "current">;

export type TUserOverview = {
  user: TUser;
  state: TUserState;
  factors: TAuthenticatorSummary;
  sessions: TStaffSessionView[];
  audit: TAuditEvent[];
  openRecovery: { requestedAt: Date; availableAt: Date; kind: string } | null;
  /** An administrator's pre-approval of a link at the next enterprise sign-in (see federation-links). */
  linkApproval: TLinkApprovalView;
};

export async function tenantUserOverview(deps: TDeps, tenant: TTenant, userId: string): Promise<TUserOverview | null> {
  if (typeof userId !== "string" || userId.length > 64) return null;
  const user = await deps.store.users.findById(tenant.id, userId);
  if (!user) return null;
  const now = deps.now();
  const [authenticators, sessions, audit, recovery, linkApproval] = await Promise.all([
    loadAuthenticators(deps.store, tenant, user.id),
    deps.store.sessions.listActive(tenant.id, user.id, now),
    deps.store.audit.list(tenant.id, { userId: user.id, limit: 25 }),
    deps.store.recoveryRequests.findOpen(tenant.id, user.id),
    linkApprovalView(deps, tenant, user.id),
  ]);
  return {
    user,
    state: userState(user, now),
    factors: summarizeAuthenticators(authenticators),
    sessions: sessions.map((s) => ({
      id: s.id,
      device: describeDevice(s.userAgent),
      ip: s.ip,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      aal: s.aal,
      context: describeContextEvent(s.contextEvent),
    })),
    audit,
    openRecovery: recovery
      ? { requestedAt: recovery.requestedAt, availableAt: recovery.availableAt, kind: recovery.kind }
      : null,
    linkApproval,
  };
}
