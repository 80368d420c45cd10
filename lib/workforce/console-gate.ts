// The decision behind every console action, without Next.js: the caller resolves the staff session
// from its cookie, this decides whether that session may act on `slug` in `console`, and mints the
// authority that console use cases take: who, at which tenant, in which role, stepped up when.
import type { TTenant } from "../tenancy/types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { fail, type TFailure } from "../kernel/outcome";
import { type STEP_UP } from "../step-up/outcomes";
import { isTenantSlug } from "../tenancy/slug";
import { STAFF } from "./outcomes";
import { STAFF_POLICY } from "./policy";
import { roleOpensConsole, type TConsole } from "./roles";
import { isFreshAuthority, mintConsoleAuthority, STALE_STEP_UP, type TConsoleAuthority } from "../kernel/authority";

export { isFreshAuthority, STALE_STEP_UP, type TConsoleAuthority };
import type { TStaffAuth } from "./staff-sessions";

export type TStaffTenantAccess = { auth: TStaffAuth; tenant: TTenant; role: string };

export type TConsoleAccess =
  | { ok: true; access: TStaffTenantAccess; authority: TConsoleAuthority }
  | TFailure<typeof STAFF, "SIGNED_OUT" | "NOT_FOUND">;

export type TStaffActionCheck = TConsoleAccess | TFailure<typeof STEP_UP, "STAFF_REQUIRED">;

/**
 * The one role check of the consoles: a live staff session with a role at the tenant that opens
 * `console` (and `allow`, e.g. owners only). Another tenant's slug and a missing tenant get the
 * same answer. The authority carries the session's step-up time; whether it is fresh enough is
 * for the action to ask (`isFreshAuthority`).
 */
export async function openConsole(
  deps: Pick<TDeps, "store">,
  auth: TStaffAuth | null,
  console: TConsole,
  slug: string,
  allow: (role: string) => boolean = () => true,
): Promise<TConsoleAccess> {
  if (!auth) return fail(STAFF, "SIGNED_OUT");
  const tenant = isTenantSlug(slug) ? await deps.store.tenants.findBySlug(slug) : null;
  const role = tenant ? await deps.store.staffRoles.find(auth.staff.id, tenant.id) : null;
  if (!tenant || !role || !roleOpensConsole(role.role, console) || !allow(role.role))
    return fail(STAFF, "NOT_FOUND", { subject: "tenant_or_action" });
  const steppedUpAt = auth.session.steppedUpAt;
  const freshUntil = steppedUpAt ? new Date(steppedUpAt.getTime() + STAFF_POLICY.stepUpMinutes * 60_000) : null;
  const authority = mintConsoleAuthority({
    staffId: auth.staff.id,
    tenant,
    role: role.role,
    console,
    steppedUpAt,
    freshUntil,
  });
  return { ok: true, access: { auth, tenant, role: role.role }, authority };
}

/** The gate of a console change: `openConsole`, and the second factor proven within the window. */
export async function authorizeStaffAction(
  deps: Pick<TDeps, "store" | "now">,
  auth: TStaffAuth | null,
  console: TConsole,
  slug: string,
  allow: (role: string) => boolean = () => true,
): Promise<TStaffActionCheck> {
  const opened = await openConsole(deps, auth, console, slug, allow);
  if (!opened.ok) return opened;
  if (!isFreshAuthority(opened.authority, deps.now())) return STALE_STEP_UP;
  return opened;
}

/** A console use case's caller: the gate's authority and the request it came with. */
export type TConsoleActor = { authority: TConsoleAuthority; meta: TRequestMeta };

/** Who acts where, read from the authority (for the use case's own records). */
export function actingAs(by: TConsoleActor): { tenant: TTenant; staffId: string; meta: TRequestMeta } {
  return { tenant: by.authority.tenant, staffId: by.authority.staffId, meta: by.meta };
}
