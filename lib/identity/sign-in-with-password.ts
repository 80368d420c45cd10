import type { TSession, TSessionStage } from "../sessions/types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { lockRefuses } from "../risk/lockout";
import { clearPasswordFailures, reservePasswordAttempt } from "../risk/login-throttle";
import { consumeRateLimit, RATE_LIMITS } from "../risk/rate-limit";
import { fail, type TFailure } from "../kernel/outcome";
import { assessSignIn, recordBlockedSignIn } from "../risk/sign-in-risk";
import { isAt, stageAfterPassword } from "../sessions/sign-in-stage";
import { ZEmailSchema } from "./email";
import { verifyAgainstDummy, verifyPassword } from "./password-hasher";
import { recordPasswordFailure } from "./record-password-failure";
import { hasSecondFactor, loadAuthenticators, passkeyUsable, totpUsable } from "./authenticators";
import { NO_ACCOUNT_ID } from "./no-account";
import { emailNotVerifiedAnswer } from "./email-confirmation";
import { SIGN_IN } from "./outcomes";
import { startSignInSession } from "./sign-in-session";
import { notifyPartialSignIn } from "./partial-sign-in-notice";
import { issueSignInEmailCode, refuseSignInEmailCode } from "./sign-in-email-code";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "./types";
import { policyForUser } from "../organisations/policy";

export type TSignInResult =
  | { ok: true; token: string; session: TSession; user: TUser; next: TSessionStage }
  | TFailure<
      typeof SIGN_IN,
      | "INVALID_INPUT"
      | "INVALID_CREDENTIALS"
      | "RATE_LIMITED"
      | "LOCKED"
      | "DISABLED"
      | "RISK_BLOCKED"
      | "METHOD_NOT_ALLOWED"
      | "EMAIL_NOT_VERIFIED"
    >;

const INVALID_CREDENTIALS = fail(SIGN_IN, "INVALID_CREDENTIALS");
const lockedByPasswords = (retryAfterSeconds: number | null) =>
  fail(SIGN_IN, "LOCKED", { cause: "password", retryAfterSeconds });

/**
 * Password sign-in. Unknown addresses, accounts without a password and wrong passwords all end
 * in one message after one argon2id verification, so neither the answer nor its timing tells
 * whether an account exists (ASVS V6.3.8).
 */
