// What the sign-in modules answer when they do not do what was asked (see lib/kernel/outcome.ts);
// the words are in lib/copy/en.ts: password sign-in (sign-in-with-password.ts), the second step
// (verify-second-factor.ts), the emailed code of a risky sign-in (sign-in-email-code.ts), and
// sign-up with the confirmation of its address (`sign_up`: sign-up.ts, resend-verification.ts,
// email-confirmation.ts, verify-email.ts).
import { z } from "zod";
import { defineOutcomes } from "../kernel/outcome";

export const SIGN_IN = defineOutcomes("sign_in", {
  /** A field is empty or malformed; `input` names it. */
  INVALID_INPUT: { status: 400, params: z.object({ input: z.enum(["email_code", "credentials"]) }) },
  /** Unknown address, no password or a wrong one: one answer, so it tells nothing about accounts. */
  INVALID_CREDENTIALS: { status: 401 },
  /** The tenant does not take passwords (it is passwordless). */
  METHOD_NOT_ALLOWED: { status: 400 },
  /** The account is disabled (told only to the holder of the right password). */
  DISABLED: { status: 403 },
  /** The risk assessment blocked this sign-in (the passkey path answers PASSKEY.RISK_BLOCKED with the same words). */
  RISK_BLOCKED: { status: 403 },
  /**
   * Nobody confirmed the address yet and the tenant requires it (or the risky sign-in would need a
   * code mailed to it: `when` "email_code"). `ticket` lets this browser ask for a new link.
   */
  EMAIL_NOT_VERIFIED: {
    status: 403,
    params: z.object({ ticket: z.string(), when: z.enum(["sign_in", "email_code"]) }),
  },
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
   * one at the limit; "codes_sent_at_sign_in" the same per-account limit met by the password
   * step, before any pending sign-in exists; "network" the sign-ins per network; "failed_attempts" the wrong passwords
   * (of this device, or of new devices); "wrong_codes" the wrong emailed codes per account.
   * `retryAfterSeconds` is null when waiting does not help; `limit` is the number that was
   * reached, where the words name it.
   */
  RATE_LIMITED: {
    status: 429,
    params: z.object({
      scope: z.enum([
        "sign_in",
        "codes_per_sign_in",
        "codes_sent",
        "code_not_sent",
        "codes_sent_at_sign_in",
        "network",
        "failed_attempts",
        "wrong_codes",
      ]),
      retryAfterSeconds: z.number().int().nonnegative().nullable(),
      limit: z.number().int().positive().optional(),
    }),
  },
  /**
   * The account is locked; `cause`: what locked it. Wrong codes: only recovery or support lifts
   * it. Wrong passwords: it ends after `retryAfterSeconds`, or (null) only a reset lifts it.
   */
  LOCKED: {
    status: 403,
    params: z.discriminatedUnion("cause", [
      z.object({ cause: z.literal("second_factor") }),
      z.object({ cause: z.literal("password"), retryAfterSeconds: z.number().int().nonnegative().nullable() }),
    ]),
  },
});

export const SIGN_UP = defineOutcomes("sign_up", {
  /** The tenant takes no new accounts: `reason` "invitation_only", or "no_method" (no sign-in method is open). */
  SIGNUP_CLOSED: { status: 403, params: z.object({ reason: z.enum(["invitation_only", "no_method"]) }) },
  INVALID_EMAIL: { status: 400, params: z.object({ problem: z.enum(["missing", "invalid", "too_long"]) }) },
  /** `scope` "network": sign-ups per network; "confirmation_links": confirmation links sent to one account. */
  RATE_LIMITED: {
    status: 429,
    params: z.object({
      scope: z.enum(["network", "confirmation_links"]),
      retryAfterSeconds: z.number().int().nonnegative(),
    }),
  },
  ALREADY_VERIFIED: { status: 409 },
  /** The "confirm your email first" page outlived its ticket (forged, expired, other tenant, confirmed since). */
  TICKET_INVALID: { status: 410 },
  /** A confirmation link that is malformed, unknown, expired or used. */
  INVALID_LINK: { status: 400 },
});
