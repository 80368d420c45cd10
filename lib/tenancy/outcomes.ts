import { z } from "zod";
import { defineOutcomes } from "../kernel/outcome";

/** The admin console's settings forms: branding, sign-in policy, attestation, step-up actions. */
export const TENANT_SETTINGS = defineOutcomes("tenant_settings", {
  /**
   * Some fields do not hold. `fieldErrors` still carries the schemas' own sentences per field
   * (not yet problem codes).
   */
  INVALID_INPUT: { status: 400, params: z.object({ fieldErrors: z.record(z.string(), z.string()) }) },
  /** The tenant (`tenant`) or the step-up action (`action`) is gone. */
  NOT_FOUND: { status: 404, params: z.object({ subject: z.enum(["tenant", "action"]) }) },
  /** Built-in step-up actions can be changed, never removed. */
  BUILT_IN: { status: 409 },
});
