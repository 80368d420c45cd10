// The portal's front page lists every tenant's sign-in.
import type { TDeps } from "../kernel/deps";

export function listTenants(deps: Pick<TDeps, "store">) {
  return deps.store.tenants.list();
}
