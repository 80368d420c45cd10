// What the sign-in modules answer when they do not do what was asked (see lib/kernel/outcome.ts);
// the words are in lib/copy/en.ts. So far: the second step of sign-in (verify-second-factor.ts).
import { z } from "zod";
import { defineOutcomes } from "../kernel/outcome";

export const SIGN_IN = defineOutcomes("sign_in", {
  /** The code proves nothing: not a current app code nor an unused recovery code of this user. */
  WRONG_CODE: { status: 401 },
  /** The pending sign-in is over (completed elsewhere, expired, ended): the password is asked again. */
  SIGN_IN_ENDED: { status: 410 },
  /**
   * Too many attempts. `scope` says what was used up: "sign_in" is the pending sign-in's own budget
   * of codes (it has ended; no wait helps); `retryAfterSeconds` is null when waiting does not help.
   */
  RATE_LIMITED: { status: 429, params: z.object({ scope: z.enum(["sign_in"]), retryAfterSeconds: z.number().int().nonnegative().nullable() }) },
  /** The account is locked; `cause`: what locked it. Only recovery or support lifts it. */
  LOCKED: { status: 403, params: z.object({ cause: z.enum(["second_factor"]) }) },
});
