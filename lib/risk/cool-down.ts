// After any recovery (a password reset, with or without a second factor, or a delayed recovery)
// the account is "recently recovered" for the tenant's cool-down: whoever recovered it may be an
// attacker who only holds the mailbox, so step-up blocks or strengthens sensitive actions.
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";

export function isRecentlyRecovered(
  user: Pick<TUser, "recoveredAt">,
  tenant: Pick<TTenant, "recoveryCooldownHours">,
  now: Date,
): boolean {
  if (!user.recoveredAt) return false;
  const until = user.recoveredAt.getTime() + Math.max(0, tenant.recoveryCooldownHours) * 3_600_000;
  return now.getTime() < until;
}

/** When the cool-down ends, or null when the account is not in one. */
export function recoveryCooldownEndsAt(
  user: Pick<TUser, "recoveredAt">,
  tenant: Pick<TTenant, "recoveryCooldownHours">,
  now: Date,
): Date | null {
  if (!isRecentlyRecovered(user, tenant, now) || !user.recoveredAt) return null;
  return new Date(user.recoveredAt.getTime() + tenant.recoveryCooldownHours * 3_600_000);
}
