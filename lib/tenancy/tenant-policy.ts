// The admin console's sign-in methods and policies form: which methods customers may use, sign-up,
// password length, second factors, lockout, session lifetimes per assurance level, recovery delays
// and risk responses. Every limit that a standard sets (NIST SP 800-63B-4 for password length and
// session lifetimes, ASVS for the 100-failure cap) is a bound here, so a tenant can be stricter
// than the standard but never looser.
import { AUDIT } from "../audit/catalog";
import { z } from "zod";
import type { TTenant } from "./types";
import type { TTenantSettingsPatch } from "../db/store";
import { SINGLE_FACTOR_MIN_LENGTH, TENANT_MIN_LENGTH_RANGE } from "../identity/password-policy";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { riskPolicyOf, type TRiskPolicy } from "../risk/policy";
import { NIST_LIMITS, type TSessionLimits } from "../sessions/lifetimes";
import { diffSettings, fieldErrorsOf, invalidSettings, type TSettingsResult, type TSettingValue } from "./settings-change";
import { recordStaffAudit } from "../audit/events";
import { fail } from "../kernel/outcome";
import { TENANT_SETTINGS } from "./outcomes";
import { isFreshAuthority, STALE_STEP_UP, type TConsoleAuthority } from "../kernel/authority";

/** ASVS V6.3.1 / 800-63B-4 §3.2.2: at most 100 consecutive failures before the authenticator is disabled. */
export const MAX_PERMANENT_LOCKOUT = 100;
export const MAX_RECOVERY_HOURS = 30 * 24;

const LEVELS = [1, 2, 3] as const;
export const RISK_RESPONSES = ["allow", "step_up", "block"] as const;
export const SHIFT_RESPONSES = ["keep", "downgrade", "end"] as const;

const int = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,7}$/, `${label}: enter a whole number.`)
    .transform(Number)
    .pipe(z.number().min(min, `${label}: at least ${min}.`).max(max, `${label}: at most ${max}.`));

/** Empty means "no limit" where that is allowed. */
const optionalInt = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .transform((v) => (v === "" ? null : v))
    .pipe(int(label, min, max).nullable());

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "true");

const choice = <T extends readonly [string, ...string[]]>(label: string, values: T) => z.enum(values, `${label}: choose one of the options.`);

const lifetimeFields = Object.fromEntries(
  LEVELS.flatMap((level) => [
    [`aal${level}Absolute`, int(`AAL${level} maximum session length`, 5, NIST_LIMITS[level].absoluteMinutes)],
    [`aal${level}Idle`, level === 1 ? optionalInt("AAL1 inactivity limit", 1, NIST_LIMITS[1].absoluteMinutes) : int(`AAL${level} inactivity limit`, 1, NIST_LIMITS[level].idleMinutes ?? 0)],
  ]),
) as Record<`aal${1 | 2 | 3}Absolute`, ReturnType<typeof int>> & Record<`aal${1 | 2 | 3}Idle`, ReturnType<typeof optionalInt>>;

