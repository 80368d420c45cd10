// What tenant-settings saves have in common: the audit event names, the old→new record of what
// changed (settings only, never secrets), and the refusal when the staff member's step-up is stale.
import { AUDIT } from "../audit/catalog";
import { recordStaffAudit } from "../audit/events";
import type { TTenantSettingsPatch } from "../db/store";
import type { TConsoleAuthority } from "../kernel/authority";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { fail, type TFailure } from "../kernel/outcome";
import { withTransaction } from "../kernel/transaction";
import type { TTenant } from "./types";
import { type STEP_UP } from "../step-up/outcomes";
import { TENANT_SETTINGS, ZSettingsProblem, type TSettingsProblem } from "./outcomes";

export type TSettingValue = string | number | boolean | null;
export type TSettingsDiff = Record<string, { from: TSettingValue; to: TSettingValue }>;

/** The fields of `next` whose value differs from `current`. */
export function diffSettings<K extends string>(
  current: Record<K, TSettingValue>,
  next: Record<K, TSettingValue>,
): TSettingsDiff {
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

/**
 * Saves a change of the tenant's sign-in policy in one transaction with its audit row: `change`
 * reads the tenant as stored and returns what differs and the patch that makes it so; nothing is
 * written when nothing differs.
 */
export function saveTenantPolicy(
  deps: TDeps,
  by: { authority: TConsoleAuthority; meta: TRequestMeta },
  change: (current: TTenant) => { changed: TSettingsDiff; patch: TTenantSettingsPatch },
): Promise<TSettingsResult<TTenant>> {
  const now = deps.now();
  return withTransaction(deps, async (txDeps) => {
    const current = await txDeps.store.tenants.findById(by.authority.tenant.id);
    if (!current) return fail(TENANT_SETTINGS, "NOT_FOUND", { subject: "tenant" });
    const { changed, patch } = change(current);
    if (Object.keys(changed).length === 0) return { ok: true, value: current, changed };
    const saved = await txDeps.store.tenantSettings.update(current.id, patch, now);
    await recordStaffAudit(txDeps.store, {
      staffId: by.authority.staffId,
      tenantId: current.id,
      type: AUDIT.tenantPolicyUpdated,
      meta: by.meta,
      data: { changed },
      at: now,
    });
    return { ok: true, value: saved, changed };
  });
}

/** The refusal of a form whose fields do not hold: each field's problem, as a code and its parameters. */
export function invalidSettings(fields: Record<string, TSettingsProblem>) {
  return fail(TENANT_SETTINGS, "INVALID_INPUT", { fields });
}

type TIssue = {
  code: string;
  path: ReadonlyArray<PropertyKey>;
  message: string;
  minimum?: unknown;
  maximum?: unknown;
  params?: unknown;
};

/**
 * The first problem per field of a zod error, keyed by the field's top-level name. The schemas
 * name their problems: a check's message is its problem code (`regex(…, "hex_colour")`), a size
 * check adds its bound, and a rule across fields adds an issue with the problem as its `params`.
 */
export function fieldProblemsOf(issues: ReadonlyArray<TIssue>): Record<string, TSettingsProblem> {
  const problems: Record<string, TSettingsProblem> = {};
  for (const issue of issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : "form";
    problems[key] ??= problemOf(issue);
  }
  return problems;
}

function problemOf(issue: TIssue): TSettingsProblem {
  const candidate =
    issue.code === "custom" && issue.params !== undefined
      ? issue.params
      : { problem: issue.message, min: Number(issue.minimum), max: Number(issue.maximum) };
  const parsed = ZSettingsProblem.safeParse(candidate);
  // A check that names no problem (say, a field missing from the form) is just invalid.
  return parsed.success ? parsed.data : { problem: "invalid" };
}

/** Plain text for names and taglines: no control characters and no angle brackets. */
export function plainTextProblem(value: string): "multi_line" | "angle_brackets" | null {
  // Rendered as React text these would be inert anyway; refusing them also keeps them out of mail
  // subjects and any future consumer that is less careful.
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) return "multi_line";
  if (/[<>]/.test(value)) return "angle_brackets";
  return null;
}
