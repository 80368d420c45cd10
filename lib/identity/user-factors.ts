// The second factors of a signed-in (or half signed-in) user, for the pages that show or ask for them.
import type { TTenant, TUser } from "../db/store";
import type { TDeps } from "../kernel/deps";
import { userFactors } from "./factors";

export function factorsOf(deps: Pick<TDeps, "store">, tenant: TTenant, user: TUser) {
  return userFactors(deps.store, tenant.id, user.id);
}
