// The decision behind every console action, without Next.js: the caller resolves the staff session
// from its cookie, this decides whether that session may change `slug` in `console` right now.
import type { TTenant } from "../db/store";
import type { TDeps } from "../kernel/deps";
import { fail, type TFailure } from "../kernel/outcome";
import { STEP_UP } from "../step-up/outcomes";
import { isTenantSlug } from "../tenancy/slug";
import { STAFF } from "./outcomes";
import { hasFreshStepUp } from "./policy";
import { roleOpensConsole, type TConsole } from "./roles";
import type { TStaffAuth } from "./staff-sessions";

export type TStaffTenantAccess = { auth: TStaffAuth; tenant: TTenant; role: string };

export type TStaffActionCheck = { ok: true; access: TStaffTenantAccess } | TFailure<typeof STAFF, "SIGNED_OUT" | "NOT_FOUND"> | TFailure<typeof STEP_UP, "STAFF_REQUIRED">;

export async function authorizeStaffAction(
  deps: Pick<TDeps, "store" | "now">,
  auth: TStaffAuth | null,
  console: TConsole,
  slug: string,
  allow: (role: string) => boolean = () => true,
): Promise<TStaffActionCheck> {
  if (!auth) return fail(STAFF, "SIGNED_OUT");
  const tenant = isTenantSlug(slug) ? await deps.store.tenants.findBySlug(slug) : null;
  const role = tenant ? await deps.store.staffRoles.find(auth.staff.id, tenant.id) : null;
  // Another tenant's slug and a missing tenant get the same answer.
  if (!tenant || !role || !roleOpensConsole(role.role, console) || !allow(role.role)) return fail(STAFF, "NOT_FOUND", { subject: "tenant_or_action" });
  if (!hasFreshStepUp(auth.session.steppedUpAt, deps.now())) return fail(STEP_UP, "STAFF_REQUIRED", { purpose: "console_change" });
  return { ok: true, access: { auth, tenant, role: role.role } };
}
