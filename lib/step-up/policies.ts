// The step-up action table: which sensitive actions need what proof, and how recent. Every tenant
// gets the built-in actions; tenants add their own (a relying app asks for them by name). A tenant
// without a stored row for a built-in action uses the default below.
import type { TStepUpPolicyInput, TStore } from "../db/store";
import type { TStepUpMethod, TStepUpPolicy } from "./types";
import type { TDeps } from "../kernel/deps";
import { policyForUser } from "../organisations/policy";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";

export { STEP_UP_METHODS, type TStepUpMethod } from "./types";

export type TActionPolicy = {
  action: string;
  label: string;
  /** Required assurance level for a user who has a second factor. */
  minAal: 1 | 2 | 3;
  /** What a user without any second factor needs instead; null: minAal regardless. */
  singleFactorAal: 1 | 2 | 3 | null;
  maxAgeMinutes: number;
  /** Allowed methods; empty allows every method that reaches the level. */
  methods: TStepUpMethod[];
  /** A single-use elevation is consumed by the action it was granted for. */
  singleUse: boolean;
  builtIn: boolean;
};

/** The step-up action of an organisation administrator's delegated administration (lib/org-admin). */
export const ORG_MANAGE_ACTION = "org.manage";

const factorChange = (action: string, label: string): TActionPolicy => ({
  action,
  label,
  minAal: 2,
  singleFactorAal: 1,
  maxAgeMinutes: 5,
  methods: [],
  singleUse: false,
  builtIn: true,
});

/** Built-in actions and their defaults. */
export const BUILT_IN_ACTIONS: readonly TActionPolicy[] = [
  {
    action: "profile.update",
    label: "Update your profile",
    minAal: 1,
    singleFactorAal: 1,
    maxAgeMinutes: 30,
    methods: [],
    singleUse: false,
    builtIn: true,
  },
  {
    action: "email.change",
    label: "Change your email address",
    minAal: 2,
    singleFactorAal: 1,
    maxAgeMinutes: 5,
    methods: [],
    singleUse: true,
    builtIn: true,
  },
  factorChange("password.change", "Change your password"),
  factorChange("factor.add", "Add a sign-in method"),
  factorChange("factor.remove", "Remove a sign-in method"),
  factorChange("recovery_codes.regenerate", "Create new recovery codes"),
  factorChange("sessions.revoke_all", "Sign out everywhere else"),
  {
    // An organisation's administrator acting on other people's accounts: a second factor, proven
    // within minutes, whatever factors the administrator has (without one there is no way to it).
    action: ORG_MANAGE_ACTION,
    label: "Manage your organisation's members",
    minAal: 2,
    singleFactorAal: null,
    maxAgeMinutes: 5,
    methods: [],
    singleUse: false,
    builtIn: true,
  },
];

/** A custom action the demo tenant defines, used by the demo payout page. */
export const DEMO_CUSTOM_ACTIONS: readonly TActionPolicy[] = [
  {
    action: "payout.change",
    label: "Change where your payouts go",
    minAal: 2,
    singleFactorAal: null,
    maxAgeMinutes: 5,
    methods: ["passkey"],
    singleUse: true,
    builtIn: false,
  },
];

/**
 * Built-in actions an account can take only once its address is confirmed. Until then anyone could
 * have signed up with that address (pre-account hijacking): the account must not gain factors an
 * owner's reset would then have to prove, lose them, move to another address, or reach anything a
 * tenant guards with a custom action. Every custom action is on this list too.
 */
export const CONFIRMED_EMAIL_ACTIONS: readonly string[] = [
  "email.change",
  "factor.add",
  "factor.remove",
  "recovery_codes.regenerate",
  ORG_MANAGE_ACTION,
];

export function needsConfirmedEmail(policy: Pick<TActionPolicy, "action" | "builtIn">): boolean {
  return !policy.builtIn || CONFIRMED_EMAIL_ACTIONS.includes(policy.action);
}

