// The decision behind every console action, without Next.js: the caller resolves the staff session
// from its cookie, this decides whether that session may change `slug` in `console` right now.
import type { TTenant } from "../db/store";
import type { TDeps } from "../kernel/deps";
import { isTenantSlug } from "../tenancy/slug";
import { hasFreshStepUp } from "./policy";
import { roleOpensConsole, type TConsole } from "./roles";
import type { TStaffAuth } from "./staff-sessions";

export type TStaffTenantAccess = { auth: TStaffAuth; tenant: TTenant; role: string };

export type TStaffActionCheck = { ok: true; access: TStaffTenantAccess } | { ok: false; code: "SIGNED_OUT" | "NOT_FOUND" | "STEP_UP_REQUIRED"; message: string };

export async function authorizeStaffAction(
  deps: Pick<TDeps, "store" | "now">,
  auth: TStaffAuth | null,
  console: TConsole,
  slug: string,
  allow: (role: string) => boolean = () => true,
): Promise<TStaffActionCheck> {
  if (!auth) return { ok: false, code: "SIGNED_OUT", message: "Your staff sign-in has ended. Sign in again." };
  const tenant = isTenantSlug(slug) ? await deps.store.tenants.findBySlug(slug) : null;
  const role = tenant ? await deps.store.staffRoles.find(auth.staff.id, tenant.id) : null;
  // Another tenant's slug and a missing tenant get the same answer.
  if (!tenant || !role || !roleOpensConsole(role.role, console) || !allow(role.role)) return { ok: false, code: "NOT_FOUND", message: "That tenant or action is not available to you." };
  if (!hasFreshStepUp(auth.session.steppedUpAt, deps.now()))
    return { ok: false, code: "STEP_UP_REQUIRED", message: "Console changes need your passkey or a fresh authenticator code. Use “Confirm it's you” and try again." };
  return { ok: true, access: { auth, tenant, role: role.role } };
}
