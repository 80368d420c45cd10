// The step-up module's entry points. `assertStepUp` guards every sensitive action: it passes when
// the session's own sign-in, or a recent elevation of this session, covers the action's policy,
// and otherwise fails with a typed "step-up required" result naming the action, the level and the
// methods that would do. `grantStepUp` records a successful step-up as a short-lived elevation
// bound to the user, the session and the action (or level); it never raises the session itself.
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TStepUpGrant } from "../db/store";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { looksAutomated } from "../risk/context";
import { decideAction } from "../risk/decide";
import { riskPolicyOf } from "../risk/policy";
import { isRecentlyRecovered } from "../risk/cool-down";
import { credentialsRecentlyChanged } from "../risk/sign-in-risk";
import { methodTimesOf } from "../sessions/recent-proof";
import { isAt } from "../sessions/sign-in-stage";
import { hasSecondFactor, loadAuthenticators } from "../identity/authenticators";
import {
  ANY_ACTION,
  elevationAal,
  methodsToOffer,
  requiredAal,
  sessionSatisfies,
  usableGrant,
  type TSessionProof,
  type TStepUpProof,
} from "./evaluate";
import { fail, type TFailure } from "../kernel/outcome";
import { STEP_UP } from "./outcomes";
import { memberActionPolicy, needsConfirmedEmail, type TActionPolicy } from "./policies";
import { tenantForUser } from "../organisations/policy";
import type { TSession } from "../sessions/types";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";

export type TAuth = { session: TSession; user: TUser };

export type TStepUpOk = { ok: true; policy: TActionPolicy; via: "session" | "elevation"; grant: TStepUpGrant | null };
export type TStepUpRequired = TFailure<typeof STEP_UP, "REQUIRED">;
export type TStepUpDenied = TFailure<typeof STEP_UP, "BLOCKED" | "UNKNOWN_ACTION" | "NO_METHOD" | "EMAIL_NOT_VERIFIED">;
export type TStepUpCheck = TStepUpOk | TStepUpRequired | TStepUpDenied;

export function sessionProofOf(session: TSession): TSessionProof {
  return {
    aal: session.aal,
    amr: session.amr,
    methodTimes: methodTimesOf(session),
    downgradedAt: session.downgradedAt,
  };
}

/** Decides whether `action` may run now for this session, without changing anything. */
export async function checkStepUp(
  deps: TDeps,
  tenantOfRequest: TTenant,
  auth: TAuth,
  action: string,
  meta: TRequestMeta | null,
): Promise<TStepUpCheck> {
  const now = deps.now();
  // A member is held to their organisation's policy: its methods and its stricter step-up.
  const tenant = await tenantForUser(deps, tenantOfRequest, auth.user);
  const basePolicy = await memberActionPolicy(deps, tenant, auth.user, action);
  if (!basePolicy) return fail(STEP_UP, "UNKNOWN_ACTION", { action });
  // No proof of any strength makes up for an address nobody has confirmed (see policies.ts).
  if (auth.user.emailVerifiedAt === null && needsConfirmedEmail(basePolicy)) {
    return fail(STEP_UP, "EMAIL_NOT_VERIFIED", { label: basePolicy.label });
  }
  const authenticators = await loadAuthenticators(deps.store, tenant, auth.user.id);
  const risk = riskPolicyOf(tenant);
  const decision = decideAction(
    {
      recentlyRecovered: isRecentlyRecovered(auth.user, tenant, now),
      credentialsRecentlyChanged: credentialsRecentlyChanged(auth.user, risk.credentialsChangedHours, now),
      automatedUserAgent: meta !== null && looksAutomated(meta.userAgent),
    },
    risk,
    basePolicy,
  );
  if (decision.decision === "block") {
    return fail(STEP_UP, "BLOCKED", { action, label: basePolicy.label, cooldownHours: tenant.recoveryCooldownHours });
  }
  const policy: TActionPolicy = decision.passkeyOnly
    ? { ...basePolicy, minAal: Math.max(basePolicy.minAal, 2) as 2 | 3, methods: ["passkey"] }
    : basePolicy;
  const required = requiredAal(policy, hasSecondFactor(authenticators));
  const proof = sessionProofOf(auth.session);
  if (!decision.freshProofOnly && sessionSatisfies(policy, required, proof, now))
    return { ok: true, policy, via: "session", grant: null };
  const grants = await deps.store.stepUpGrants.listUsable(
    tenant.id,
    auth.user.id,
    auth.session.id,
    policy.singleUse ? policy.action : ANY_ACTION,
    now,
  );
  const grant = usableGrant(policy, required, grants, proof, now);
  if (grant) return { ok: true, policy, via: "elevation", grant };
  const offer = methodsToOffer(policy, required, authenticators, proof);
  if (offer.length === 0) return fail(STEP_UP, "NO_METHOD", { action, label: policy.label, methods: policy.methods });
  return fail(STEP_UP, "REQUIRED", { action, label: policy.label, requiredAal: required, methods: offer, used: false });
}

