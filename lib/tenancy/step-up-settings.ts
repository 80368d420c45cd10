// The admin console's assurance-level table: edit an action's required level, maximum age, methods
// and single use; add custom actions; remove custom ones. A policy is refused when no method the
// tenant allows could ever satisfy it (AAL3 is reachable only with a passkey), so a saved policy
// never locks customers out of an action by construction.
import { AUDIT } from "../audit/catalog";
import { z } from "zod";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import {
  diffSettings,
  fieldProblemsOf,
  plainTextProblem,
  invalidSettings,
  type TSettingsResult,
} from "./settings-change";
import {
  BUILT_IN_ACTIONS,
  isActionName,
  listActionPolicies,
  loadActionPolicy,
  STEP_UP_METHODS,
  toPolicyInput,
  type TActionPolicy,
  type TStepUpMethod,
} from "../step-up/policies";
import { recordStaffAudit } from "../audit/events";
import type { TTenant } from "./types";
import { fail, type TFailure } from "../kernel/outcome";
import { TENANT_SETTINGS, type TSettingsProblem } from "./outcomes";
import type { STEP_UP } from "../step-up/outcomes";
import { isFreshAuthority, STALE_STEP_UP, type TConsoleAuthority } from "../kernel/authority";

type TTenantMethods = Pick<TTenant, "allowPassword" | "allowPasskey" | "allowTotp">;

/** The highest level each method can bring a session to (see elevationAal in evaluate.ts). */
export const METHOD_REACH: Record<TStepUpMethod, 1 | 2 | 3> = { password: 1, totp: 2, recovery_code: 2, passkey: 3 };
export const MAX_AGE_RANGE = { min: 1, max: 24 * 60 } as const;

export function isMethodAllowedByTenant(method: TStepUpMethod, tenant: TTenantMethods): boolean {
  if (method === "password") return tenant.allowPassword;
  if (method === "passkey") return tenant.allowPasskey;
  return tenant.allowTotp;
}

const level = () => z.enum(["1", "2", "3"], "level").transform((v) => Number(v) as 1 | 2 | 3);

export const ZActionPolicyFormSchema = z.object({
  action: z.string().refine(isActionName, "action_name"),
  label: z
    .string()
    .trim()
    .min(1, "required")
    .max(80, "too_long")
    .superRefine((value, ctx) => {
      const problem = plainTextProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem, params: { problem } });
    }),
  minAal: level(),
  singleFactorAal: z
    .string()
    .transform((v) => (v === "" ? null : v))
    .pipe(level().nullable()),
  maxAgeMinutes: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, "whole_minutes")
    .transform(Number)
    .pipe(z.number().min(MAX_AGE_RANGE.min, "minutes_at_least").max(MAX_AGE_RANGE.max, "minutes_at_most")),
  methods: z
    .array(z.enum(STEP_UP_METHODS, "unknown_method"))
    .max(STEP_UP_METHODS.length)
    .transform((m) => [...new Set(m)]),
  singleUse: z
    .string()
    .optional()
    .transform((v) => v === "on"),
});

export type TActionPolicyForm = {
  action: string;
  label: string;
  minAal: string;
  singleFactorAal: string;
  maxAgeMinutes: string;
  methods: string[];
  singleUse?: string;
};

/** Parses and checks a row against what the tenant allows. */
export function parseActionPolicy(
  form: TActionPolicyForm,
  tenant: TTenantMethods,
): { ok: true; value: Omit<TActionPolicy, "builtIn"> } | { ok: false; fields: Record<string, TSettingsProblem> } {
  const parsed = ZActionPolicyFormSchema.safeParse(form);
  if (!parsed.success) return { ok: false, fields: fieldProblemsOf(parsed.error.issues) };
  const value = parsed.data;
  const errors: Record<string, TSettingsProblem> = {};
  const refused = value.methods.filter((m) => !isMethodAllowedByTenant(m, tenant));
  if (refused.length > 0) errors.methods = { problem: "methods_not_allowed", methods: refused };
  // The methods that could actually be used: the named ones, or every method the tenant allows.
  const usable = (value.methods.length > 0 ? value.methods : [...STEP_UP_METHODS]).filter((m) =>
    isMethodAllowedByTenant(m, tenant),
  );
  const reach = Math.max(0, ...usable.map((m) => METHOD_REACH[m]));
  for (const [key, needed] of [
    ["minAal", value.minAal],
    ["singleFactorAal", value.singleFactorAal],
  ] as const) {
    if (needed === null || errors.methods) continue;
    if (needed === 3 && !usable.includes("passkey")) errors[key] = { problem: "aal3_needs_passkey" };
    else if (needed > reach) errors[key] = { problem: "aal_unreachable", level: needed, methods: usable };
  }
  return Object.keys(errors).length > 0 ? { ok: false, fields: errors } : { ok: true, value };
}

