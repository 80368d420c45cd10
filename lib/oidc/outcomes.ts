import { z } from "zod";
import { defineOutcomes } from "../kernel/outcome";

export const OIDC_CLIENT = defineOutcomes("oidc_client", {
  /** No tenant has this slug. */
  TENANT_NOT_FOUND: { status: 404, params: z.object({ tenant: z.string() }) },
  /** The tenant has no app with this client id (another tenant's apps are not found either). */
  NOT_FOUND: { status: 404 },
  /** A public app has no secret to rotate. */
  NO_SECRET: { status: 409 },
  /** A field of an app's registration does not hold; `field` names it, `problem` says what is wrong. */
  INVALID_CLIENT: {
    status: 400,
    params: z.object({
      field: z.enum([
        "name",
        "type",
        "redirect_uris",
        "post_logout_redirect_uris",
        "backchannel_logout_uri",
        "scopes",
        "min_aal",
        "access_token_ttl",
      ]),
      problem: z.enum([
        "missing",
        "too_long",
        "too_many",
        "not_a_url",
        "insecure",
        "fragment",
        "unknown_scope",
        "unknown_value",
        "out_of_range",
      ]),
    }),
  },
});

export const OIDC_CONSENT = defineOutcomes("oidc_consent", {
  /** The person has not allowed this app (or it is another person's, or another tenant's). */
  NOT_FOUND: { status: 404 },
  /** The app's sign-in request is over (answered, expired, or started in another browser). */
  REQUEST_EXPIRED: { status: 400 },
});