/**
 * For sensitive actions, inside the transaction that makes the change: checks again and uses up a
 * single-use elevation, so two concurrent requests cannot both spend one step-up. `txDeps`: the
 * deps bound to that transaction (`withTransaction`).
 */
export async function assertStepUp(
  txDeps: TDeps,
  tenant: TTenant,
  auth: TAuth,
  action: string,
  meta: TRequestMeta,
): Promise<TStepUpCheck> {
  const check = await checkStepUp(txDeps, tenant, auth, action, meta);
  if (!check.ok) {
    if (check.code === "BLOCKED")
      await recordAudit(txDeps.store, {
        tenantId: tenant.id,
        userId: auth.user.id,
        type: AUDIT.stepUpBlocked,
        meta,
        data: { action, reasons: ["recently_recovered"] },
        at: txDeps.now(),
      });
    return check;
  }
  if (check.grant && check.policy.singleUse) {
    if (!(await txDeps.store.stepUpGrants.consume(tenant.id, check.grant.id, txDeps.now()))) {
      return fail(STEP_UP, "REQUIRED", {
        action,
        label: check.policy.label,
        requiredAal: check.grant.aal as 1 | 2 | 3,
        methods: [],
        used: true,
      });
    }
  }
  return check;
}

/**
 * Records a successful step-up: an elevation valid for the action's maximum age, and the audit
 * event. The caller rotates the session token.
 *
 * The elevation is only ever the grant it is: bound to the action (single use) or to the level
 * reached, with its own expiry. It never writes a proof time into the session: the session's
 * method times are what its sign-in proved, and `sessionSatisfies` treats them as fresh proofs for
 * every action. A code typed for one email change must not make the whole session look freshly
 * signed in at AAL2 (new recovery codes, app removed, more email changes).
 */
export async function grantStepUp(
  txDeps: TDeps,
  input: {
    tenant: TTenant;
    auth: TAuth;
    policy: TActionPolicy;
    proof: TStepUpProof;
    meta: TRequestMeta;
    detail?: Record<string, unknown>;
  },
): Promise<{ grant: TStepUpGrant; aal: number }> {
  const now = txDeps.now();
  const { tenant, auth, policy, proof } = input;
  const aal = elevationAal(proof, sessionProofOf(auth.session));
  const grant = await txDeps.store.stepUpGrants.create({
    tenantId: tenant.id,
    userId: auth.user.id,
    sessionId: auth.session.id,
    action: policy.singleUse ? policy.action : ANY_ACTION,
    aal,
    method: proof.method,
    expiresAt: new Date(now.getTime() + policy.maxAgeMinutes * 60_000),
    at: now,
  });
  await recordAudit(txDeps.store, {
    tenantId: tenant.id,
    userId: auth.user.id,
    type: AUDIT.stepUpSucceeded,
    meta: input.meta,
    data: {
      action: policy.action,
      method: proof.method,
      aal,
      grantId: grant.id,
      expiresAt: grant.expiresAt.toISOString(),
      singleUse: policy.singleUse,
      ...input.detail,
    },
    at: now,
  });
  return { grant, aal };
}

