import { z } from "zod";
import { defineOutcomes } from "../kernel/outcome";

/** What a limit counted: the words differ, the meaning (wait, then try again) does not. */
export const ZRateLimitScope = z.enum([
  "wrong_passwords",
  "attempts",
  "network_sign_in",
  "account_sign_in",
  "staff_codes",
  "staff_attempts",
]);
export type TRateLimitScope = z.infer<typeof ZRateLimitScope>;

export const RISK = defineOutcomes("risk", {
  /**
   * A throttle, a rate limit or an attempt budget refused the request. `retryAfterSeconds` is
   * null when waiting does not help (the attempts ended the sign-in, or a lock has no end yet).
   */
  RATE_LIMITED: {
    status: 429,
    params: z.object({ scope: ZRateLimitScope, retryAfterSeconds: z.number().int().nonnegative().nullable() }),
  },
});
