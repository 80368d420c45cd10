// What the console pages show a signed-in member about themselves.
import type { TDeps } from "../kernel/deps";
import type { TStaffAuth } from "./staff-sessions";

/** The member's roles, with their tenants. */
export function myStaffRoles(deps: Pick<TDeps, "store">, auth: TStaffAuth) {
  return deps.store.staffRoles.listForStaff(auth.staff.id);
}

/** How many passkeys the member can prove a second factor with. */
export function myPasskeyCount(deps: Pick<TDeps, "store">, auth: TStaffAuth): Promise<number> {
  return deps.store.staffPasskeys.countForStaff(auth.staff.id);
}
