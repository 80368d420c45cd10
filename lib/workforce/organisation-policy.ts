// The console's organisation policy page: an organisation's tightening of its tenant's policy
// (MFA, allowed methods, minimum level, session lifetimes per level, stricter step-up per action),
// saved behind a fresh staff step-up and audited with the policy before and after, and "what a
// member gets": the effective policy (lib/organisations/policy.ts) in the page's terms.
import { AUDIT } from "../audit/catalog";
import { recordStaffAudit } from "../audit/events";
import { isFreshAuthority, STALE_STEP_UP, type TConsoleAuthority } from "../kernel/authority";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { fail, type TFailure } from "../kernel/outcome";
import { withTransaction } from "../kernel/transaction";
import { checkOrgPolicy, effectivePolicy, type TOrgPolicyRefusal } from "../organisations/policy";
import { ORG_POLICY } from "../organisations/policy-outcomes";
import { ORG_METHODS, type TOrganisation, type TOrgMethod, type TOrgPolicy } from "../organisations/types";
import { NIST_LIMITS, sessionLifetimes, type TLifetime } from "../sessions/lifetimes";
import type { STEP_UP } from "../step-up/outcomes";
import { listActionPolicies } from "../step-up/policies";
import type { TTenant } from "../tenancy/types";

const LEVELS = ["1", "2", "3"] as const;
type TLevel = (typeof LEVELS)[number];

/** The form as posted: every number a text ("" keeps the tenant's value). */
export type TOrgPolicyForm = {
  mfaRequired: boolean;
  methods: string[];
  minAal: string;
  limits: Record<TLevel, { absolute: string; idle: string }>;
  stepUp: { action: string; minAal: string; maxAge: string }[];
};

export type TMemberStepUp = {
  action: string;
  label: string;
  minAal: number;
  maxAgeMinutes: number;
  tightened: boolean;
};

/** What the page shows: the organisation, its form, and what a member of it gets (beside the tenant's). */
export type TOrgPolicyView = {
  organisation: Pick<TOrganisation, "id" | "slug" | "name">;
  policyUnreadable: boolean;
  form: TOrgPolicyForm;
  /** The methods the tenant allows (the only ones the organisation can keep). */
  tenantMethods: TOrgMethod[];
  member: {
    methods: TOrgMethod[];
    mfaPolicy: TTenant["mfaPolicy"];
    minAal: 1 | 2 | 3;
    lifetimes: Record<TLevel, TLifetime & { tightened: boolean }>;
    stepUp: TMemberStepUp[];
    tightened: { mfa: boolean; methods: boolean; minAal: boolean };
  };
  tenantLifetimes: Record<TLevel, TLifetime>;
};

const methodsOf = (t: Pick<TTenant, "allowPassword" | "allowPasskey" | "allowTotp">): TOrgMethod[] =>
  ORG_METHODS.filter((m) => ({ password: t.allowPassword, passkey: t.allowPasskey, totp: t.allowTotp })[m]);

function formOf(policy: TOrgPolicy, tenantMethods: TOrgMethod[], actions: string[]): TOrgPolicyForm {
  const text = (n: number | null | undefined) => (typeof n === "number" ? String(n) : "");
  return {
    mfaRequired: policy.mfaRequired === true,
    methods: policy.methods ? tenantMethods.filter((m) => policy.methods?.includes(m)) : tenantMethods,
    minAal: String(policy.minAal ?? 1),
    limits: Object.fromEntries(
      LEVELS.map((level) => [
        level,
        {
          absolute: text(policy.sessionLimits?.[level]?.absoluteMinutes),
          idle: text(policy.sessionLimits?.[level]?.idleMinutes),
        },
      ]),
    ) as TOrgPolicyForm["limits"],
    stepUp: actions.map((action) => ({
      action,
      minAal: text(policy.stepUp?.[action]?.minAal),
      maxAge: text(policy.stepUp?.[action]?.maxAgeMinutes),
    })),
  };
}

async function loadOrganisation(deps: TDeps, tenant: TTenant, slug: string) {
  return /^[a-z0-9-]{1,64}$/.test(slug) ? deps.store.organisations.findBySlug(tenant.id, slug) : null;
}

/** The organisation policy page's data; NOT_FOUND for a slug no organisation of the tenant has. */
export async function organisationPolicyView(
  deps: TDeps,
  tenant: TTenant,
  slug: string,
): Promise<{ ok: true; value: TOrgPolicyView } | TFailure<typeof ORG_POLICY, "NOT_FOUND">> {
  const organisation = await loadOrganisation(deps, tenant, slug);
  if (!organisation) return fail(ORG_POLICY, "NOT_FOUND");
  const actions = await listActionPolicies(deps.store, tenant.id);
  const policy: TOrgPolicy = organisation.policyUnreadable ? { mfaRequired: true } : organisation.policy;
  const effective = effectivePolicy(tenant, { ...organisation, policy }, actions);
  const tenantMethods = methodsOf(tenant);
  const lifetimes = (t: TTenant) =>
    Object.fromEntries(LEVELS.map((level) => [level, sessionLifetimes(t, Number(level))])) as Record<TLevel, TLifetime>;
  const tenantLifetimes = lifetimes(tenant);
  const memberLifetimes = lifetimes(effective.tenant);
  return {
    ok: true,
    value: {
      organisation: { id: organisation.id, slug: organisation.slug, name: organisation.name },
      policyUnreadable: organisation.policyUnreadable,
      form: formOf(
        policy,
        tenantMethods,
        actions.map((a) => a.action),
      ),
      tenantMethods,
      tenantLifetimes,
      member: {
        methods: methodsOf(effective.tenant),
        mfaPolicy: effective.tenant.mfaPolicy,
        minAal: effective.minAal,
        lifetimes: Object.fromEntries(
          LEVELS.map((level) => {
            const mine = memberLifetimes[level];
            const theirs = tenantLifetimes[level];
            return [
              level,
              {
                ...mine,
                tightened: mine.absoluteMinutes !== theirs.absoluteMinutes || mine.idleMinutes !== theirs.idleMinutes,
              },
            ];
          }),
        ) as TOrgPolicyView["member"]["lifetimes"],
        stepUp: effective.stepUp.map((p) => ({
          action: p.action,
          label: p.label,
          minAal: p.minAal,
          maxAgeMinutes: p.maxAgeMinutes,
          tightened: effective.tightened.stepUp.includes(p.action),
        })),
        tightened: {
          mfa: effective.tightened.mfa,
          methods: effective.tightened.methodsRemoved.length > 0,
          minAal: effective.tightened.minAal,
        },
      },
    },
  };
}

