// What the sign-in modules answer when they do not do what was asked (see lib/kernel/outcome.ts);
// the words are in lib/copy/en.ts. So far: the second step of sign-in (verify-second-factor.ts) and
// the emailed code of a risky sign-in (sign-in-email-code.ts).
import { z } from "zod";
import { defineOutcomes } from "../kernel/outcome";

export const SIGN_IN = defineOutcomes("sign_in", {
  /** A field is empty or malformed; `input` names it. */
  INVALID_INPUT: { status: 400, params: z.object({ input: z.enum(["email_code"]) }) },
  /**
   * The code proves nothing. `factor` "second_factor": not a current app code nor an unused recovery
   * code of this user; "email_code": not the emailed code, with `attemptsLeft` tries left.
   */
  WRONG_CODE: {
    status: 401,
    params: z.discriminatedUnion("factor", [
      z.object({ factor: z.literal("second_factor") }),
      z.object({ factor: z.literal("email_code"), attemptsLeft: z.number().int().nonnegative() }),
    ]),
  },
  /** The emailed code is past its lifetime; a new one can be sent. */
  EXPIRED: { status: 410 },
  /** The pending sign-in is over (completed elsewhere, expired, ended): the password is asked again. */
  SIGN_IN_ENDED: { status: 410 },
  /**
   * Too many attempts. `scope` says what was used up: "sign_in" is the pending sign-in's own budget
   * of codes (it has ended); "codes_per_sign_in" the emails one pending sign-in may send;
   * "codes_sent" the emailed codes per account; "code_not_sent" a resend that lost to a concurrent
   * one at the limit. `retryAfterSeconds` is null when waiting does not help; `limit` is the number
   * that was reached, where the words name it.
   */
  RATE_LIMITED: {
    status: 429,
    params: z.object({
      scope: z.enum(["sign_in", "codes_per_sign_in", "codes_sent", "code_not_sent"]),
      retryAfterSeconds: z.number().int().nonnegative().nullable(),
      limit: z.number().int().positive().optional(),
    }),
  },
  /** The account is locked; `cause`: what locked it. Only recovery or support lifts it. */
  LOCKED: { status: 403, params: z.object({ cause: z.enum(["second_factor"]) }) },
});
