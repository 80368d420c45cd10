// What tenant-settings saves have in common: the audit event names, the old→new record of what
// changed (settings only, never secrets), and the refusal when the staff member's step-up is stale.
import { fail, type TFailure } from "../kernel/outcome";
import { type STEP_UP } from "../step-up/outcomes";
import { TENANT_SETTINGS } from "./outcomes";

export type TSettingValue = string | number | boolean | null;
export type TSettingsDiff = Record<string, { from: TSettingValue; to: TSettingValue }>;

/** The fields of `next` whose value differs from `current`. */
export function diffSettings<K extends string>(current: Record<K, TSettingValue>, next: Record<K, TSettingValue>): TSettingsDiff {
  const diff: TSettingsDiff = {};
  for (const key of Object.keys(next) as K[]) {
    if (current[key] !== next[key]) diff[key] = { from: current[key], to: next[key] };
  }
  return diff;
}

export type TSettingsResult<T> =
  | { ok: true; value: T; changed: TSettingsDiff }
  | TFailure<typeof STEP_UP, "STAFF_REQUIRED">
  | TFailure<typeof TENANT_SETTINGS, "INVALID_INPUT" | "NOT_FOUND">;


/** The refusal of a form whose fields do not hold. */
export function invalidSettings(fieldErrors: Record<string, string>) {
  return fail(TENANT_SETTINGS, "INVALID_INPUT", { fieldErrors });
}

/** The first message per field of a zod error, keyed by the field's top-level name. */
export function fieldErrorsOf(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

/** Plain text for names and taglines: no control characters and no angle brackets. */
export function plainTextProblem(value: string): string | null {
  // Rendered as React text these would be inert anyway; refusing them also keeps them out of mail
  // subjects and any future consumer that is less careful.
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) return "Use a single line of plain text.";
  if (/[<>]/.test(value)) return "Use plain text without < or >.";
  return null;
}
