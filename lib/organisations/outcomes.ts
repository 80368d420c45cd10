// What the organisation use cases answer when they do not do what was asked. The words are in
// lib/copy/en.ts (section `organisation`).
import { z } from "zod";
import { defineOutcomes } from "../kernel/outcome";

export const ORGANISATION = defineOutcomes("organisation", {
  /** A field does not hold (`problem` says how); `value` echoes a short offending value (a domain, a slug). */
  INVALID_INPUT: {
    status: 400,
    params: z.object({
      field: z.enum(["name", "slug", "domain", "role", "user"]),
      problem: z.enum(["missing", "invalid", "too_long", "too_many"]),
      value: z.string().optional(),
    }),
  },
  /** Another organisation of this tenant already has this slug. */
  SLUG_TAKEN: { status: 409, params: z.object({ slug: z.string() }) },
  /** Another organisation of this tenant already owns this email domain. */
  DOMAIN_TAKEN: { status: 409, params: z.object({ domain: z.string() }) },
  /** No such organisation (or member) in this tenant. */
  NOT_FOUND: { status: 404, params: z.object({ subject: z.enum(["organisation", "user"]) }) },
  /** The person already belongs to another organisation of this tenant (one per tenant). */
  OTHER_ORGANISATION: { status: 409 },
  /** The console this authority came from does not manage organisations (the support workbench). */
  NOT_ALLOWED: { status: 403 },
});
