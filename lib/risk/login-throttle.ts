// Throttling of password guesses (NIST SP 800-63B-4 §3.2.2, OWASP ASVS V6.3.1).
//
// Failures are counted per tenant and normalised email in the database — for addresses with and
// without an account alike, so the messages (delays, locks) never reveal which addresses exist.
// After `delayFrom` failures each further attempt must wait longer; at the tenant's lockout
// threshold sign-in pauses for `lockoutMinutes`, and at the permanent threshold it stays locked
// until a successful recovery or support unlocks it. A success resets the count.
//
// The count is taken *before* the password is checked: parallel guesses each reserve a slot with
// one atomic UPDATE, so a burst cannot slip past the threshold (a real advisory in a leading
// product was exactly this race).
//
// A device that has completed a sign-in of the account (a known device, see lockout.ts) is counted
// apart, on its KnownDevice row, with the same delays and thresholds: guesses from other devices
// neither use up its budget nor lock it out.
import type { TKnownDevice, TStore } from "../db/store";
import type { TTenant } from "../tenancy/types";

const DELAY_FROM = 3;
const MAX_DELAY_SECONDS = 60;
/** Failures older than this are forgotten (the counter slides with each failure). */
const FAILURE_MEMORY_MS = 24 * 60 * 60 * 1000;

export type TThrottleDecision =
  | { kind: "allow"; reservedCount: number; device?: TKnownDevice | null }
  | { kind: "wait"; retryAfterSeconds: number }
  | { kind: "locked"; retryAfterSeconds: number | null };

export function failureKey(tenantId: string, email: string): string {
  return `login:fail:${tenantId}:${email}`;
}

export function delayAfter(failures: number): number {
  if (failures < DELAY_FROM) return 0;
  return Math.min(2 ** (failures - DELAY_FROM), MAX_DELAY_SECONDS);
}

type TPolicy = Pick<TTenant, "lockoutThreshold" | "lockoutMinutes" | "permanentLockoutThreshold">;

function judge(policy: TPolicy, failures: number, lastFailureMs: number, nowMs: number): TThrottleDecision | null {
  if (failures >= policy.permanentLockoutThreshold) return { kind: "locked", retryAfterSeconds: null };
  if (failures >= policy.lockoutThreshold) {
    const until = lastFailureMs + policy.lockoutMinutes * 60_000;
    if (until > nowMs) return { kind: "locked", retryAfterSeconds: Math.ceil((until - nowMs) / 1000) };
    return null;
  }
  const until = lastFailureMs + delayAfter(failures) * 1000;
  if (until > nowMs) return { kind: "wait", retryAfterSeconds: Math.ceil((until - nowMs) / 1000) };
  return null;
}

/** Decides whether a password may be checked now and, if so, counts the attempt up front. */
export async function reserveSignInAttempt(
  store: Pick<TStore, "rateLimits">,
  tenant: TTenant,
  email: string,
  now: Date,
): Promise<TThrottleDecision> {
  const key = failureKey(tenant.id, email);
  const nowMs = now.getTime();
  const before = await store.rateLimits.get(key, nowMs);
  const previous = before?.count ?? 0;
  if (before) {
    const refused = judge(tenant, before.count, before.windowStartMs, nowMs);
    if (refused) return refused;
  }
  const after = await store.rateLimits.hit(key, nowMs, FAILURE_MEMORY_MS, "sliding");
  // Past the lockout threshold only one guess per lockout period is allowed: if another request
  // reserved a slot between our read and our increment, this one is the surplus of a burst.
  if (after.count > tenant.lockoutThreshold && after.count !== previous + 1) {
    return { kind: "locked", retryAfterSeconds: tenant.lockoutMinutes * 60 };
  }
  if (after.count > tenant.permanentLockoutThreshold) return { kind: "locked", retryAfterSeconds: null };
  return { kind: "allow", reservedCount: after.count };
}

/** What a failure with `count` consecutive failures means for the account. */
export function lockAfterFailure(tenant: TPolicy, count: number, now: Date) {
  if (count >= tenant.permanentLockoutThreshold) {
    return { locked: true as const, permanent: true, until: null };
  }
  if (count >= tenant.lockoutThreshold) {
    return { locked: true as const, permanent: false, until: new Date(now.getTime() + tenant.lockoutMinutes * 60_000) };
  }
  return { locked: false as const };
}

export async function clearSignInFailures(store: Pick<TStore, "rateLimits">, tenantId: string, email: string) {
  await store.rateLimits.reset(failureKey(tenantId, email));
}

/**
 * The password throttle of a sign-in: a known device (`deviceHash` recorded at a completed sign-in
 * of this address's account) spends its own budget, any other request the address's budget.
 */
export async function reservePasswordAttempt(
  store: Pick<TStore, "rateLimits" | "knownDevices">,
  tenant: TTenant,
  email: string,
  deviceHash: string | null | undefined,
  now: Date,
): Promise<TThrottleDecision> {
  const device = deviceHash ? await store.knownDevices.findForEmail(tenant.id, email, deviceHash) : null;
  if (!device) {
    const decision = await reserveSignInAttempt(store, tenant, email, now);
    return decision.kind === "allow" ? { ...decision, device: null } : decision;
  }
  const refused = judge(tenant, device.passwordFailures, device.lastPasswordFailureAt?.getTime() ?? 0, now.getTime());
  if (refused) return refused;
  const after = (await store.knownDevices.hitPasswordAttempt(tenant.id, device.id, now)) ?? device.passwordFailures + 1;
  // As for the address's counter: past the lockout threshold a burst gets one guess per period.
  if (after > tenant.lockoutThreshold && after !== device.passwordFailures + 1)
    return { kind: "locked", retryAfterSeconds: tenant.lockoutMinutes * 60 };
  if (after > tenant.permanentLockoutThreshold) return { kind: "locked", retryAfterSeconds: null };
  return { kind: "allow", reservedCount: after, device };
}

/** After a correct password: the budget the attempt was counted against starts again. */
export async function clearPasswordFailures(
  store: Pick<TStore, "rateLimits" | "knownDevices">,
  tenantId: string,
  email: string,
  device: TKnownDevice | null | undefined,
) {
  if (device) await store.knownDevices.resetPasswordFailures(tenantId, device.id);
  else await clearSignInFailures(store, tenantId, email);
}
