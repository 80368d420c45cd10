import { z } from "zod";
import { defineOutcomes } from "../kernel/outcome";
import { STEP_UP_METHODS } from "../step-up/types";

const level = z.union([z.literal(1), z.literal(2), z.literal(3)]);
const index = z.number().int().min(1);
const STEP_UP_METHOD = z.enum(STEP_UP_METHODS);

/**
 * What is wrong with one field of a console settings form, as a code and its parameters; the words
 * (with the field's label) are in lib/copy/en.ts. Problems without parameters apply to any field.
 */
export const ZSettingsProblem = z.discriminatedUnion("problem", [
  // Any field.
  z.object({
    problem: z.enum([
      "whole_number",
      "choice",
      "required",
      "multi_line",
      "angle_brackets",
      "email",
      "hex_colour",
      "level",
      "invalid",
    ]),
  }),
  z.object({ problem: z.literal("at_least"), min: z.number() }),
  z.object({ problem: z.literal("at_most"), max: z.number() }),
  z.object({ problem: z.literal("too_long"), max: z.number() }),
  // Branding.
  z.object({ problem: z.literal("contrast"), ratio: z.number(), text: z.string(), background: z.string() }),
  // Sign-in policy: rules across fields.
  z.object({
    problem: z.enum(["no_first_factor", "mfa_needs_factor", "permanent_not_above_temporary", "proof_after_lock"]),
  }),
  z.object({ problem: z.literal("single_factor_length"), min: z.number() }),
  /** `level`: the assurance level whose limits clash, or null for the limits of all levels. */
  z.object({ problem: z.literal("idle_over_absolute"), level: level.nullable() }),
  // Step-up actions.
  z.object({
    problem: z.enum(["action_name", "action_exists", "unknown_method", "whole_minutes", "aal3_needs_passkey"]),
  }),
  z.object({ problem: z.literal("minutes_at_least"), min: z.number() }),
  z.object({ problem: z.literal("minutes_at_most"), max: z.number() }),
  z.object({ problem: z.literal("methods_not_allowed"), methods: z.array(STEP_UP_METHOD).min(1) }),
  z.object({ problem: z.literal("aal_unreachable"), level, methods: z.array(STEP_UP_METHOD) }),
  // Attestation trust list.
  z.object({ problem: z.enum(["roots_not_pem", "roots_required"]) }),
  z.object({ problem: z.enum(["roots_too_long", "roots_too_many"]), max: z.number() }),
  z.object({ problem: z.enum(["not_certificate", "not_ca", "not_root"]), index }),
  z.object({ problem: z.literal("not_valid_now"), index, validFrom: z.string(), validTo: z.string() }),
]);
export type TSettingsProblem = z.infer<typeof ZSettingsProblem>;

/** The admin console's settings forms: branding, sign-in policy, attestation, step-up actions. */
export const TENANT_SETTINGS = defineOutcomes("tenant_settings", {
  /** Some fields do not hold: each one's problem, keyed by the form field's name. */
  INVALID_INPUT: { status: 400, params: z.object({ fields: z.record(z.string(), ZSettingsProblem) }) },
  /** The tenant (`tenant`) or the step-up action (`action`) is gone. */
  NOT_FOUND: { status: 404, params: z.object({ subject: z.enum(["tenant", "action"]) }) },
  /** Built-in step-up actions can be changed, never removed. */
  BUILT_IN: { status: 409 },
});
