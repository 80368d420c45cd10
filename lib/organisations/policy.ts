// The effective policy of a member of an organisation: the tenant's policy, tightened by the
// organisation's (Organisation.policy), computed here and nowhere else. Sign-in (password, passkey,
// second factor, the emailed code, enrolment), session lifetimes, step-up and the OpenID Provider
// all read the member's policy through `policyForUser`; a consumer (no organisation) gets the
// tenant's policy unchanged.
//
// Tightening only: every rule below takes the stricter of the two values, so an organisation's
// policy can never make a member's sign-in or session weaker than the tenant's
// (policy.security.test.ts proves it over many combinations):
//
//   mfaPolicy      "required" when the organisation requires a second factor or a level ≥ 2,
//                  else the tenant's
//   allow*         the tenant's method, and only if the organisation lists it (when it lists some)
//   minAal         the highest of 1, the organisation's minAal, and 2 when it requires MFA
//   sessionLimits  per level, the shorter absolute and idle limit of the two (a longer one, or
//                  "no idle limit", changes nothing; the NIST caps still apply on top)
//   step-up        per action, the higher level and the shorter maximum age of the proof
import type { TDeps } from "../kernel/deps";
import { fail, type TFailure } from "../kernel/outcome";
import type { TSessionLimits } from "../sessions/types";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";
import { ORG_POLICY } from "./policy-outcomes";
import { ORG_METHODS, ZOrgPolicySchema, type TOrganisation, type TOrgMethod, type TOrgPolicy } from "./types";

export type TAal = 1 | 2 | 3;
const LEVELS = ["1", "2", "3"] as const;
export type TLevelKey = (typeof LEVELS)[number];

/** The fields of a step-up action policy that an organisation may tighten. */
export type TTightenable = { action: string; minAal: TAal; singleFactorAal: TAal | null; maxAgeMinutes: number };

export type TTightened = {
  /** The organisation made a second factor required where the tenant did not. */
  mfa: boolean;
  /** Methods the tenant allows that the organisation does not. */
  methodsRemoved: TOrgMethod[];
  /** The organisation raised the minimum sign-in level above 1. */
  minAal: boolean;
  /** Levels whose absolute or idle limit the organisation shortened. */
  sessionLimits: TLevelKey[];
  /** Actions whose level or maximum age the organisation tightened. */
  stepUp: string[];
};

export type TEffectivePolicy<P extends TTightenable = TTightenable> = {
  /** The tenant as a member sees it: mfaPolicy, methods and session limits tightened. */
  tenant: TTenant;
  /** The lowest level a sign-in completes at (and an app's token is issued at). */
  minAal: TAal;
  organisation: Pick<TOrganisation, "id" | "slug" | "name"> | null;
  /** The organisation's tightening as it is applied (for step-up actions: `tightenActionPolicy`). */
  orgPolicy: TOrgPolicy;
  /** The tenant's step-up policies, tightened (only those passed in). */
  stepUp: P[];
  tightened: TTightened;
};

const maxAal = (...levels: number[]): TAal => {
  const top = Math.max(...levels);
  return top >= 3 ? 3 : top === 2 ? 2 : 1;
};

const shorter = (a: number | null | undefined, b: number | null | undefined): number | null | undefined => {
  if (typeof a === "number" && typeof b === "number") return Math.min(a, b);
  if (typeof b === "number") return b;
  return a;
};

type TMerged = { limits: TSessionLimits; changed: TLevelKey[] };

function mergeLimits(tenant: TSessionLimits, org: TSessionLimits | undefined): TMerged {
  const limits: TSessionLimits = { ...tenant };
  const changed: TLevelKey[] = [];
  for (const level of LEVELS) {
    const own = org?.[level];
    if (!own) continue;
    const base = tenant[level] ?? {};
    const absoluteMinutes = shorter(base.absoluteMinutes, own.absoluteMinutes) ?? undefined;
    // An organisation's "no idle limit" (null) is not stricter than a number: it changes nothing.
    const idleMinutes = shorter(base.idleMinutes, own.idleMinutes ?? undefined);
    if (absoluteMinutes !== base.absoluteMinutes || idleMinutes !== base.idleMinutes) changed.push(level);
    limits[level] = {
      ...(absoluteMinutes !== undefined ? { absoluteMinutes } : {}),
      ...(idleMinutes !== undefined ? { idleMinutes } : {}),
    };
  }
  return { limits, changed };
}

/** The organisation's minimum sign-in level (2 when it requires a second factor). */
export function orgMinAal(policy: TOrgPolicy): TAal {
  return maxAal(1, policy.minAal ?? 1, policy.mfaRequired ? 2 : 1);
}

/** One step-up action's policy for a member: the higher level and the shorter maximum age. */
export function tightenActionPolicy<P extends TTightenable>(policy: P, org: TOrgPolicy): P {
  const own = org.stepUp?.[policy.action];
  if (!own) return policy;
  const level = own.minAal ?? 1;
  return {
    ...policy,
    minAal: maxAal(policy.minAal, level),
    singleFactorAal: policy.singleFactorAal === null ? null : maxAal(policy.singleFactorAal, level),
    maxAgeMinutes: Math.min(policy.maxAgeMinutes, own.maxAgeMinutes ?? policy.maxAgeMinutes),
  };
}

const allows = (org: TOrgPolicy, method: TOrgMethod) => org.methods === undefined || org.methods.includes(method);

/**
 * The effective policy of a member of `organisation` (null: a consumer, who gets the tenant's).
 * Pure: the same inputs always give the same policy.
 */