function fromRow(row: TStepUpPolicy): TActionPolicy {
  const level = (n: number): 1 | 2 | 3 => (n >= 3 ? 3 : n <= 1 ? 1 : 2);
  return {
    action: row.action,
    label: row.label,
    minAal: level(row.minAal),
    singleFactorAal: row.singleFactorAal === null ? null : level(row.singleFactorAal),
    maxAgeMinutes: row.maxAgeMinutes,
    methods: row.methods,
    singleUse: row.singleUse,
    builtIn: row.builtIn,
  };
}

export function toPolicyInput(policy: TActionPolicy): TStepUpPolicyInput {
  return { ...policy, methods: [...policy.methods] };
}

/**
 * The step-up an app's sign-in request asks for (OpenID `acr_values`, an essential `acr` claim, the
 * client's registered minimum, or a fresh proof for `prompt=login` / `max_age`): a level and
 * nothing else. These are fixed, not tenant policies: a tenant cannot lower what `urn:portico:aal2`
 * means, and no stored row (nor a custom action of the same name) replaces them. The elevation is
 * the ordinary level-bound one (not single use), valid for five minutes like a factor change.
 */
export function appSignInAction(level: 1 | 2 | 3): string {
  return `oidc.aal${level}`;
}

const APP_SIGN_IN_ACTIONS: readonly TActionPolicy[] = ([1, 2, 3] as const).map((level) => ({
  action: appSignInAction(level),
  label: "Sign in to the app",
  minAal: level,
  singleFactorAal: null,
  maxAgeMinutes: 5,
  methods: [],
  singleUse: false,
  builtIn: true,
}));

/** The level an app sign-in action names, or null for every other action. */
export function appSignInLevel(action: string): 1 | 2 | 3 | null {
  return APP_SIGN_IN_ACTIONS.find((p) => p.action === action)?.minAal ?? null;
}

/** The tenant's policy for an action: its stored row, else the built-in default, else null (unknown action). */
export async function loadActionPolicy(
  store: Pick<TStore, "stepUpPolicies">,
  tenantId: string,
  action: string,
): Promise<TActionPolicy | null> {
  const fixed = APP_SIGN_IN_ACTIONS.find((p) => p.action === action);
  if (fixed) return fixed;
  const row = await store.stepUpPolicies.find(tenantId, action);
  if (row) return fromRow(row);
  return BUILT_IN_ACTIONS.find((p) => p.action === action) ?? null;
}

/**
 * The policy of an action for this user: the tenant's, tightened by their organisation's (a
 * higher level, a shorter maximum age: lib/organisations/policy.ts); the tenant's for a consumer.
 */
export async function memberActionPolicy(
  deps: Pick<TDeps, "store">,
  tenant: TTenant,
  user: Pick<TUser, "organisationId">,
  action: string,
): Promise<TActionPolicy | null> {
  const policy = await loadActionPolicy(deps.store, tenant.id, action);
  if (!policy || !user.organisationId || appSignInLevel(action) !== null) return policy;
  return (await policyForUser(deps, tenant, user, [policy])).stepUp[0] ?? policy;
}

export async function listActionPolicies(
  store: Pick<TStore, "stepUpPolicies">,
  tenantId: string,
): Promise<TActionPolicy[]> {
  const rows = (await store.stepUpPolicies.list(tenantId)).map(fromRow);
  const missing = BUILT_IN_ACTIONS.filter((b) => !rows.some((r) => r.action === b.action));
  return [...missing, ...rows];
}

/** Seeds the built-in actions (and optional custom ones) for a tenant; existing rows are kept. */
export async function seedActionPolicies(
  store: Pick<TStore, "stepUpPolicies">,
  tenantId: string,
  at: Date,
  custom: readonly TActionPolicy[] = [],
) {
  for (const policy of [...BUILT_IN_ACTIONS, ...custom])
    await store.stepUpPolicies.ensure(tenantId, toPolicyInput(policy), at);
}

/** Action names are part of the URL contract: lower-case words joined by dots or underscores. */
export function isActionName(value: unknown): value is string {
  return typeof value === "string" && /^[a-z][a-z0-9_]{0,39}(\.[a-z][a-z0-9_]{0,39}){0,3}$/.test(value);
}
