import type { TTenant } from "../tenancy/types";
import type { TDeps } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { fail, type TFailure } from "../kernel/outcome";
import { consumeRateLimit, RATE_LIMITS } from "../risk/rate-limit";
import { SIGN_UP } from "./outcomes";
import { issueVerificationToken } from "./verification-token";
import type { TUser } from "./types";

export type TResendResult = { ok: true } | TFailure<typeof SIGN_UP, "ALREADY_VERIFIED" | "RATE_LIMITED">;

/** Sends a new confirmation link to a signed-in, unverified user; limited per account. */
export async function resendVerification(deps: TDeps, tenant: TTenant, user: TUser): Promise<TResendResult> {
  if (user.emailVerifiedAt) return fail(SIGN_UP, "ALREADY_VERIFIED");
  const now = deps.now();
  const limit = await consumeRateLimit(
    deps.store,
    `verify:resend:${tenant.id}:${user.id}`,
    RATE_LIMITS.resendVerificationPerAccount.limit,
    RATE_LIMITS.resendVerificationPerAccount.windowSeconds,
    now,
  );
  if (!limit.allowed)
    return fail(SIGN_UP, "RATE_LIMITED", { scope: "confirmation_links", retryAfterSeconds: limit.retryAfterSeconds });
  await withTransaction(deps, (txDeps) => issueVerificationToken(txDeps, tenant, user));
  return { ok: true };
}
