// What the recovery use cases (reset request, password reset, passwordless recovery, delayed
// recovery and its cancellation) answer when they do not do what was asked. The words are in
// lib/copy/en.ts (`recovery`).
import { z } from "zod";
import { defineOutcomes } from "../kernel/outcome";

export const RECOVERY = defineOutcomes("recovery", {
  /** The address typed to request a reset is not one. */
  INVALID_EMAIL: { status: 400, params: z.object({ problem: z.enum(["invalid", "too_long"]) }) },
  /** Too many attempts; `limit` says which budget ran out. */
  RATE_LIMITED: {
    status: 429,
    params: z.object({
      retryAfterSeconds: z.number(),
      limit: z.enum(["reset_requests_per_network", "recovery_requests", "reset_factor_attempts"]),
    }),
  },
  /** The link is malformed, unknown, expired or used; `link` says which kind of link it was. */
  INVALID_LINK: {
    status: 400,
    params: z.object({ link: z.enum(["password_reset", "passwordless_reset", "recovery_cancel"]) }),
  },
  /** The account has a second factor the link alone does not bypass; on a passwordless tenant, a passkey. */
  FACTOR_REQUIRED: { status: 400, params: z.object({ passwordless: z.boolean() }) },
  /** The code or passkey given with the reset did not prove the account's second factor. */
  WRONG_FACTOR: { status: 400 },
  /** A delayed recovery for an account without a second factor: there is nothing to wait for. */
  NO_SECOND_FACTOR: { status: 400 },
  /** Passwordless recovery at a tenant with passwords (or without passkeys). */
  METHOD_NOT_ALLOWED: { status: 400 },
  /** No pending recovery to cancel. */
  NOT_FOUND: { status: 404 },
});
