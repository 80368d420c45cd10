// The effective policy of an organisation's member never loosens the tenant's: checked over every
// combination of tenant methods and MFA policy with a few hundred organisation policies drawn from
// a seeded generator (the same ones on every run), plus the save-time refusals.
import { describe, expect, it } from "vitest";
import { DEFAULT_RISK_POLICY } from "../risk/types";
import { sessionLifetimes } from "../sessions/lifetimes";
import { MFA_POLICIES, type TMfaPolicy, type TTenant } from "../tenancy/types";
import { checkOrgPolicy, effectivePolicy, type TTightenable } from "./policy";
import { ORG_METHODS, type TOrgPolicy } from "./types";

const NOW = new Date("2026-01-01T00:00:00Z");
const baseTenant: TTenant = {
  id: "tenant-1",
  slug: "globex",
  name: "Globex",
  tagline: null,
  logoUrl: null,
  primaryColor: "#123456",
  brandTextColor: null,
  accentColor: null,
  supportEmail: null,
  minPasswordLength: 12,
  signupMode: "invite_only",
  sessionIdleMinutes: null,
  sessionAbsoluteMinutes: 30 * 24 * 60,
  lockoutThreshold: 10,
  lockoutMinutes: 15,
  permanentLockoutThreshold: 100,
  mfaPolicy: "optional",
  allowPassword: true,
  allowPasskey: true,
  allowTotp: true,
  sessionLimits: { "2": { absoluteMinutes: 600, idleMinutes: 30 } },
  riskPolicy: DEFAULT_RISK_POLICY,
  recoveryWaitHours: 24,
  recoveryCooldownHours: 24,
  requireVerifiedEmail: true,
  requireAttestation: false,
  attestationRoots: [],
  createdAt: NOW,
  updatedAt: NOW,
};