export async function signInWithPassword(
  deps: TDeps,
  tenant: TTenant,
  input: { email: string; password: string },
  meta: TRequestMeta,
): Promise<TSignInResult> {
  // A passwordless tenant refuses every password, for every address, before any lookup or
  // hashing: the answer depends on the tenant alone, so it tells nothing about accounts, and a
  // password left over from before the tenant switched can never open a session.
  if (!tenant.allowPassword) return fail(SIGN_IN, "METHOD_NOT_ALLOWED");
  const parsed = ZEmailSchema.safeParse(input.email);
  if (!parsed.success || input.password.length === 0) {
    return fail(SIGN_IN, "INVALID_INPUT", { input: "credentials" });
  }
  if (input.password.length > 1024) return INVALID_CREDENTIALS;
  const email = parsed.data;
  const now = deps.now();

  const perIp = await consumeRateLimit(
    deps.store,
    `login:ip:${tenant.id}:${meta.ip ?? "unknown"}`,
    RATE_LIMITS.signInPerIp.limit,
    RATE_LIMITS.signInPerIp.windowSeconds,
    now,
  );
  if (!perIp.allowed)
    return fail(SIGN_IN, "RATE_LIMITED", { scope: "network", retryAfterSeconds: perIp.retryAfterSeconds });

  // A device that signed in to this account before has its own budget, so guesses from elsewhere cannot lock it out.
  const decision = await reservePasswordAttempt(deps.store, tenant, email, meta.deviceHash, now);
  if (decision.kind === "wait")
    return fail(SIGN_IN, "RATE_LIMITED", { scope: "failed_attempts", retryAfterSeconds: decision.retryAfterSeconds });
  if (decision.kind === "locked") return lockedByPasswords(decision.retryAfterSeconds);

  const user = await deps.store.users.findByEmail(tenant.id, email);
  // Looked up for an unknown address too (no row matches), so both paths make the same calls.
  const credential = await deps.store.passwords.findByUserId(tenant.id, user?.id ?? NO_ACCOUNT_ID);
  const valid = credential
    ? await verifyPassword(credential.hash, input.password)
    : await verifyAgainstDummy(input.password);

  if (!valid || !user) {
    const { shown: lock } = await withTransaction(deps, (txDeps) =>
      recordPasswordFailure(txDeps, {
        tenant,
        user,
        reservedCount: decision.reservedCount,
        meta,
        context: "sign_in",
        device: decision.device,
      }),
    );
    if (lock.locked) return lockedByPasswords(lock.permanent ? null : tenant.lockoutMinutes * 60);
    return INVALID_CREDENTIALS;
  }

  // Only the holder of the right password learns about the account's state from here on.
  if (user.status === "disabled") return fail(SIGN_IN, "DISABLED");
  if (lockRefuses(user, decision.device ? "known_device" : "new_device", now)) {
    return lockedByPasswords(user.lockedUntil ? Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000) : null);
  }

  await clearPasswordFailures(deps.store, tenant.id, email, decision.device);
  if (tenant.requireVerifiedEmail && user.emailVerifiedAt === null)
    return emailNotVerifiedAnswer(deps, tenant, user, "sign_in");
  // The risk engine sees the sign-in before any session exists; "step_up" is met by the second
  // factor below (asked of everyone who has one) or an emailed code, "block" ends it here.
  // From a known device the failure-velocity signal is that device's own wrong passwords (read
  // before this attempt was counted), so guessing elsewhere does not step up its owner.
  const risk = await assessSignIn(
    deps.store,
    tenant,
    user,
    meta,
    now,
    decision.device ? decision.device.passwordFailures : undefined,
  );
  if (risk.outcome.decision === "block") {
    await recordBlockedSignIn(deps, tenant, user, meta, risk.outcome, "password");
    return fail(SIGN_IN, "RISK_BLOCKED");
  }
  // With a second factor the password alone gives no session, only a short-lived pending one that
  // opens nothing but the second-factor page. An enrolled factor is asked for whatever the tenant's
  // mfaPolicy ("off" only stops Portico offering enrolment): skipping it would give an AAL1 session
  // to a user who chose two factors. A user without one whom the risk engine steps up gets a code
  // by mail first ("email_code"); a tenant that requires a second factor sends users without one to enrol.
  //
  // A member of an organisation is held to its policy (lib/organisations/policy.ts): its methods,
  // its level and its session lifetimes. Where it does not allow passwords, the right password
  // of a member who has no allowed way in yet leads only to enrolment (a passkey), never to a
  // session; a member who has one is refused the password.
  const member = await policyForUser(deps, tenant, user);
  const memberTenant = member.tenant;
  const authenticators = await loadAuthenticators(deps.store, memberTenant, user.id, { password: credential });
  const passwordAllowed = memberTenant.allowPassword;
  if (!passwordAllowed && passkeyUsable(authenticators)) return fail(SIGN_IN, "METHOD_NOT_ALLOWED");
  // For a member, only a second factor their organisation allows counts (one it has turned off
  // cannot complete the sign-in, so they enrol one it allows instead).
  const secondFactor = member.organisation
    ? passkeyUsable(authenticators) || totpUsable(authenticators)
    : hasSecondFactor(authenticators);
  const stage = stageAfterPassword({
    hasSecondFactor: passwordAllowed && secondFactor,
    riskStepUp: risk.outcome.decision === "step_up",
    factorRequired: memberTenant.mfaPolicy === "required" || !passwordAllowed,
  });
  if (isAt(stage, "email_code")) {
    const refused = await refuseSignInEmailCode(deps, tenant, user, meta, risk.outcome);
    if (refused) return refused;
  }
  const { token, session } = await withTransaction(deps, async (txDeps) => {
    // An expired temporary lock or earlier failures are cleared; an account already clean is left as it is.
    // A known device leaves the new-device budget alone: its owner signing in daily must not hand
    // whoever is guessing from elsewhere a fresh budget (or lift their lock) every day.
    if (
      !decision.device &&
      (user.status !== "active" ||
        user.failedLoginCount !== 0 ||
        user.lockReason !== null ||
        user.lockedAt !== null ||
        user.lockedUntil !== null)
    ) {
      await txDeps.store.users.setLockState(tenant.id, user.id, {
        status: "active",
        lockReason: null,
        lockedAt: null,
        lockedUntil: null,
        failedLoginCount: 0,
      });
    }
    const created = await startSignInSession(
      txDeps,
      user,
      { tenant: memberTenant, meta, aal: 1, amr: ["pwd"], stage },
      { method: "password", assessment: risk },
    );
    if (isAt(stage, "email_code"))
      await issueSignInEmailCode(txDeps, {
        tenant,
        user,
        session: created.session,
        meta,
        reasons: risk.outcome.reasons,
      });
    // The code mail already tells the owner their password was used; a pending second factor gets its own notice.
    if (isAt(stage, "second_factor"))
      await notifyPartialSignIn(txDeps, { tenant, user, sessionId: created.session.id, meta, signals: risk.signals });
    return created;
  });
  return { ok: true, token, session, user, next: stage };
}
