// Fixed-window rate limits kept in the database, so every app node behind a load balancer counts
// against the same numbers.
import type { TStore } from "../db/store";

export type TRateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export async function consumeRateLimit(
  store: Pick<TStore, "rateLimits">,
  key: string,
  limit: number,
  windowSeconds: number,
  now: Date,
): Promise<TRateLimitResult> {
  const counter = await store.rateLimits.hit(key, now.getTime(), windowSeconds * 1000, "fixed");
  if (counter.count <= limit) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((counter.windowEndMs - now.getTime()) / 1000)) };
}

export const RATE_LIMITS = {
  signInPerIp: { limit: 100, windowSeconds: 15 * 60 },
  signUpPerIp: { limit: 20, windowSeconds: 60 * 60 },
  resetPerIp: { limit: 20, windowSeconds: 60 * 60 },
  resetPerAccount: { limit: 3, windowSeconds: 60 * 60 },
  resendVerificationPerAccount: { limit: 3, windowSeconds: 60 * 60 },
  signupNoticePerAccount: { limit: 1, windowSeconds: 60 * 60 },
  /** Enterprise sign-ins started (each fetches the IdP's discovery document), per network and per tenant. */
  federatedStartPerIp: { limit: 30, windowSeconds: 15 * 60 },
  federatedStartPerTenant: { limit: 300, windowSeconds: 15 * 60 },
} as const;

// The words for a wait live in lib/copy; re-exported for the modules not yet on the outcome catalogue.
export { formatWait } from "../copy/format";
