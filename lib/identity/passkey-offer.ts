// The account page's offer to add a passkey: shown once the address is confirmed, while the user
// has none and has not said "not now".
import type { TTenant } from "../tenancy/types";
import type { TDeps } from "../kernel/deps";
import type { TUser } from "./types";

export async function shouldOfferPasskey(deps: Pick<TDeps, "store">, tenant: TTenant, user: TUser): Promise<boolean> {
  if (user.emailVerifiedAt === null || !tenant.allowPasskey || user.passkeyOfferDismissedAt) return false;
  return (await deps.store.passkeys.countForUser(tenant.id, user.id)) === 0;
}

export async function dismissPasskeyOffer(
  deps: Pick<TDeps, "store" | "now">,
  tenant: TTenant,
  user: TUser,
): Promise<void> {
  await deps.store.users.dismissPasskeyOffer(tenant.id, user.id, deps.now());
}