/** A small deterministic generator (mulberry32), so a failure names a reproducible case. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACTIONS: TTightenable[] = [
  { action: "email.change", minAal: 2, singleFactorAal: 1, maxAgeMinutes: 10 },
  { action: "payout.change", minAal: 2, singleFactorAal: null, maxAgeMinutes: 5 },
  { action: "profile.update", minAal: 1, singleFactorAal: null, maxAgeMinutes: 60 },
];

function orgPolicyFrom(next: () => number): TOrgPolicy {
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)] as T;
  const maybe = <T>(value: () => T) => (next() < 0.5 ? value() : undefined);
  const level = () => ({
    absoluteMinutes: maybe(() => 5 + Math.floor(next() * 50_000)),
    idleMinutes: maybe(() => (next() < 0.2 ? null : 1 + Math.floor(next() * 2000))),
  });
  return {
    mfaRequired: maybe(() => next() < 0.5),
    methods: maybe(() => ORG_METHODS.filter(() => next() < 0.6)),
    minAal: maybe(() => pick([1, 2, 3] as const)),
    sessionLimits: maybe(() => ({ "1": maybe(level), "2": maybe(level), "3": maybe(level) })),
    stepUp: maybe(() =>
      Object.fromEntries(
        ACTIONS.filter(() => next() < 0.5).map((a) => [
          a.action,
          { minAal: maybe(() => pick([1, 2, 3] as const)), maxAgeMinutes: maybe(() => 1 + Math.floor(next() * 1440)) },
        ]),
      ),
    ),
  };
}

const strictness: Record<TMfaPolicy, number> = { off: 0, optional: 1, required: 2 };
const idleOrInfinity = (idle: number | null) => idle ?? Number.POSITIVE_INFINITY;

describe("an organisation's policy", () => {
  it("never loosens the tenant's policy: every effective value is at least as strict as the tenant's", () => {
    const next = random(15);
    let checked = 0;
    for (const mfaPolicy of MFA_POLICIES)
      for (const mask of [0, 1, 2, 3, 4, 5, 6, 7]) {
        const tenant: TTenant = {
          ...baseTenant,
          mfaPolicy,
          allowPassword: (mask & 1) !== 0,
          allowPasskey: (mask & 2) !== 0,
          allowTotp: (mask & 4) !== 0,
          sessionIdleMinutes: mask % 3 === 0 ? null : 120,
        };
        for (let i = 0; i < 40; i++) {
          const policy = orgPolicyFrom(next);
          const member = effectivePolicy(tenant, { id: "o", slug: "initech", name: "Initech", policy }, ACTIONS);
          const eff = member.tenant;
          expect(strictness[eff.mfaPolicy]).toBeGreaterThanOrEqual(strictness[tenant.mfaPolicy]);
          if (eff.allowPassword) expect(tenant.allowPassword).toBe(true);
          if (eff.allowPasskey) expect(tenant.allowPasskey).toBe(true);
          if (eff.allowTotp) expect(tenant.allowTotp).toBe(true);
          expect(member.minAal).toBeGreaterThanOrEqual(1);
          if (member.minAal >= 2) expect(eff.mfaPolicy).toBe("required");
          for (const aal of [1, 2, 3]) {
            const before = sessionLifetimes(tenant, aal);
            const after = sessionLifetimes(eff, aal);
            expect(after.absoluteMinutes).toBeLessThanOrEqual(before.absoluteMinutes);
            expect(idleOrInfinity(after.idleMinutes)).toBeLessThanOrEqual(idleOrInfinity(before.idleMinutes));
          }
          ACTIONS.forEach((base, index) => {
            const tightened = member.stepUp[index];
            expect(tightened?.action).toBe(base.action);
            expect(tightened?.minAal).toBeGreaterThanOrEqual(base.minAal);
            expect(tightened?.maxAgeMinutes).toBeLessThanOrEqual(base.maxAgeMinutes);
            expect(tightened?.singleFactorAal ?? tightened?.minAal).toBeGreaterThanOrEqual(
              base.singleFactorAal ?? base.minAal,
            );
          });
          // Everything the tenant does not decide per member is the tenant's own.
          expect({ ...eff, mfaPolicy: 0, allowPassword: 0, allowPasskey: 0, allowTotp: 0, sessionLimits: 0 }).toEqual({
            ...tenant,
            mfaPolicy: 0,
            allowPassword: 0,
            allowPasskey: 0,
            allowTotp: 0,
            sessionLimits: 0,
          });
          checked++;
        }
      }
    expect(checked).toBe(3 * 8 * 40);
  });

  it("gives a consumer (no organisation) the tenant's policy unchanged", () => {
    const consumer = effectivePolicy(baseTenant, null, ACTIONS);
    expect(consumer.tenant).toBe(baseTenant);
    expect(consumer.minAal).toBe(1);
    expect(consumer.stepUp).toEqual(ACTIONS);
  });

  it("turns a passkeys-only, level-2 organisation into a member policy without passwords or apps", () => {
    const member = effectivePolicy(
      baseTenant,
      { id: "o", slug: "initech", name: "Initech", policy: { methods: ["passkey"], minAal: 2 } },
      ACTIONS,
    );
    expect(member.tenant).toMatchObject({
      mfaPolicy: "required",
      allowPassword: false,
      allowPasskey: true,
      allowTotp: false,
    });
    expect(member.minAal).toBe(2);
    expect(member.tightened).toMatchObject({ mfa: true, methodsRemoved: ["password", "totp"], minAal: true });
  });

  it("refuses, at save time, a policy that leaves members without a first factor the tenant allows", () => {
    const noPasskeys = { ...baseTenant, allowPasskey: false };
    expect(checkOrgPolicy(noPasskeys, { methods: ["passkey"] }, [])).toMatchObject({
      ok: false,
      module: "org_policy",
      code: "NO_FIRST_FACTOR",
    });
    expect(checkOrgPolicy(baseTenant, { methods: ["totp"] }, [])).toMatchObject({ code: "NO_FIRST_FACTOR" });
    expect(checkOrgPolicy(baseTenant, { methods: [] }, [])).toMatchObject({ code: "NO_FIRST_FACTOR" });
  });

  it("refuses a level or second factor that no allowed method reaches", () => {
    const passwordsOnly = { ...baseTenant, allowPasskey: false, allowTotp: false };
    expect(checkOrgPolicy(passwordsOnly, { mfaRequired: true }, [])).toMatchObject({
      code: "LEVEL_UNREACHABLE",
      params: { level: 2 },
    });
    expect(checkOrgPolicy(baseTenant, { minAal: 3 }, [])).toMatchObject({
      code: "LEVEL_UNREACHABLE",
      params: { level: 3 },
    });
    expect(checkOrgPolicy({ ...baseTenant, requireAttestation: true }, { minAal: 3 }, [])).toMatchObject({ ok: true });
    expect(checkOrgPolicy(baseTenant, { methods: ["passkey"], mfaRequired: true }, [])).toMatchObject({ ok: true });
  });

  it("refuses step-up overrides for actions the tenant does not have, and values out of range", () => {
    expect(checkOrgPolicy(baseTenant, { stepUp: { "made.up": { minAal: 2 } } }, ["email.change"])).toMatchObject({
      code: "INVALID",
      params: { field: "stepUp.made.up" },
    });
    expect(checkOrgPolicy(baseTenant, { minAal: 7 }, [])).toMatchObject({
      code: "INVALID",
      params: { field: "minAal" },
    });
  });
});
