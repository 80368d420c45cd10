// Payouts are a relying app's custom step-up action: the account pages offer them only where the
// tenant declared `payout.change`.
import type { TTenant } from "../tenancy/types";
import type { TDeps } from "../kernel/deps";

export async function offersPayouts(deps: Pick<TDeps, "store">, tenant: TTenant): Promise<boolean> {
  return (await deps.store.stepUpPolicies.find(tenant.id, "payout.change")) !== null;
}
