import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TKnownDevice } from "../db/store";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { lockAfterFailure } from "../risk/login-throttle";
import { isPermanentLock, LOCK_REASONS } from "../risk/lockout";
import { recordIpFailure } from "../risk/sign-in-risk";
import { NO_ACCOUNT_ID } from "./no-account";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "./types";

type TLock = { locked: false } | { locked: true; permanent: boolean; until: Date | null };

/**
 * `applied`: the lock now on the account. `shown`: what a wrong-password answer may say, which
 * depends only on the throttle counter — the same for accounts and unknown addresses — so even an
 * account locked by slow guessing answers a wrong password exactly as an unknown address does.
 * Its owner learns of the lock when they enter the right password.
 */
export type TFailureOutcome = { applied: TLock; shown: TLock };

/**
 * Records a wrong password (at sign-in or when confirming the current password) through `deps`: the audit
 * event, the account's never-expiring consecutive-failure count, and a lock when a threshold is
 * reached. Temporary locks follow the throttle counter (`reservedCount`, the same for accounts
 * and unknown addresses); the permanent lock also follows the account's own count, so guesses
 * spread over days still end in a lock that only recovery or support lifts.
 */
export async function recordPasswordFailure(
  deps: TDeps,
  input: {
    tenant: TTenant;
    user: TUser | null;
    reservedCount: number;
    meta: TRequestMeta;
    context: "sign_in" | "password_change";
    /** The known device whose own budget `reservedCount` counts (see reservePasswordAttempt). */
    device?: TKnownDevice | null;
  },
): Promise<TFailureOutcome> {
  const { tenant, user, reservedCount, meta } = input;
  const now = deps.now();
  await recordAudit(deps.store, {
    tenantId: tenant.id,
    userId: user?.id ?? null,
    type: AUDIT.userSignInFailed,
    meta,
    data: {
      reason: user ? (input.context === "sign_in" ? "bad_password" : "bad_current_password") : "unknown_account",
      context: input.context,
      consecutiveFailures: reservedCount,
      ...(input.device ? { knownDevice: true } : {}),
    },
    at: now,
  });
  await recordIpFailure(deps.store, tenant.id, meta.ip, now);
  const shown = lockAfterFailure(tenant, reservedCount, now);
  if (!user) {
    // Counted for an unknown address too (the update matches no row): the same writes as a known
    // account's failure from a new device, the path an enumerating client takes.
    await deps.store.users.recordFailure(tenant.id, NO_ACCOUNT_ID, now);
    return { applied: shown, shown };
  }
  if (input.device && user.id === input.device.userId) {
    return {
      applied: shown,
      shown: await lockForKnownDevice(deps, { tenant, user, reservedCount, meta, shown, context: input.context }),
    };
  }

  // A known device's failures stay in its own budget (above), never in the account's.
  const accountFailures = (await deps.store.users.recordFailure(tenant.id, user.id, now)) ?? reservedCount;
  const lock =
    accountFailures >= tenant.permanentLockoutThreshold
      ? lockAfterFailure(tenant, accountFailures, now)
      : lockAfterFailure(tenant, reservedCount, now);
  const alreadyPermanent = user.status === "locked" && user.lockedUntil === null;
  if (!lock.locked || alreadyPermanent || user.status === "disabled") return { applied: lock, shown };

  await deps.store.users.setLockState(tenant.id, user.id, {
    status: "locked",
    lockReason: lock.permanent ? LOCK_REASONS.passwordPermanent : LOCK_REASONS.passwordTemporary,
    lockedAt: now,
    lockedUntil: lock.until,
  });
  await recordAudit(deps.store, {
    tenantId: tenant.id,
    userId: user.id,
    type: AUDIT.userLocked,
    meta,
    data: {
      permanent: lock.permanent,
      until: lock.until?.toISOString() ?? null,
      consecutiveFailures: Math.max(reservedCount, accountFailures),
      context: input.context,
    },
    at: now,
  });
  return { applied: lock, shown };
}

/**
 * A known device's failure counts only against its own budget: the account's count and locks are
 * left to new devices. Its temporary pause is the throttle's (on the device row); at the permanent
 * threshold the device has guessed as often as any attacker may, and the account is locked for
 * every device until recovery or support.
 */
async function lockForKnownDevice(
  deps: TDeps,
  input: {
    tenant: TTenant;
    user: TUser;
    reservedCount: number;
    meta: TRequestMeta;
    shown: TLock;
    context: "sign_in" | "password_change";
  },
): Promise<TLock> {
  const { tenant, user, reservedCount, meta, shown } = input;
  if (!shown.locked || !shown.permanent || user.status === "disabled") return shown;
  if (isPermanentLock(user) && user.lockReason === LOCK_REASONS.knownDevice) return shown;
  const now = deps.now();
  await deps.store.users.setLockState(tenant.id, user.id, {
    status: "locked",
    lockReason: LOCK_REASONS.knownDevice,
    lockedAt: now,
    lockedUntil: null,
  });
  await recordAudit(deps.store, {
    tenantId: tenant.id,
    userId: user.id,
    type: AUDIT.userLocked,
    meta,
    data: {
      permanent: true,
      until: null,
      consecutiveFailures: reservedCount,
      context: input.context,
      reason: LOCK_REASONS.knownDevice,
    },
    at: now,
  });
  return shown;
}
