// Staff roles and what each may do. Roles are held per tenant: a member can own one tenant and
// only support another. Owners and admins configure a tenant in the admin console; everyone with
// a role there works its support queue; only owners manage the tenant's staff.
export const STAFF_ROLES = ["owner", "admin", "support"] as const;
export type TStaffRole = (typeof STAFF_ROLES)[number];
import type { TConsole } from "../kernel/authority";

export type { TConsole };

export function isStaffRole(value: string): value is TStaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}

/** Whether `role` opens `console` for its tenant. Unknown roles open nothing. */
export function roleOpensConsole(role: string, console: TConsole): boolean {
  if (!isStaffRole(role)) return false;
  if (console === "admin") return role === "owner" || role === "admin";
  return true;
}

/** Only owners add, remove or reset other staff of their tenant. */
export function canManageStaff(role: string): boolean {
  return role === "owner";
}

/** The tenants (by slug) that `roles` open in `console`, in a stable order. */
export function tenantsInConsole<T extends { role: string; tenant: { slug: string } }>(
  roles: readonly T[],
  console: TConsole,
): T[] {
  return roles
    .filter((r) => roleOpensConsole(r.role, console))
    .sort((a, b) => a.tenant.slug.localeCompare(b.tenant.slug));
}

export function roleLabel(role: string): string {
  return role === "owner" ? "Owner" : role === "admin" ? "Administrator" : role === "support" ? "Support" : "No role";
}

/**
 * Which account actions each console offers. The admin console manages accounts (disable, enable,
 * end sessions, send a reset link); the support workbench works the queue (unlock, assisted
 * recovery, cancel a recovery, end sessions).
 */
export const ACCOUNT_ACTIONS: Record<TConsole, readonly string[]> = {
  admin: ["disable", "enable", "end_sessions", "reset", "approve_link", "revoke_link"],
  support: ["unlock", "assisted_recovery", "cancel_recovery", "end_sessions"],
};

export function accountActionAllowed(console: TConsole, action: string): boolean {
  return ACCOUNT_ACTIONS[console].includes(action);
}
