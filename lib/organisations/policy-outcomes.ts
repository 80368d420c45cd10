import { z } from "zod";
import { defineOutcomes } from "../kernel/outcome";

/** Saving an organisation's tightening of its tenant's policy (the console's policy page). */
export const ORG_POLICY = defineOutcomes("org_policy", {
  /** No organisation of this tenant has that slug. */
  NOT_FOUND: { status: 404 },
  /** The form does not describe a policy (a value out of range, an unknown action). */
  INVALID: { status: 422, params: z.object({ field: z.string() }) },
  /** The allowed methods leave members no first factor the tenant accepts (password or passkey). */
  NO_FIRST_FACTOR: { status: 422 },
  /** A second factor or level 2 is required, but no allowed combination of methods reaches it. */
  LEVEL_UNREACHABLE: { status: 422, params: z.object({ level: z.number() }) },
});
