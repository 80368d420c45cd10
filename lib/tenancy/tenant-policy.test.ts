import { describe, expect, it } from "vitest";
import { DEMO_TENANTS } from "./demo-tenants";
import { newTenantSettings } from "./tenant-defaults";
import { parseTenantPolicy, patchedTenant, policyFormOf, policyPatch, type TTenantPolicyForm } from "./tenant-policy";
import type { TTenant } from "./types";
import { DEFAULT_RISK_POLICY } from "../risk/policy";
import { settingsFieldErrors } from "../copy/en";
import type { TSettingsProblem } from "./outcomes";

const tenant = {
  id: "t1",
  createdAt: new Date(),
  updatedAt: new Date(),
  brandTextColor: null,
  ...DEMO_TENANTS[0]!,
  riskPolicy: DEFAULT_RISK_POLICY,
} satisfies TTenant;
const GOOD: TTenantPolicyForm = policyFormOf(tenant);

function problemsOf(patch: TTenantPolicyForm): Record<string, TSettingsProblem> {
  const parsed = parseTenantPolicy({ ...GOOD, ...patch });
  return parsed.ok ? {} : parsed.fields;
}

/** The words the form shows for each field's problem. */
const errorsOf = (patch: TTenantPolicyForm): Record<string, string> => settingsFieldErrors(problemsOf(patch));