export function effectivePolicy<P extends TTightenable>(
  tenant: TTenant,
  organisation: Pick<TOrganisation, "id" | "slug" | "name" | "policy"> | null,
  stepUpPolicies: readonly P[] = [],
): TEffectivePolicy<P> {
  if (!organisation) {
    return {
      tenant,
      minAal: 1,
      organisation: null,
      orgPolicy: {},
      stepUp: [...stepUpPolicies],
      tightened: { mfa: false, methodsRemoved: [], minAal: false, sessionLimits: [], stepUp: [] },
    };
  }
  const org = organisation.policy;
  const minAal = orgMinAal(org);
  const mfaPolicy = minAal >= 2 ? "required" : tenant.mfaPolicy;
  const allowPassword = tenant.allowPassword && allows(org, "password");
  const allowPasskey = tenant.allowPasskey && allows(org, "passkey");
  const allowTotp = tenant.allowTotp && allows(org, "totp");
  const { limits, changed } = mergeLimits(tenant.sessionLimits, org.sessionLimits);
  const stepUp = stepUpPolicies.map((p) => tightenActionPolicy(p, org));
  const tenantAllows: Record<TOrgMethod, boolean> = {
    password: tenant.allowPassword,
    passkey: tenant.allowPasskey,
    totp: tenant.allowTotp,
  };
  const memberAllows: Record<TOrgMethod, boolean> = { password: allowPassword, passkey: allowPasskey, totp: allowTotp };
  return {
    tenant: { ...tenant, mfaPolicy, allowPassword, allowPasskey, allowTotp, sessionLimits: limits },
    minAal,
    organisation: { id: organisation.id, slug: organisation.slug, name: organisation.name },
    orgPolicy: org,
    stepUp,
    tightened: {
      mfa: mfaPolicy !== tenant.mfaPolicy,
      methodsRemoved: ORG_METHODS.filter((m) => tenantAllows[m] && !memberAllows[m]),
      minAal: minAal > 1,
      sessionLimits: changed,
      stepUp: stepUpPolicies
        .filter((before) => {
          const after = tightenActionPolicy(before, org);
          return (
            after.minAal !== before.minAal ||
            after.singleFactorAal !== before.singleFactorAal ||
            after.maxAgeMinutes !== before.maxAgeMinutes
          );
        })
        .map((p) => p.action),
    },
  };
}

export type TOrgPolicyRefusal = TFailure<typeof ORG_POLICY, "INVALID" | "NO_FIRST_FACTOR" | "LEVEL_UNREACHABLE">;

/**
 * Whether an organisation may save `policy` at `tenant`: it must parse, name only the tenant's
 * step-up actions, and leave members a first factor and a way to reach the level it requires.
 * (A policy that would leave members with no way in is refused here, not discovered at sign-in.)
 */
export function checkOrgPolicy(
  tenant: TTenant,
  policy: unknown,
  actions: readonly string[],
): { ok: true; policy: TOrgPolicy } | TOrgPolicyRefusal {
  const parsed = ZOrgPolicySchema.safeParse(policy);
  if (!parsed.success) return fail(ORG_POLICY, "INVALID", { field: String(parsed.error.issues[0]?.path[0] ?? "") });
  const value = parsed.data;
  for (const action of Object.keys(value.stepUp ?? {}))
    if (!actions.includes(action)) return fail(ORG_POLICY, "INVALID", { field: `stepUp.${action}` });
  const member = effectivePolicy(tenant, { id: "", slug: "", name: "", policy: value });
  const { allowPassword, allowPasskey, allowTotp } = member.tenant;
  if (!allowPassword && !allowPasskey) return fail(ORG_POLICY, "NO_FIRST_FACTOR");
  // Level 2: a passkey with user verification, or a password with an authenticator app.
  if (member.minAal >= 2 && !allowPasskey && !(allowPassword && allowTotp))
    return fail(ORG_POLICY, "LEVEL_UNREACHABLE", { level: 2 });
  // Level 3 needs an attested hardware passkey, which only a tenant checking attestation has.
  if (member.minAal >= 3 && !(allowPasskey && tenant.requireAttestation))
    return fail(ORG_POLICY, "LEVEL_UNREACHABLE", { level: 3 });
  return { ok: true, policy: value };
}

/**
 * The effective policy of `user` at `tenant`: the tenant's for a consumer, tightened by their
 * organisation's for a member. A stored organisation policy that no longer parses fails closed:
 * the member is held to a second factor rather than to less than the organisation asked.
 */
export async function policyForUser<P extends TTightenable>(
  deps: Pick<TDeps, "store">,
  tenant: TTenant,
  user: Pick<TUser, "organisationId">,
  stepUpPolicies: readonly P[] = [],
): Promise<TEffectivePolicy<P>> {
  if (!user.organisationId) return effectivePolicy(tenant, null, stepUpPolicies);
  const organisation = await deps.store.organisations.findById(tenant.id, user.organisationId);
  if (!organisation) return effectivePolicy(tenant, null, stepUpPolicies);
  const policy: TOrgPolicy = organisation.policyUnreadable ? { mfaRequired: true } : organisation.policy;
  return effectivePolicy(tenant, { ...organisation, policy }, stepUpPolicies);
}

/** The tenant as `user` sees it (their organisation's tightening applied). */
export async function tenantForUser(
  deps: Pick<TDeps, "store">,
  tenant: TTenant,
  user: Pick<TUser, "organisationId">,
): Promise<TTenant> {
  return user.organisationId ? (await policyForUser(deps, tenant, user)).tenant : tenant;
}
