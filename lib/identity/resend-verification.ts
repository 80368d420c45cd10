import type { TTenant, TUser } from "../db/store";
import type { TDeps } from "../kernel/deps";
import { consumeRateLimit, formatWait, RATE_LIMITS } from "../risk/rate-limit";
import { issueVerificationToken } from "./verification-token";

export type TResendResult =
  | { ok: true }
  | { ok: false; code: "ALREADY_VERIFIED" | "RATE_LIMITED"; message: string };

/** Sends a new confirmation link to a signed-in, unverified user; limited per account. */
export async function resendVerification(deps: TDeps, tenant: TTenant, user: TUser): Promise<TResendResult> {
  if (user.emailVerifiedAt) return { ok: false, code: "ALREADY_VERIFIED", message: "Your email address is already confirmed." };
  const now = deps.now();
  const limit = await consumeRateLimit(
    deps.store,
    `verify:resend:${tenant.id}:${user.id}`,
    RATE_LIMITS.resendVerificationPerAccount.limit,
    RATE_LIMITS.resendVerificationPerAccount.windowSeconds,
    now,
  );
  if (!limit.allowed) {
    return { ok: false, code: "RATE_LIMITED", message: `We have sent several links already. Try again in ${formatWait(limit.retryAfterSeconds)}.` };
  }
  await deps.store.transaction((tx) => issueVerificationToken(tx, deps, tenant, user));
  return { ok: true };
}