describe("tenant policy validation", () => {
  it("the demo tenant's current settings are valid and round-trip", () => {
    const parsed = parseTenantPolicy(GOOD);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
    const patch = policyPatch(parsed.value);
    expect(patch).toMatchObject({
      allowPassword: true,
      mfaPolicy: "optional",
      minPasswordLength: 15,
      lockoutThreshold: 10,
      permanentLockoutThreshold: 100,
    });
    expect(patch.sessionLimits).toEqual({
      "1": { absoluteMinutes: 43200, idleMinutes: null },
      "2": { absoluteMinutes: 1440, idleMinutes: 60 },
      "3": { absoluteMinutes: 720, idleMinutes: 15 },
    });
    expect(patch.riskPolicy).toMatchObject({ newDeviceAndNetwork: "step_up", notifyNewDevice: true });
    expect(policyFormOf(patchedTenant(tenant, patch))).toEqual(GOOD);
  });

  it("new tenants require a confirmed address to sign in; an admin may turn it off", () => {
    expect(newTenantSettings("new", "New").requireVerifiedEmail).toBe(true);
    expect(GOOD.requireVerifiedEmail).toBe("on");
    const { requireVerifiedEmail: _omit, ...off } = GOOD;
    const parsed = parseTenantPolicy(off);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
    expect(policyPatch(parsed.value)).toMatchObject({ requireVerifiedEmail: false });
  });

  it("an unchecked box (absent from the form) is false", () => {
    const { allowTotp: _omit, ...rest } = GOOD;
    const parsed = parseTenantPolicy(rest);
    expect(parsed).toMatchObject({ ok: true, value: { allowTotp: false } });
  });

  it("needs a first factor: password or passkey; the authenticator app alone is refused", () => {
    expect(errorsOf({ allowPassword: undefined, allowPasskey: undefined, allowTotp: "on" }).allowPassword).toMatch(
      /authenticator app alone/,
    );
    expect(problemsOf({ allowPassword: undefined, allowPasskey: undefined, allowTotp: "on" })).toEqual({
      allowPassword: { problem: "no_first_factor" },
    });
    expect(errorsOf({ allowPassword: undefined, allowPasskey: "on" })).toEqual({});
  });

  it("requiring a second factor needs one that is allowed", () => {
    expect(errorsOf({ mfaPolicy: "required", allowTotp: undefined, allowPasskey: undefined }).mfaPolicy).toMatch(
      /authenticator app or passkeys/,
    );
  });

  it("password length: 8–64, and at least 15 unless a second factor is required", () => {
    expect(errorsOf({ minPasswordLength: "7", mfaPolicy: "required" }).minPasswordLength).toMatch(/at least 8/);
    expect(errorsOf({ minPasswordLength: "65" }).minPasswordLength).toMatch(/at most 64/);
    expect(errorsOf({ minPasswordLength: "12", mfaPolicy: "optional" }).minPasswordLength).toMatch(
      /at least 15 while a password can be the only factor/,
    );
    expect(errorsOf({ minPasswordLength: "12", mfaPolicy: "off" }).minPasswordLength).toBeDefined();
    expect(errorsOf({ minPasswordLength: "8", mfaPolicy: "required" })).toEqual({});
    expect(errorsOf({ minPasswordLength: "64" })).toEqual({});
    expect(errorsOf({ minPasswordLength: "15.5" }).minPasswordLength).toMatch(/whole number/);
    expect(problemsOf({ minPasswordLength: "12", mfaPolicy: "optional" })).toEqual({
      minPasswordLength: { problem: "single_factor_length", min: 15 },
    });
    expect(problemsOf({ minPasswordLength: "65" })).toEqual({ minPasswordLength: { problem: "at_most", max: 64 } });
    expect(errorsOf({ minPasswordLength: "7", mfaPolicy: "required" })).toEqual({
      minPasswordLength: "Minimum password length: at least 8.",
    });
  });

  it("lockout: the temporary lock comes before the permanent one, which is at most 100", () => {
    expect(errorsOf({ lockoutThreshold: "20", permanentLockoutThreshold: "20" }).permanentLockoutThreshold).toMatch(
      /more failures than the temporary lock/,
    );
    expect(errorsOf({ permanentLockoutThreshold: "101" }).permanentLockoutThreshold).toMatch(/at most 100/);
    expect(errorsOf({ lockoutThreshold: "0" }).lockoutThreshold).toMatch(/at least 1/);
    expect(errorsOf({ lockoutThreshold: "3", risk_accountFailureThreshold: "5" }).risk_accountFailureThreshold).toMatch(
      /before \(or when\) the account is locked/,
    );
  });

  it("session lifetimes: never longer than NIST allows per level, and idle never longer than absolute", () => {
    expect(errorsOf({ aal1Absolute: "43201" }).aal1Absolute).toMatch(/at most 43200/);
    expect(errorsOf({ aal2Absolute: "1441" }).aal2Absolute).toMatch(/at most 1440/);
    expect(errorsOf({ aal2Idle: "61" }).aal2Idle).toMatch(/at most 60/);
    expect(errorsOf({ aal3Absolute: "721" }).aal3Absolute).toMatch(/at most 720/);
    expect(errorsOf({ aal3Idle: "16" }).aal3Idle).toMatch(/at most 15/);
    expect(errorsOf({ aal3Idle: "" }).aal3Idle).toBeDefined();
    expect(errorsOf({ aal3Absolute: "10", aal3Idle: "15" }).aal3Idle).toMatch(/cannot be longer than the AAL3 maximum/);
    expect(errorsOf({ sessionAbsoluteMinutes: "60", sessionIdleMinutes: "61" }).sessionIdleMinutes).toMatch(
      /cannot be longer/,
    );
    expect(errorsOf({ aal1Idle: "" })).toEqual({});
    expect(problemsOf({ aal2Idle: "61" })).toEqual({ aal2Idle: { problem: "at_most", max: 60 } });
    expect(errorsOf({ aal2Idle: "61" })).toEqual({ aal2Idle: "AAL2 inactivity limit: at most 60." });
    expect(problemsOf({ aal3Absolute: "10", aal3Idle: "15" })).toEqual({
      aal3Idle: { problem: "idle_over_absolute", level: 3 },
    });
    expect(problemsOf({ sessionAbsoluteMinutes: "60", sessionIdleMinutes: "61" })).toEqual({
      sessionIdleMinutes: { problem: "idle_over_absolute", level: null },
    });
  });

  it("recovery delays and risk choices are bounded", () => {
    expect(errorsOf({ recoveryWaitHours: "0" }).recoveryWaitHours).toMatch(/at least 1/);
    expect(errorsOf({ recoveryCooldownHours: "721" }).recoveryCooldownHours).toMatch(/at most 720/);
    expect(errorsOf({ risk_newDeviceAndNetwork: "maybe" }).risk_newDeviceAndNetwork).toMatch(/choose one/);
    expect(errorsOf({ risk_userAgentShift: "ignore" }).risk_userAgentShift).toMatch(/choose one/);
    expect(errorsOf({ signupMode: "closed" }).signupMode).toMatch(/choose one/);
    expect(errorsOf({ mfaPolicy: "always" }).mfaPolicy).toMatch(/choose one/);
    expect(problemsOf({ signupMode: "closed" })).toEqual({ signupMode: { problem: "choice" } });
    expect(errorsOf({ risk_userAgentShift: "ignore" })).toEqual({
      risk_userAgentShift: "Session's browser changed: choose one of the options.",
    });
  });
});
