// The admin console's sign-in methods and policies form: which methods customers may use, sign-up,
// password length, second factors, lockout, session lifetimes per assurance level, recovery delays
// and risk responses. Every limit that a standard sets (NIST SP 800-63B-4 for password length and
// session lifetimes, ASVS for the 100-failure cap) is a bound here, so a tenant can be stricter
// than the standard but never looser.
import { z } from "zod";
import type { TTenant } from "./types";
import type { TTenantSettingsPatch } from "../db/store";
import { SINGLE_FACTOR_MIN_LENGTH, TENANT_MIN_LENGTH_RANGE } from "../identity/password-policy";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { riskPolicyOf, type TRiskPolicy } from "../risk/policy";
import { NIST_LIMITS, type TSessionLimits } from "../sessions/lifetimes";
import {
  diffSettings,
  fieldProblemsOf,
  invalidSettings,
  saveTenantPolicy,
  type TSettingsResult,
  type TSettingValue,
} from "./settings-change";
import type { TSettingsProblem } from "./outcomes";
import { isFreshAuthority, STALE_STEP_UP, type TConsoleAuthority } from "../kernel/authority";

/** ASVS V6.3.1 / 800-63B-4 §3.2.2: at most 100 consecutive failures before the authenticator is disabled. */
export const MAX_PERMANENT_LOCKOUT = 100;
export const MAX_RECOVERY_HOURS = 30 * 24;

const LEVELS = [1, 2, 3] as const;
export const RISK_RESPONSES = ["allow", "step_up", "block"] as const;
export const SHIFT_RESPONSES = ["keep", "downgrade", "end"] as const;

const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,7}$/, "whole_number")
    .transform(Number)
    .pipe(z.number().min(min, "at_least").max(max, "at_most"));

/** Empty means "no limit" where that is allowed. */
const optionalInt = (min: number, max: number) =>
  z
    .string()
    .trim()
    .transform((v) => (v === "" ? null : v))
    .pipe(int(min, max).nullable());

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "true");

const choice = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, "choice");

const lifetimeFields = Object.fromEntries(
  LEVELS.flatMap((level) => [
    [`aal${level}Absolute`, int(5, NIST_LIMITS[level].absoluteMinutes)],
    [
      `aal${level}Idle`,
      level === 1 ? optionalInt(1, NIST_LIMITS[1].absoluteMinutes) : int(1, NIST_LIMITS[level].idleMinutes ?? 0),
    ],
  ]),
) as Record<`aal${1 | 2 | 3}Absolute`, ReturnType<typeof int>> &
  Record<`aal${1 | 2 | 3}Idle`, ReturnType<typeof optionalInt>>;

