import { z } from "zod";
import { defineOutcomes } from "../kernel/outcome";

/** Staff sign-in, second factor and console access (the staff realm; customers never see these). */
export const STAFF = defineOutcomes("staff", {
  /** No live staff session. */
  SIGNED_OUT: { status: 401 },
  /**
   * Not there, or not this member's to see: another tenant's slug, a role that does not open the console, an invitation
   * no longer open, a passkey already removed.
   */
  NOT_FOUND: { status: 404, params: z.object({ subject: z.enum(["tenant_or_action", "invitation", "passkey"]) }) },
  /** The sign-in form is incomplete. */
  INVALID_INPUT: { status: 400 },
  /** Unknown address, no password yet or a wrong one: one answer for all. */
  INVALID_CREDENTIALS: { status: 401 },
  DISABLED: { status: 403 },
  WRONG_CODE: { status: 401 },
  /** The session is not at the step this proof belongs to. */
  WRONG_STAGE: { status: 409 },
  /** No authenticator app to prove: the set-up (`setup`) or the sign-in (`sign_in`) starts again. */
  NO_PENDING: { status: 409, params: z.object({ restart: z.enum(["setup", "sign_in"]) }) },
  /** A set-up link that is malformed, used, expired, or of a disabled member. */
  SETUP_LINK_INVALID: { status: 410 },
  /** The two passwords typed at the set-up differ. */
  PASSWORD_MISMATCH: { status: 400 },
  /**
   * A passkey ceremony that did not verify: no such challenge, an unknown credential, a bad signature, a counter that
   * went back.
   */
  CEREMONY_FAILED: { status: 400 },
  /** The member has no passkey to sign in or step up with. */
  NO_PASSKEY: { status: 400 },
  /** The member's last second factor cannot be removed: without it they could not sign in again. */
  LAST_FACTOR: { status: 409 },
  /** The written justification of an override (it goes into the audit log) is too short or too long. */
  REASON_INVALID: { status: 400, params: z.object({ problem: z.enum(["too_short", "too_long"]) }) },
});

/** A tenant's owners managing its staff: add, reset, remove, withdraw an invitation. */
export const TEAM = defineOutcomes("team", {
  /** A field of the add form does not hold (`problem` says how). */
  INVALID_INPUT: {
    status: 400,
    params: z.object({
      field: z.enum(["email", "name", "role"]),
      problem: z.enum(["missing", "invalid", "too_long", "unknown_role"]),
    }),
  },
  /**
   * No such member (`member`) or invitation (`invitation`) here, or the invitation is no longer open
   * (`closed_invitation`).
   */
  NOT_FOUND: { status: 404, params: z.object({ subject: z.enum(["member", "invitation", "closed_invitation"]) }) },
  /** An owner acting on themselves, or removing the last owner. */
  NOT_ALLOWED: {
    status: 403,
    params: z.object({ reason: z.enum(["own_role", "own_reset", "own_removal", "last_owner"]) }),
  },
  /** The member also works for another tenant, so their sign-in is not this tenant's to reset. */
  SHARED_MEMBER: { status: 409, params: z.object({ email: z.string() }) },
});

/** The support console's actions on a customer account. */
export const SUPPORT = defineOutcomes("support", {
  /** No such account in the staff member's tenant. */
  NOT_FOUND: { status: 404 },
  /** The account is not in a state the action applies to. */
  NOT_APPLICABLE: {
    status: 409,
    params: z.object({ reason: z.enum(["not_locked", "already_disabled", "not_disabled", "disabled", "no_recovery"]) }),
  },
});

/**
 * The platform operator's commands (`scripts/tenant-admin.ts`): create a tenant, add staff, reset a member's sign-in.
 */
export const OPERATOR = defineOutcomes("operator", {
  /** An argument does not hold (`problem` says how; `value` is what was given). */
  INVALID_INPUT: {
    status: 400,
    params: z.object({
      field: z.enum(["slug", "tenant_name", "owner_name", "owner_email", "email", "name", "role"]),
      problem: z.enum(["missing", "invalid", "too_long", "reserved"]),
      value: z.string(),
    }),
  },
  /** A tenant with this slug already exists. */
  EXISTS: { status: 409, params: z.object({ slug: z.string() }) },
  /** No tenant with this slug (`tenant`), or no staff member with this address (`staff`). */
  NOT_FOUND: { status: 404, params: z.object({ subject: z.enum(["tenant", "staff"]), value: z.string() }) },
});
