// Performing a step-up: the user proves a method the policy accepts (password, authenticator-app
// code, recovery code or passkey); success records an elevation and re-issues the session token
// (privilege changed, so a token copied earlier does not carry the elevation). Failures are
// throttled and audited like sign-in failures.
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TSession } from "../sessions/types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { verifyPasskeyOfUser } from "../identity/passkey-assertion";
import { verifyPassword } from "../identity/password-hasher";
import { proveCode } from "../identity/prove-code";
import { recordPasswordFailure } from "../identity/record-password-failure";
import { clearPasswordFailures, reservePasswordAttempt } from "../risk/login-throttle";
import { fail, type TFailure } from "../kernel/outcome";
import { RISK } from "../risk/outcomes";
import { consumeRateLimit } from "../risk/rate-limit";
import { generateToken, hashToken } from "../security/tokens";
import type { TStepUpProof } from "./evaluate";
import { elevationAal } from "./evaluate";
import { STEP_UP } from "./outcomes";
import { memberActionPolicy, type TActionPolicy, type TStepUpMethod } from "./policies";
import { tenantForUser } from "../organisations/policy";
import { checkStepUp, grantStepUp, sessionProofOf, type TAuth } from "./step-up";
import type { TTenant } from "../tenancy/types";

export const STEP_UP_CODE_ATTEMPTS = { limit: 5, windowSeconds: 15 * 60 } as const;

/** The passkey module's own refusal of an assertion, passed on as it is. */
type TPasskeyRefusal = Extract<Awaited<ReturnType<typeof verifyPasskeyOfUser>>, { ok: false }>;

export type TStepUpResult =
  | { ok: true; token: string; session: TSession; aal: number; expiresAt: Date }
  | TFailure<
      typeof STEP_UP,
      | "NOT_OFFERED"
      | "WRONG_PASSWORD"
      | "WRONG_CODE"
      | "SESSION_CHANGED"
      | "TOO_WEAK"
      | "BLOCKED"
      | "UNKNOWN_ACTION"
      | "NO_METHOD"
      | "EMAIL_NOT_VERIFIED"
    >
  | TFailure<typeof RISK, "RATE_LIMITED">
  | TPasskeyRefusal;

/** `method`: one method, or the methods one input could be (a typed code); `methods` are those offered. */
async function offered(
  deps: TDeps,
  tenant: TTenant,
  auth: TAuth,
  action: string,
  method: TStepUpMethod | TStepUpMethod[],
  meta: TRequestMeta,
) {
  const check = await checkStepUp(deps, tenant, auth, action, meta);
  if (!check.ok && check.code !== "REQUIRED") return { ok: false as const, result: check };
  // Already covered: a new elevation is still allowed (the user asked for it), with the same method rules.
  const methods = (Array.isArray(method) ? method : [method]).filter(
    (m) => check.ok || check.params.methods.includes(m),
  );
  if (methods.length === 0) return { ok: false as const, result: fail(STEP_UP, "NOT_OFFERED", { reason: "method" }) };
  const policy = await memberActionPolicy(deps, tenant, auth.user, action);
  if (!policy) return { ok: false as const, result: fail(STEP_UP, "UNKNOWN_ACTION", { action }) };
  return { ok: true as const, policy, required: check.ok ? 1 : check.params.requiredAal, methods };
}

async function finish(
  deps: TDeps,
  tenant: TTenant,
  auth: TAuth,
  policy: TActionPolicy,
  proof: TStepUpProof,
  required: number,
  meta: TRequestMeta,
  detail?: Record<string, unknown>,
): Promise<TStepUpResult> {
  if (elevationAal(proof, sessionProofOf(auth.session)) < required) {
    return fail(STEP_UP, "TOO_WEAK");
  }
  const token = generateToken();
  const result = await withTransaction<{
    session: TSession;
    granted: Awaited<ReturnType<typeof grantStepUp>>;
  } | null>(deps, async (txDeps, rollback) => {
    const granted = await grantStepUp(txDeps, { tenant, auth, policy, proof, meta, detail });
    // The elevation and the new token commit together, or neither does.
    if (
      !(await txDeps.store.sessions.rotateToken(tenant.id, auth.session.id, auth.session.tokenHash, hashToken(token)))
    )
      rollback(null);
    const session = await txDeps.store.sessions.findById(tenant.id, auth.session.id);
    if (!session) return rollback(null);
    return { session, granted };
  });
  if (!result) return fail(STEP_UP, "SESSION_CHANGED");
  return {
    ok: true,
    token,
    session: result.session,
    aal: result.granted.aal,
    expiresAt: result.granted.grant.expiresAt,
  };
}

