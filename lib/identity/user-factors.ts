// The second factors of a signed-in (or half signed-in) user, for the pages that show or ask for them.
import type { TTenant } from "../tenancy/types";
import type { TDeps } from "../kernel/deps";
import { loadAuthenticators, summarizeAuthenticators } from "./authenticators";
import type { TUser } from "./types";

export async function factorsOf(deps: Pick<TDeps, "store">, tenant: TTenant, user: TUser) {
  return summarizeAuthenticators(await loadAuthenticators(deps.store, tenant, user.id));
}
