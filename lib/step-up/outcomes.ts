import { z } from "zod";
import { defineOutcomes } from "../kernel/outcome";
import { STEP_UP_METHODS } from "./types";

const ZMethods = z.array(z.enum(STEP_UP_METHODS));

export const STEP_UP = defineOutcomes("step_up", {
  /**
   * The session's proof does not cover the action: confirm it with one of `methods` at
   * `requiredAal`. `used`: a single-use confirmation was spent meanwhile by another request.
   */
  REQUIRED: {
    status: 403,
    params: z.object({
      action: z.string(),
      label: z.string(),
      requiredAal: z.union([z.literal(1), z.literal(2), z.literal(3)]),
      methods: ZMethods,
      used: z.boolean(),
    }),
  },
  /** The risk policy blocks the action for `cooldownHours` after an account recovery. */
  BLOCKED: { status: 403, params: z.object({ action: z.string(), label: z.string(), cooldownHours: z.number() }) },
  /** No step-up policy has this name. */
  UNKNOWN_ACTION: { status: 404, params: z.object({ action: z.string() }) },
  /** The user has none of the methods the policy accepts (`methods`; empty: any second factor). */
  NO_METHOD: { status: 403, params: z.object({ action: z.string(), label: z.string(), methods: ZMethods }) },
  /** No proof makes up for an address nobody confirmed. */
  EMAIL_NOT_VERIFIED: { status: 403, params: z.object({ label: z.string() }) },
  /** During the enrolment a tenant requires, only the password step's session may add the first factor. */
  SETUP_UNFINISHED: { status: 403 },
  /** The method cannot confirm this action (`method`), or the account has no password (`no_password`). */
  NOT_OFFERED: { status: 400, params: z.object({ reason: z.enum(["method", "no_password"]) }) },
  /** The passkey proved less than the action needs. */
  TOO_WEAK: { status: 403 },
  WRONG_PASSWORD: { status: 401 },
  WRONG_CODE: { status: 401 },
  /** The session's token changed while the step-up ran. */
  SESSION_CHANGED: { status: 409 },
  /**
   * A staff session's second factor was not proven in the last 5 minutes (console changes, invitation answers, adding
   * or removing a passkey).
   */
  STAFF_REQUIRED: {
    status: 403,
    params: z.object({ purpose: z.enum(["console_change", "invitation", "add_passkey", "remove_passkey"]) }),
  },
});