const NUMBER = /^\d{1,7}$/;

/** The form as a policy: "" keeps the tenant's value; a non-number is refused by name. */
function policyOfForm(
  form: TOrgPolicyForm,
  tenantMethods: TOrgMethod[],
): { ok: true; policy: Record<string, unknown> } | TFailure<typeof ORG_POLICY, "INVALID"> {
  const invalid = (field: string) => fail(ORG_POLICY, "INVALID", { field });
  const num = (value: string): number | undefined | null => {
    const v = value.trim();
    if (v === "") return undefined;
    return NUMBER.test(v) ? Number(v) : null;
  };
  const methods = ORG_METHODS.filter((m) => form.methods.includes(m));
  if (form.methods.some((m) => !(ORG_METHODS as readonly string[]).includes(m))) return invalid("methods");
  const minAal = num(form.minAal);
  if (minAal === null) return invalid("minAal");
  const sessionLimits: Record<string, Record<string, number>> = {};
  for (const level of LEVELS) {
    const absolute = num(form.limits[level].absolute);
    const idle = num(form.limits[level].idle);
    if (absolute === null) return invalid(`aal${level}Absolute`);
    if (idle === null) return invalid(`aal${level}Idle`);
    // A limit above the NIST cap would change nothing: refused, so the page never shows a promise it does not keep.
    if (absolute !== undefined && absolute > NIST_LIMITS[Number(level) as 1 | 2 | 3].absoluteMinutes)
      return invalid(`aal${level}Absolute`);
    if (absolute !== undefined || idle !== undefined)
      sessionLimits[level] = {
        ...(absolute !== undefined ? { absoluteMinutes: absolute } : {}),
        ...(idle !== undefined ? { idleMinutes: idle } : {}),
      };
  }
  const stepUp: Record<string, Record<string, number>> = {};
  for (const row of form.stepUp) {
    const level = num(row.minAal);
    const maxAge = num(row.maxAge);
    if (level === null || maxAge === null) return invalid(`stepUp.${row.action}`);
    if (level !== undefined || maxAge !== undefined)
      stepUp[row.action] = {
        ...(level !== undefined && level > 1 ? { minAal: level } : {}),
        ...(maxAge !== undefined ? { maxAgeMinutes: maxAge } : {}),
      };
  }
  // Keeping every method the tenant allows is no restriction: nothing is stored, so a method the
  // tenant allows later is the members' too.
  const restricts = tenantMethods.some((m) => !methods.includes(m));
  return {
    ok: true,
    policy: {
      ...(form.mfaRequired ? { mfaRequired: true } : {}),
      ...(restricts ? { methods } : {}),
      ...(minAal !== undefined && minAal > 1 ? { minAal } : {}),
      ...(Object.keys(sessionLimits).length > 0 ? { sessionLimits } : {}),
      ...(Object.keys(stepUp).length > 0 ? { stepUp } : {}),
    },
  };
}

export type TSaveOrgPolicyResult =
  | { ok: true; changed: boolean; policy: TOrgPolicy }
  | TOrgPolicyRefusal
  | TFailure<typeof ORG_POLICY, "NOT_FOUND">
  | TFailure<typeof STEP_UP, "STAFF_REQUIRED">;

/** Saves an organisation's tightening, behind a fresh step-up; audited with the policy before and after. */
export async function saveOrganisationPolicy(
  deps: TDeps,
  input: { authority: TConsoleAuthority; slug: string; form: TOrgPolicyForm; meta: TRequestMeta },
): Promise<TSaveOrgPolicyResult> {
  if (!isFreshAuthority(input.authority, deps.now())) return STALE_STEP_UP;
  const { tenant, staffId } = input.authority;
  const organisation = await loadOrganisation(deps, tenant, input.slug);
  if (!organisation) return fail(ORG_POLICY, "NOT_FOUND");
  const actions = (await listActionPolicies(deps.store, tenant.id)).map((a) => a.action);
  const fromForm = policyOfForm(input.form, methodsOf(tenant));
  if (!fromForm.ok) return fromForm;
  const checked = checkOrgPolicy(tenant, fromForm.policy, actions);
  if (!checked.ok) return checked;
  const before = organisation.policyUnreadable ? {} : organisation.policy;
  const after = checked.policy;
  if (JSON.stringify(before) === JSON.stringify(after) && !organisation.policyUnreadable)
    return { ok: true, changed: false, policy: after };
  await withTransaction(deps, async (txDeps) => {
    await txDeps.store.organisations.setPolicy(tenant.id, organisation.id, after);
    await recordStaffAudit(txDeps.store, {
      staffId,
      tenantId: tenant.id,
      type: AUDIT.organisationPolicyChanged,
      meta: input.meta,
      data: { organisationId: organisation.id, before, after },
      at: deps.now(),
    });
  });
  return { ok: true, changed: true, policy: after };
}
