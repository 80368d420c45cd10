import { z } from "zod";
import { defineOutcomes } from "../kernel/outcome";

/** An organisation's administrator managing the members of their organisation (lib/org-admin). */
export const ORG_ADMIN = defineOutcomes("org_admin", {
  /** The signed-in account belongs to no organisation of this tenant. */
  NOT_MEMBER: { status: 404 },
  /** A member of the organisation who is not one of its administrators. */
  NOT_ALLOWED: { status: 403 },
  /** No such member (or open invitation) in the administrator's organisation. */
  NOT_FOUND: { status: 404, params: z.object({ subject: z.enum(["member", "invitation"]) }) },
  /** The written reason (kept in the audit log) is too short or too long. */
  REASON_INVALID: { status: 400, params: z.object({ problem: z.enum(["too_short", "too_long"]) }) },
  /** The action does not apply: to the administrator's own account, a disabled one, an unconfirmed address. */
  NOT_APPLICABLE: { status: 409, params: z.object({ reason: z.enum(["own_account", "disabled", "unverified"]) }) },
});
