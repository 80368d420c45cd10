import { AUDIT, recordAudit } from "../audit/events";
import type { TRepositories, TTenant, TUser } from "../db/store";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { lockAfterFailure } from "../risk/login-throttle";
import { recordIpFailure } from "../risk/sign-in-risk";
import { NO_ACCOUNT_ID } from "./no-account";

type TLock = { locked: false } | { locked: true; permanent: boolean; until: Date | null };

/**
 * `applied`: the lock now on the account. `shown`: what a wrong-password answer may say, which
 * depends only on the throttle counter — the same for accounts and unknown addresses — so even an
 * account locked by slow guessing answers a wrong password exactly as an unknown address does.
 * Its owner learns of the lock when they enter the right password.
 */
export type TFailureOutcome = { applied: TLock; shown: TLock };

/**
 * Records a wrong password (at sign-in or when confirming the current password) in `tx`: the audit
 * event, the account's never-expiring consecutive-failure count, and a lock when a threshold is
 * reached. Temporary locks follow the throttle counter (`reservedCount`, the same for accounts
 * and unknown addresses); the permanent lock also follows the account's own count, so guesses
 * spread over days still end in a lock that only recovery or support lifts.
 */
export async function recordPasswordFailure(
  tx: TRepositories,
  deps: TDeps,
  input: { tenant: TTenant; user: TUser | null; reservedCount: number; meta: TRequestMeta; context: "sign_in" | "password_change" },
): Promise<TFailureOutcome> {
  const { tenant, user, reservedCount, meta } = input;
  const now = deps.now();
  await recordAudit(tx, {
    tenantId: tenant.id,
    userId: user?.id ?? null,
    type: AUDIT.userSignInFailed,
    meta,
    data: { reason: user ? (input.context === "sign_in" ? "bad_password" : "bad_current_password") : "unknown_account", context: input.context, consecutiveFailures: reservedCount },
    at: now,
  });
  await recordIpFailure(tx, tenant.id, meta.ip, now);
  // Counted for an unknown address too (the update matches no row): the same writes on both paths.
  const counted = await tx.users.recordFailure(tenant.id, user?.id ?? NO_ACCOUNT_ID, now);
  const shown = lockAfterFailure(tenant, reservedCount, now);
  if (!user) return { applied: shown, shown };

  const accountFailures = counted ?? reservedCount;
  const lock =
    accountFailures >= tenant.permanentLockoutThreshold ? lockAfterFailure(tenant, accountFailures, now) : lockAfterFailure(tenant, reservedCount, now);
  const alreadyPermanent = user.status === "locked" && user.lockedUntil === null;
  if (!lock.locked || alreadyPermanent || user.status === "disabled") return { applied: lock, shown };

  await tx.users.setLockState(tenant.id, user.id, {
    status: "locked",
    lockReason: lock.permanent ? "failed_attempts_permanent" : "failed_attempts",
    lockedAt: now,
    lockedUntil: lock.until,
  });
  await recordAudit(tx, {
    tenantId: tenant.id,
    userId: user.id,
    type: AUDIT.userLocked,
    meta,
    data: { permanent: lock.permanent, until: lock.until?.toISOString() ?? null, consecutiveFailures: Math.max(reservedCount, accountFailures), context: input.context },
    at: now,
  });
  return { applied: lock, shown };
}
