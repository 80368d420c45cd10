import { z } from "zod";
import { defineOutcomes } from "../kernel/outcome";

export const OIDC_CLIENT = defineOutcomes("oidc_client", {
  /** No tenant has this slug. */
  TENANT_NOT_FOUND: { status: 404, params: z.object({ tenant: z.string() }) },
  /** A field of an app's registration does not hold; `field` names it, `problem` says what is wrong. */
  INVALID_CLIENT: {
    status: 400,
    params: z.object({
      field: z.enum(["name", "redirect_uris", "post_logout_redirect_uris", "backchannel_logout_uri", "scopes"]),
      problem: z.enum(["missing", "too_long", "not_a_url", "insecure", "fragment", "unknown_scope"]),
    }),
  },
});