export const ZTenantPolicySchema = z
  .object({
    allowPassword: checkbox,
    allowPasskey: checkbox,
    allowTotp: checkbox,
    signupMode: choice(["open", "invite_only"]),
    requireVerifiedEmail: checkbox,
    mfaPolicy: choice(["off", "optional", "required"]),
    minPasswordLength: int(TENANT_MIN_LENGTH_RANGE.min, TENANT_MIN_LENGTH_RANGE.max),
    lockoutThreshold: int(1, MAX_PERMANENT_LOCKOUT - 1),
    lockoutMinutes: int(1, 24 * 60),
    permanentLockoutThreshold: int(2, MAX_PERMANENT_LOCKOUT),
    sessionAbsoluteMinutes: int(5, NIST_LIMITS[1].absoluteMinutes),
    sessionIdleMinutes: optionalInt(1, NIST_LIMITS[1].absoluteMinutes),
    ...lifetimeFields,
    recoveryWaitHours: int(1, MAX_RECOVERY_HOURS),
    recoveryCooldownHours: int(0, MAX_RECOVERY_HOURS),
    risk_newDeviceAndNetwork: choice(RISK_RESPONSES),
    risk_newDeviceOrNetwork: choice(RISK_RESPONSES),
    risk_automatedUserAgent: choice(RISK_RESPONSES),
    risk_accountFailureThreshold: int(1, 1000),
    risk_ipFailureThreshold: int(1, 100000),
    risk_ipFailureResponse: choice(RISK_RESPONSES),
    risk_afterRecovery: choice(["block", "strongest"]),
    risk_credentialsChangedHours: int(0, 720),
    risk_ipPrefixShift: choice(SHIFT_RESPONSES),
    risk_userAgentShift: choice(SHIFT_RESPONSES),
    risk_notifyNewDevice: checkbox,
  })
  .superRefine((v, ctx) => {
    const problem = (path: string, params: TSettingsProblem) =>
      ctx.addIssue({ code: "custom", path: [path], message: params.problem, params });
    // TOTP is only ever a second step after a password; a customer needs a first factor.
    if (!v.allowPassword && !v.allowPasskey) problem("allowPassword", { problem: "no_first_factor" });
    if (v.mfaPolicy === "required" && !v.allowTotp && !v.allowPasskey)
      problem("mfaPolicy", { problem: "mfa_needs_factor" });
    if (v.mfaPolicy !== "required" && v.minPasswordLength < SINGLE_FACTOR_MIN_LENGTH)
      problem("minPasswordLength", { problem: "single_factor_length", min: SINGLE_FACTOR_MIN_LENGTH });
    if (v.lockoutThreshold >= v.permanentLockoutThreshold)
      problem("permanentLockoutThreshold", { problem: "permanent_not_above_temporary" });
    if (v.risk_accountFailureThreshold > v.lockoutThreshold)
      problem("risk_accountFailureThreshold", { problem: "proof_after_lock" });
    if (v.sessionIdleMinutes !== null && v.sessionIdleMinutes > v.sessionAbsoluteMinutes)
      problem("sessionIdleMinutes", { problem: "idle_over_absolute", level: null });
    for (const level of LEVELS) {
      const idle = v[`aal${level}Idle`];
      if (idle !== null && idle > v[`aal${level}Absolute`])
        problem(`aal${level}Idle`, { problem: "idle_over_absolute", level });
    }
  });

export type TTenantPolicy = z.output<typeof ZTenantPolicySchema>;
export type TTenantPolicyForm = Partial<Record<keyof z.input<typeof ZTenantPolicySchema>, string>>;
export const POLICY_FIELDS = Object.keys(ZTenantPolicySchema.shape) as Array<keyof TTenantPolicyForm>;

const RISK_KEYS = [
  "newDeviceAndNetwork",
  "newDeviceOrNetwork",
  "automatedUserAgent",
  "accountFailureThreshold",
  "ipFailureThreshold",
  "ipFailureResponse",
  "afterRecovery",
  "credentialsChangedHours",
  "ipPrefixShift",
  "userAgentShift",
  "notifyNewDevice",
] as const satisfies ReadonlyArray<keyof TRiskPolicy>;

export function parseTenantPolicy(
  form: TTenantPolicyForm,
): { ok: true; value: TTenantPolicy } | { ok: false; fields: Record<string, TSettingsProblem> } {
  const parsed = ZTenantPolicySchema.safeParse(form);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, fields: fieldProblemsOf(parsed.error.issues) };
}

