// Which account locks refuse which way of signing in, and the second-factor failure budgets.
//
// Anyone who knows an address can send wrong passwords or wrong codes for it, so a lock that
// guessing puts on the account must not shut its owner out (OWASP Authentication cheat sheet,
// "device cookies"): failures from a device that has completed a sign-in of this account before (a
// known device: the server-issued, signed device cookie recorded at that sign-in) count against
// that device's own budget, and the account's locks refuse only devices that are new to it. A
// passkey is phishing-resistant and cannot be guessed, so no guessing lock refuses it; only a
// disabled account (admin or support) is refused everything.
import type { TRepositories } from "../db/store";
import type { TUser } from "../identity/types";

export const LOCK_REASONS = {
  /** Wrong passwords from new devices: the tenant's lockout period. */
  passwordTemporary: "failed_attempts",
  /** Wrong passwords from new devices: the tenant's permanent threshold, until recovery or support. */
  passwordPermanent: "failed_attempts_permanent",
  /** Wrong second-factor codes from new devices, across sign-ins: until recovery or support. */
  secondFactor: "second_factor_failed_attempts",
  /**
   * A known device used up its own budget (passwords or codes). Someone holding one of the owner's
   * devices is guessing (a lost or shared computer), so this one refuses known devices too.
   */
  knownDevice: "known_device_failed_attempts",
} as const;

/** Locks put on by guessing from new devices: a known device and a passkey are not refused by them. */
const NEW_DEVICE_LOCKS: ReadonlySet<string> = new Set([
  LOCK_REASONS.passwordTemporary,
  LOCK_REASONS.passwordPermanent,
  LOCK_REASONS.secondFactor,
]);

/**
 * Second-factor budgets. A pending sign-in (a correct password) gets `perSignIn` codes, then ends and
 * the password must be entered again (through the password throttle). `perAccount` consecutive wrong
 * codes across sign-ins from new devices lock the account until recovery or support; each known
 * device has its own `perAccount` budget. A completed second factor resets the budget it used.
 */
export const SECOND_FACTOR_LIMITS = { perSignIn: 5, perAccount: 20 } as const;

export type TSignInRoute = "new_device" | "known_device" | "passkey";

function lockInForce(user: Pick<TUser, "status" | "lockedUntil">, now: Date): boolean {
  return user.status === "locked" && (user.lockedUntil === null || user.lockedUntil > now);
}

/** Does the account's state refuse a sign-in that came this way (after the credential was proven)? */
export function lockRefuses(
  user: Pick<TUser, "status" | "lockedUntil" | "lockReason">,
  route: TSignInRoute,
  now: Date,
): boolean {
  if (user.status === "disabled") return true;
  if (!lockInForce(user, now)) return false;
  if (route === "passkey") return false;
  if (route === "known_device") return !NEW_DEVICE_LOCKS.has(user.lockReason ?? "");
  return true;
}

/** A lock that only recovery or support lifts, with no end time. */
export function isPermanentLock(user: Pick<TUser, "status" | "lockedUntil">): boolean {
  return user.status === "locked" && user.lockedUntil === null;
}

/**
 * Lifts every lock guessing put on the account and clears every failure count (the account's and
 * each of its known devices'): after a recovery or a support unlock the owner starts afresh.
 */
export async function liftLocks(
  store: Pick<TRepositories, "users" | "knownDevices">,
  tenantId: string,
  userId: string,
): Promise<void> {
  await store.users.setLockState(tenantId, userId, {
    status: "active",
    lockReason: null,
    lockedAt: null,
    lockedUntil: null,
    failedLoginCount: 0,
    secondFactorFailures: 0,
  });
  await store.knownDevices.resetAllFailures(tenantId, userId);
}
