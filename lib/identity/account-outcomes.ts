// What the account use cases answer when they do not do what was asked: the profile, the email
// address, the authenticator app and recovery codes (`account`), and choosing or changing a
// password (`password`, also answered by a password reset). The words are in lib/copy/en.ts.
import { z } from "zod";
import { defineOutcomes } from "../kernel/outcome";

export const ACCOUNT = defineOutcomes("account", {
  INVALID_NAME: { status: 400, params: z.object({ problem: z.enum(["too_long", "characters"]) }) },
  INVALID_EMAIL: { status: 400 },
  SAME_EMAIL: { status: 400 },
  RATE_LIMITED: { status: 429, params: z.object({ retryAfterSeconds: z.number() }) },
  /** An email-change (or undo) link that is malformed, unknown, expired or used. */
  INVALID_LINK: { status: 400 },
  /** The address went to another account meanwhile; `undo`: the owner is undoing a change (and is sent to support). */
  ADDRESS_TAKEN: { status: 409, params: z.object({ undo: z.boolean() }) },
  /** The tenant does not offer authenticator apps. */
  METHOD_NOT_ALLOWED: { status: 400 },
  ALREADY_ENROLLED: { status: 409 },
  /** No authenticator-app set-up is waiting for its first code. */
  NO_PENDING: { status: 409 },
  /** The set-up waited too long for its first code. */
  SETUP_EXPIRED: { status: 410 },
  WRONG_CODE: { status: 400 },
  NOT_ENROLLED: { status: 404 },
  /** The tenant requires a second factor and the authenticator app is the last one. */
  REQUIRED_BY_POLICY: { status: 409 },
  /** Recovery codes back up a second factor; there is none. */
  NO_SECOND_FACTOR: { status: 400 },
});

/**
 * Why the password policy refuses a new password; `guessable` carries the estimator's feedback as zxcvbn-ts translation
 * keys.
 */
export const ZPasswordProblem = z.discriminatedUnion("problem", [
  z.object({ problem: z.literal("too_short"), minLength: z.number().int().positive() }),
  z.object({ problem: z.literal("too_long"), maxLength: z.number().int().positive() }),
  z.object({ problem: z.literal("common") }),
  z.object({ problem: z.literal("contextual") }),
  z.object({ problem: z.literal("repetitive") }),
  z.object({ problem: z.literal("guessable"), warning: z.string().nullable(), suggestions: z.array(z.string()) }),
  z.object({ problem: z.literal("breached") }),
]);

export type TPasswordProblem = z.infer<typeof ZPasswordProblem>;

export const PASSWORD = defineOutcomes("password", {
  /** The new password breaks the password policy; `problem` says which rule (see password-policy.ts). */
  INVALID_PASSWORD: { status: 400, params: ZPasswordProblem },
  /** The confirmation differs; `changing`: the form is the password change (its fields say "new"). */
  PASSWORD_MISMATCH: { status: 400, params: z.object({ changing: z.boolean() }) },
  NO_PASSWORD: { status: 400 },
  /** The current password is wrong; `locked`: that failure locked the account. */
  WRONG_PASSWORD: { status: 400, params: z.object({ locked: z.boolean() }) },
  SAME_PASSWORD: { status: 400 },
  /** Too many wrong passwords; `retryAfterSeconds` null: only a reset lifts it. */
  RATE_LIMITED: { status: 429, params: z.object({ retryAfterSeconds: z.number().nullable() }) },
});