/**
 * The guard for sign-in method changes. During the enrolment a tenant requires right after the
 * password step, that fresh (10-minute) sign-in is the proof for adding the first factor.
 */
export type TFactorChangeRefusal = TStepUpFailure | TFailure<typeof STEP_UP, "SETUP_UNFINISHED">;

export async function factorChangeGate(
  deps: TDeps,
  tenant: TTenant,
  auth: TAuth,
  action: "factor.add" | "factor.remove" | "recovery_codes.regenerate",
  meta: TRequestMeta | null,
): Promise<{ ok: true } | TFactorChangeRefusal> {
  if (isAt(auth.session, "enrol_factor")) {
    // The enrolment a tenant requires waits for the address too: a factor added before anyone
    // proved the mailbox would lock its real owner out of the reset.
    if (auth.user.emailVerifiedAt === null)
      return fail(STEP_UP, "EMAIL_NOT_VERIFIED", { label: "Add a sign-in method" });
    // Only the first step of a sign-in (the password, or an enterprise IdP's sign-in) counts here;
    // an email-link setup session (passwordless sign-up) may create its first passkey through its
    // own path and nothing else.
    const firstStep = sessionProofOf(auth.session).amr;
    return action === "factor.add" && (firstStep.includes("pwd") || firstStep.includes("fed"))
      ? { ok: true }
      : fail(STEP_UP, "SETUP_UNFINISHED");
  }
  const check = await checkStepUp(deps, tenant, auth, action, meta);
  return check.ok ? { ok: true } : check;
}

export type TStepUpFailure = Exclude<TStepUpCheck, TStepUpOk>;
/** What a sensitive use case returns when the step-up check fails: the check's own failure. */
export type TNeedsStepUp = TStepUpFailure;

/** Passes a failed check on as the use case's answer (kept so the use cases read as before). */
export function needsStepUp(stepUp: TStepUpFailure): TNeedsStepUp {
  return stepUp;
}

/** True for any failure of the step-up catalogue, whatever else a result may be. */
export function isStepUpFailure<R extends { ok: boolean }>(result: R): result is Extract<R, { module: "step_up" }> {
  return !result.ok && (result as { module?: unknown }).module === STEP_UP.module;
}

/** The step-up page for an action, coming back to `returnTo` (already checked by the caller). */
export function stepUpPath(tenantSlug: string, action: string, returnTo: string): string {
  return `/${tenantSlug}/step-up?${new URLSearchParams({ action, returnTo }).toString()}`;
}

/**
 * A fresh proof of `action`'s level, asked for by an app (`prompt=login`, or a `max_age` older than
 * the session's last proof): the methods that reach the level are offered even when the session's
 * sign-in or an elevation already covers the action. Refusals (blocked, no method, unknown) are
 * the check's own.
 */
export async function checkFreshProof(
  deps: TDeps,
  tenant: TTenant,
  auth: TAuth,
  action: string,
  meta: TRequestMeta | null,
): Promise<TStepUpCheck> {
  const check = await checkStepUp(deps, tenant, auth, action, meta);
  if (!check.ok) return check;
  const authenticators = await loadAuthenticators(deps.store, tenant, auth.user.id);
  const required = requiredAal(check.policy, hasSecondFactor(authenticators));
  const offer = methodsToOffer(check.policy, required, authenticators, sessionProofOf(auth.session));
  if (offer.length === 0)
    return fail(STEP_UP, "NO_METHOD", { action, label: check.policy.label, methods: check.policy.methods });
  return fail(STEP_UP, "REQUIRED", {
    action,
    label: check.policy.label,
    requiredAal: required,
    methods: offer,
    used: false,
  });
}