async function recordFailure(
  deps: TDeps,
  tenant: TTenant,
  auth: TAuth,
  action: string,
  method: TStepUpMethod,
  meta: TRequestMeta,
) {
  await recordAudit(deps.store, {
    tenantId: tenant.id,
    userId: auth.user.id,
    type: AUDIT.stepUpFailed,
    meta,
    data: { action, method },
    at: deps.now(),
  });
}

export async function stepUpWithPassword(
  deps: TDeps,
  tenantOfRequest: TTenant,
  auth: TAuth,
  action: string,
  password: string,
  meta: TRequestMeta,
): Promise<TStepUpResult> {
  // A member's organisation may allow fewer methods than the tenant (lib/organisations/policy.ts).
  const tenant = await tenantForUser(deps, tenantOfRequest, auth.user);
  const gate = await offered(deps, tenant, auth, action, "password", meta);
  if (!gate.ok) return gate.result;
  const credential = await deps.store.passwords.findByUserId(tenant.id, auth.user.id);
  if (!credential || !tenant.allowPassword) return fail(STEP_UP, "NOT_OFFERED", { reason: "no_password" });
  const now = deps.now();
  // Guesses here count against the same throttle and lock as sign-in.
  const decision = await reservePasswordAttempt(deps.store, tenant, auth.user.email, meta.deviceHash, now);
  if (decision.kind !== "allow") {
    return fail(RISK, "RATE_LIMITED", { scope: "wrong_passwords", retryAfterSeconds: decision.retryAfterSeconds });
  }
  if (password.length === 0 || password.length > 1024 || !(await verifyPassword(credential.hash, password))) {
    await withTransaction(deps, (txDeps) =>
      recordPasswordFailure(txDeps, {
        tenant,
        user: auth.user,
        reservedCount: decision.reservedCount,
        meta,
        context: "password_change",
        device: decision.device,
      }),
    );
    await recordFailure(deps, tenant, auth, action, "password", meta);
    return fail(STEP_UP, "WRONG_PASSWORD");
  }
  await clearPasswordFailures(deps.store, tenant.id, auth.user.email, decision.device);
  // A known device's success leaves the new-device budget alone (see signInWithPassword).
  if (!decision.device) await deps.store.users.resetFailures(tenant.id, auth.user.id);
  return finish(deps, tenant, auth, gate.policy, { method: "password" }, gate.required, meta);
}

export async function stepUpWithCode(
  deps: TDeps,
  tenantOfRequest: TTenant,
  auth: TAuth,
  action: string,
  code: string,
  meta: TRequestMeta,
): Promise<TStepUpResult> {
  // A member's organisation may allow fewer methods than the tenant (lib/organisations/policy.ts).
  const tenant = await tenantForUser(deps, tenantOfRequest, auth.user);
  const gate = await offered(deps, tenant, auth, action, ["totp", "recovery_code"], meta);
  if (!gate.ok) return gate.result;
  const now = deps.now();
  const limit = await consumeRateLimit(
    deps.store,
    `stepup:${tenant.id}:${auth.user.id}`,
    STEP_UP_CODE_ATTEMPTS.limit,
    STEP_UP_CODE_ATTEMPTS.windowSeconds,
    now,
  );
  if (!limit.allowed)
    return fail(RISK, "RATE_LIMITED", { scope: "attempts", retryAfterSeconds: limit.retryAfterSeconds });
  // Only the kinds of code this action offers: a recovery code does not stand in for an app the policy asks for.
  const accept = { totp: gate.methods.includes("totp"), recoveryCode: gate.methods.includes("recovery_code") };
  const { method, kind } = await proveCode(deps, tenant, auth.user.id, code, now, { accept });
  if (!method) {
    await recordFailure(deps, tenant, auth, action, kind, meta);
    return fail(STEP_UP, "WRONG_CODE");
  }
  return finish(deps, tenant, auth, gate.policy, { method }, gate.required, meta);
}

export async function stepUpWithPasskey(
  deps: TDeps,
  tenantOfRequest: TTenant,
  auth: TAuth,
  action: string,
  response: AuthenticationResponseJSON,
  binding: string | undefined,
  meta: TRequestMeta,
): Promise<TStepUpResult> {
  // A member's organisation may allow fewer methods than the tenant (lib/organisations/policy.ts).
  const tenant = await tenantForUser(deps, tenantOfRequest, auth.user);
  const gate = await offered(deps, tenant, auth, action, "passkey", meta);
  if (!gate.ok) return gate.result;
  const verified = await verifyPasskeyOfUser(deps, tenant, response, binding, auth.user.id, meta);
  if (!verified.ok) {
    await recordFailure(deps, tenant, auth, action, "passkey", meta);
    return verified;
  }
  return finish(deps, tenant, auth, gate.policy, verified.proof, gate.required, meta, {
    passkeyId: verified.passkeyId,
  });
}