export const ZTenantPolicySchema = z
  .object({
    allowPassword: checkbox,
    allowPasskey: checkbox,
    allowTotp: checkbox,
    signupMode: choice("Sign-up", ["open", "invite_only"]),
    requireVerifiedEmail: checkbox,
    mfaPolicy: choice("Second factor", ["off", "optional", "required"]),
    minPasswordLength: int("Minimum password length", TENANT_MIN_LENGTH_RANGE.min, TENANT_MIN_LENGTH_RANGE.max),
    lockoutThreshold: int("Temporary lock after", 1, MAX_PERMANENT_LOCKOUT - 1),
    lockoutMinutes: int("Temporary lock length", 1, 24 * 60),
    permanentLockoutThreshold: int("Lock until recovery after", 2, MAX_PERMANENT_LOCKOUT),
    sessionAbsoluteMinutes: int("Maximum session length (all levels)", 5, NIST_LIMITS[1].absoluteMinutes),
    sessionIdleMinutes: optionalInt("Inactivity limit (all levels)", 1, NIST_LIMITS[1].absoluteMinutes),
    ...lifetimeFields,
    recoveryWaitHours: int("Delayed recovery wait", 1, MAX_RECOVERY_HOURS),
    recoveryCooldownHours: int("Cool-down after recovery", 0, MAX_RECOVERY_HOURS),
    risk_newDeviceAndNetwork: choice("New device on a new network", RISK_RESPONSES),
    risk_newDeviceOrNetwork: choice("New device or new network", RISK_RESPONSES),
    risk_automatedUserAgent: choice("Automated browser", RISK_RESPONSES),
    risk_accountFailureThreshold: int("Failed passwords on an account before more proof", 1, 1000),
    risk_ipFailureThreshold: int("Failed passwords from one address per hour", 1, 100000),
    risk_ipFailureResponse: choice("Response to an address with many failures", RISK_RESPONSES),
    risk_afterRecovery: choice("Custom actions after a recovery", ["block", "strongest"]),
    risk_credentialsChangedHours: int("Hours after a credential change", 0, 720),
    risk_ipPrefixShift: choice("Session's network changed", SHIFT_RESPONSES),
    risk_userAgentShift: choice("Session's browser changed", SHIFT_RESPONSES),
    risk_notifyNewDevice: checkbox,
  })
  .superRefine((v, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    // TOTP is only ever a second step after a password; a customer needs a first factor.
    if (!v.allowPassword && !v.allowPasskey) problem("allowPassword", "Sign-in methods: allow passwords or passkeys (or both); an authenticator app alone cannot sign anyone in.");
    if (v.mfaPolicy === "required" && !v.allowTotp && !v.allowPasskey) problem("mfaPolicy", "Second factor: “required” needs the authenticator app or passkeys to be allowed.");
    if (v.mfaPolicy !== "required" && v.minPasswordLength < SINGLE_FACTOR_MIN_LENGTH)
      problem(
        "minPasswordLength",
        `Minimum password length: at least ${SINGLE_FACTOR_MIN_LENGTH} while a password can be the only factor (NIST SP 800-63B-4). Lower values are allowed only when a second factor is required.`,
      );
    if (v.lockoutThreshold >= v.permanentLockoutThreshold) problem("permanentLockoutThreshold", "Lock until recovery: must be more failures than the temporary lock.");
    if (v.risk_accountFailureThreshold > v.lockoutThreshold)
      problem("risk_accountFailureThreshold", "Failed passwords before more proof: ask for more proof before (or when) the account is locked, not after.");
    if (v.sessionIdleMinutes !== null && v.sessionIdleMinutes > v.sessionAbsoluteMinutes) problem("sessionIdleMinutes", "Inactivity limit (all levels): cannot be longer than the maximum session length.");
    for (const level of LEVELS) {
      const idle = v[`aal${level}Idle`];
      if (idle !== null && idle > v[`aal${level}Absolute`]) problem(`aal${level}Idle`, `AAL${level} inactivity limit: cannot be longer than the AAL${level} maximum session length.`);
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

export function parseTenantPolicy(form: TTenantPolicyForm): { ok: true; value: TTenantPolicy } | { ok: false; fieldErrors: Record<string, string> } {
  const parsed = ZTenantPolicySchema.safeParse(form);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, fieldErrors: fieldErrorsOf(parsed.error.issues) };
}

/** The Tenant columns a valid policy writes. */
export function policyPatch(policy: TTenantPolicy): TTenantSettingsPatch {
  const limits: TSessionLimits = {};
  for (const level of LEVELS) limits[`${level}`] = { absoluteMinutes: policy[`aal${level}Absolute`], idleMinutes: policy[`aal${level}Idle`] };
  const risk = Object.fromEntries(RISK_KEYS.map((key) => [key, policy[`risk_${key}`]])) as TRiskPolicy;
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

export async function updateTenantPolicy(
  deps: TDeps,
  input: { authority: TConsoleAuthority; form: TTenantPolicyForm; meta: TRequestMeta },
): Promise<TSettingsResult<TTenant>> {
  if (!isFreshAuthority(input.authority, deps.now())) return STALE_STEP_UP;
  const { tenant, staffId } = input.authority;
  const parsed = parseTenantPolicy(input.form);
  if (!parsed.ok) return invalidSettings(parsed.fieldErrors);
  const patch = policyPatch(parsed.value);
  const now = deps.now();
  return deps.store.transaction(async (tx) => {
    const current = await tx.tenants.findById(tenant.id);
    if (!current) return fail(TENANT_SETTINGS, "NOT_FOUND", { subject: "tenant" });
    const changed = diffSettings(flatten(policyFormOf(current)), flatten(policyFormOf({ ...current, ...patch })));
    if (Object.keys(changed).length === 0) return { ok: true, value: current, changed };
    const saved = await tx.tenantSettings.update(current.id, patch, now);
    await recordStaffAudit(tx, { staffId: staffId, tenantId: current.id, type: AUDIT.tenantPolicyUpdated, meta: input.meta, data: { changed }, at: now });
    return { ok: true, value: saved, changed };
  });
}