/** The Tenant columns a valid policy writes. */
export function policyPatch(policy: TTenantPolicy): TTenantSettingsPatch {
  const limits: TSessionLimits = {};
  for (const level of LEVELS)
    limits[`${level}`] = { absoluteMinutes: policy[`aal${level}Absolute`], idleMinutes: policy[`aal${level}Idle`] };
  const risk = Object.fromEntries(RISK_KEYS.map((key) => [key, policy[`risk_${key}`]])) as Partial<TRiskPolicy>;
  return {
    allowPassword: policy.allowPassword,
    allowPasskey: policy.allowPasskey,
    allowTotp: policy.allowTotp,
    signupMode: policy.signupMode,
    requireVerifiedEmail: policy.requireVerifiedEmail,
    mfaPolicy: policy.mfaPolicy,
    minPasswordLength: policy.minPasswordLength,
    lockoutThreshold: policy.lockoutThreshold,
    lockoutMinutes: policy.lockoutMinutes,
    permanentLockoutThreshold: policy.permanentLockoutThreshold,
    sessionAbsoluteMinutes: policy.sessionAbsoluteMinutes,
    sessionIdleMinutes: policy.sessionIdleMinutes,
    sessionLimits: limits,
    recoveryWaitHours: policy.recoveryWaitHours,
    recoveryCooldownHours: policy.recoveryCooldownHours,
    riskPolicy: risk,
  };
}

/** The tenant's current policy as form values (stored JSON falls back to the defaults it runs with). */
export function policyFormOf(tenant: TTenant): Record<keyof TTenantPolicyForm, string> {
  const limits = tenant.sessionLimits;
  const risk = riskPolicyOf(tenant);
  const str = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v));
  const form: Record<string, string> = {
    allowPassword: tenant.allowPassword ? "on" : "",
    allowPasskey: tenant.allowPasskey ? "on" : "",
    allowTotp: tenant.allowTotp ? "on" : "",
    signupMode: tenant.signupMode,
    requireVerifiedEmail: tenant.requireVerifiedEmail ? "on" : "",
    mfaPolicy: tenant.mfaPolicy,
    minPasswordLength: str(tenant.minPasswordLength),
    lockoutThreshold: str(tenant.lockoutThreshold),
    lockoutMinutes: str(tenant.lockoutMinutes),
    permanentLockoutThreshold: str(tenant.permanentLockoutThreshold),
    sessionAbsoluteMinutes: str(tenant.sessionAbsoluteMinutes),
    sessionIdleMinutes: str(tenant.sessionIdleMinutes),
    recoveryWaitHours: str(tenant.recoveryWaitHours),
    recoveryCooldownHours: str(tenant.recoveryCooldownHours),
  };
  for (const level of LEVELS) {
    const own = limits[`${level}`];
    form[`aal${level}Absolute`] = str(own?.absoluteMinutes ?? NIST_LIMITS[level].absoluteMinutes);
    form[`aal${level}Idle`] = str(own?.idleMinutes === undefined ? NIST_LIMITS[level].idleMinutes : own.idleMinutes);
  }
  for (const key of RISK_KEYS) {
    const value = risk[key];
    form[`risk_${key}`] = typeof value === "boolean" ? (value ? "on" : "") : String(value);
  }
  return form as Record<keyof TTenantPolicyForm, string>;
}

/** Flat, comparable values of a policy, for the audit record of what changed. */
function flatten(form: Record<string, string>): Record<string, TSettingValue> {
  return Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v]));
}

/** The tenant as it reads once `patch` is saved (its risk keys merge into the stored policy). */
export function patchedTenant(current: TTenant, patch: TTenantSettingsPatch): TTenant {
  return { ...current, ...patch, riskPolicy: { ...current.riskPolicy, ...patch.riskPolicy } };
}

export async function updateTenantPolicy(
  deps: TDeps,
  input: { authority: TConsoleAuthority; form: TTenantPolicyForm; meta: TRequestMeta },
): Promise<TSettingsResult<TTenant>> {
  if (!isFreshAuthority(input.authority, deps.now())) return STALE_STEP_UP;
  const parsed = parseTenantPolicy(input.form);
  if (!parsed.ok) return invalidSettings(parsed.fields);
  const patch = policyPatch(parsed.value);
  return saveTenantPolicy(deps, input, (current) => ({
    changed: diffSettings(flatten(policyFormOf(current)), flatten(policyFormOf(patchedTenant(current, patch)))),
    patch,
  }));
}