function auditable(p: Omit<TActionPolicy, "builtIn">) {
  return {
    label: p.label,
    minAal: p.minAal,
    singleFactorAal: p.singleFactorAal,
    maxAgeMinutes: p.maxAgeMinutes,
    methods: p.methods.join(","),
    singleUse: p.singleUse,
  };
}

/** Saves one row. `mode: "create"` adds a custom action and refuses a name already in use. */
export async function saveActionPolicy(
  deps: TDeps,
  input: { authority: TConsoleAuthority; mode: "update" | "create"; form: TActionPolicyForm; meta: TRequestMeta },
): Promise<TSettingsResult<TActionPolicy>> {
  if (!isFreshAuthority(input.authority, deps.now())) return STALE_STEP_UP;
  const { tenant, staffId } = input.authority;
  const parsed = parseActionPolicy(input.form, tenant);
  if (!parsed.ok) return invalidSettings(parsed.fields);
  const now = deps.now();
  return withTransaction(deps, async (txDeps) => {
    const current = await loadActionPolicy(txDeps.store, tenant.id, parsed.value.action);
    if (input.mode === "create" && current) return invalidSettings({ action: { problem: "action_exists" } });
    if (input.mode === "update" && !current) return fail(TENANT_SETTINGS, "NOT_FOUND", { subject: "action" });
    const builtIn = current?.builtIn ?? BUILT_IN_ACTIONS.some((b) => b.action === parsed.value.action);
    const next: TActionPolicy = { ...parsed.value, builtIn };
    const before = current
      ? auditable(current)
      : { label: null, minAal: null, singleFactorAal: null, maxAgeMinutes: null, methods: null, singleUse: null };
    const changed = diffSettings(before, auditable(next));
    if (Object.keys(changed).length === 0) return { ok: true, value: next, changed };
    await txDeps.store.stepUpPolicies.save(tenant.id, toPolicyInput(next), now);
    await recordStaffAudit(txDeps.store, {
      staffId: staffId,
      tenantId: tenant.id,
      type: AUDIT.stepUpPolicyUpdated,
      meta: input.meta,
      data: { action: next.action, created: !current, changed },
      at: now,
    });
    return { ok: true, value: next, changed };
  });
}

/** Removes a custom action; built-in actions cannot be removed (only made stricter or looser). */
export async function removeActionPolicy(
  deps: TDeps,
  input: { authority: TConsoleAuthority; action: string; meta: TRequestMeta },
): Promise<
  { ok: true } | TFailure<typeof STEP_UP, "STAFF_REQUIRED"> | TFailure<typeof TENANT_SETTINGS, "BUILT_IN" | "NOT_FOUND">
> {
  if (!isFreshAuthority(input.authority, deps.now())) return STALE_STEP_UP;
  const { tenant, staffId } = input.authority;
  if (!isActionName(input.action)) return fail(TENANT_SETTINGS, "NOT_FOUND", { subject: "action" });
  const now = deps.now();
  return withTransaction(deps, async (txDeps) => {
    const current = await loadActionPolicy(txDeps.store, tenant.id, input.action);
    if (!current) return fail(TENANT_SETTINGS, "NOT_FOUND", { subject: "action" });
    if (current.builtIn || BUILT_IN_ACTIONS.some((b) => b.action === input.action))
      return fail(TENANT_SETTINGS, "BUILT_IN");
    if (!(await txDeps.store.stepUpPolicies.remove(tenant.id, input.action)))
      return fail(TENANT_SETTINGS, "NOT_FOUND", { subject: "action" });
    await recordStaffAudit(txDeps.store, {
      staffId,
      tenantId: tenant.id,
      type: AUDIT.stepUpPolicyRemoved,
      meta: input.meta,
      data: { action: input.action, removed: auditable(current) },
      at: now,
    });
    return { ok: true };
  });
}

/** Every action's policy at `tenant` (built-in ones with their defaults), for the settings page. */
export function actionPolicySettings(deps: Pick<TDeps, "store">, tenant: TTenant): Promise<TActionPolicy[]> {
  return listActionPolicies(deps.store, tenant.id);
}
