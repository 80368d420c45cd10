// What the invitation use cases answer when they do not do what was asked: the inviter's side
// (invite, resend, revoke) and the invitee's (the link, accepting). The words are in lib/copy/en.ts
// (section `invitation`).
import { z } from "zod";
import { defineOutcomes } from "../kernel/outcome";

export const INVITATION = defineOutcomes("invitation", {
  /** A field of the invitation does not hold (`problem` says how). */
  INVALID_INPUT: {
    status: 400,
    params: z.object({
      field: z.enum(["email", "role", "organisation", "display_name", "method"]),
      problem: z.enum(["missing", "invalid", "too_long", "needs_organisation"]),
    }),
  },
  /** No such organisation in this tenant, or no such invitation (`invitation`), or no longer open (`closed`). */
  NOT_FOUND: { status: 404, params: z.object({ subject: z.enum(["organisation", "invitation", "closed"]) }) },
  /** The inviter may not invite here: the support workbench, or an org_admin for another organisation. */
  NOT_ALLOWED: { status: 403 },
  /**
   * The link is not (or no longer) good: unknown, of another tenant, resent since, revoked, expired or
   * used. One answer for all, so a guessed token learns nothing.
   */
  INVALID_LINK: { status: 410 },
  /** The invited address already has an account: the invitee signs in to accept. */
  SIGN_IN_TO_ACCEPT: { status: 409 },
  /** Signed in with another address than the one invited. */
  WRONG_ACCOUNT: { status: 403 },
  /** The account already belongs to another organisation of this tenant. */
  OTHER_ORGANISATION: { status: 409 },
  /**
   * The tenant, or the invited organisation (`organisation`: its name), does not offer the chosen
   * way to sign in (a password, or a passkey).
   */
  METHOD_NOT_ALLOWED: {
    status: 400,
    params: z.object({ method: z.enum(["password", "passkey"]), organisation: z.string().optional() }),
  },
  /** The address is at a domain of the organisation's enterprise connection: its people sign in through their IdP. */
  ENTERPRISE_SIGN_IN: { status: 409 },
  /** The account is disabled: accepting does not open it. */
  DISABLED: { status: 403 },
});
