// The second step of sign-in: after a correct password, a user with a second factor proves it with
// a code from their authenticator app or a recovery code. Success replaces the pending session with
// a new one (new token) at the assurance level now reached.
//
// Everything happens in one transaction that starts by counting the attempt on the pending sign-in
// (a conditional UPDATE of its row). That row lock makes concurrent submissions for one pending
// sign-in run one after the other: the first valid code ends the pending sign-in (compare-and-set
// on its stage) and the rest find it ended before they check, let alone use up, their code.
//
// Wrong codes count against the pending sign-in (SECOND_FACTOR_LIMITS.perSignIn, then it ends and
// the password must be entered again) and against the account: a device that signed in before
// has its own budget, every other device shares the account's, and a used-up budget locks the
// account until recovery or support (lockout.ts). The right code is never refused for having
// followed wrong ones, so whoever is guessing cannot shut the owner out with a timed throttle.
import { AUDIT } from "../audit/catalog";
import { tenantForUser } from "../organisations/policy";
import { recordAudit } from "../audit/events";
import type { TKnownDevice } from "../db/store";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { queueMail, tenantUrl } from "../mail/queue-mail";
import { templates } from "../mail/templates";
import { isPermanentLock, LOCK_REASONS, lockRefuses, SECOND_FACTOR_LIMITS } from "../risk/lockout";
import { consumeRateLimit } from "../risk/rate-limit";
import { completeSignIn } from "../risk/sign-in-risk";
import { createSession } from "../sessions/create-session";
import { methodTimesOf } from "../sessions/recent-proof";
import {
  lockedAtSecondFactor,
  reserveSecondFactorAttempt,
  secondFactorAttemptsUsed,
  secondFactorProven,
} from "../sessions/sign-in-stage";
import { fail, type TFailure } from "../kernel/outcome";
import { computeAssurance, firstProofOf } from "./assurance";
import { SIGN_IN } from "./outcomes";
import { proveCode, type TCodeProof } from "./prove-code";
import type { TSession } from "../sessions/types";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "./types";

export type TSecondFactorResult =
  | { ok: true; token: string; session: TSession; method: "totp" | "recovery_code" }
  | TFailure<typeof SIGN_IN, "WRONG_CODE" | "SIGN_IN_ENDED" | "RATE_LIMITED" | "LOCKED">;

const SIGN_IN_ENDED = fail(SIGN_IN, "SIGN_IN_ENDED");
const TOO_MANY_ATTEMPTS = fail(SIGN_IN, "RATE_LIMITED", { scope: "sign_in", retryAfterSeconds: null });
const LOCKED = fail(SIGN_IN, "LOCKED", { cause: "second_factor" });
const WRONG_CODE = fail(SIGN_IN, "WRONG_CODE", { factor: "second_factor" });

export async function verifySecondFactor(
  deps: TDeps,
  tenantOfRequest: TTenant,
  pending: { session: TSession; user: TUser },
  input: { code: string },
  meta: TRequestMeta,
): Promise<TSecondFactorResult> {
  const { session, user } = pending;
  // A member's organisation may not allow authenticator apps, and sets its own session lifetimes.
  const tenant = await tenantForUser(deps, tenantOfRequest, user);
  const now = deps.now();
  // The device cookie is signed by the server and the row exists only after a completed sign-in of
  // this user on it, so a request cannot claim another device's budget.
  const device = meta.deviceHash ? await deps.store.knownDevices.find(tenant.id, user.id, meta.deviceHash) : null;

  return withTransaction<TSecondFactorResult>(deps, async (txDeps, rollback) => {
    const attempts = await reserveSecondFactorAttempt(txDeps.store, session, SECOND_FACTOR_LIMITS.perSignIn, now);
    if (attempts === null) return SIGN_IN_ENDED;
    // Read again behind the row lock: a lock put on by the request just before this one counts.
    const current = await txDeps.store.users.findById(tenant.id, user.id);
    if (!current || lockRefuses(current, device ? "known_device" : "new_device", now)) {
      await lockedAtSecondFactor(txDeps.store, session, now);
      return LOCKED;
    }
    const proof = await proveCode(txDeps, tenant, user.id, input.code, now, {
      accept: { totp: true, recoveryCode: true },
    });
    if (!proof.method)
      return recordWrongCode(txDeps, { tenant, user: current, session, attempts, device, kind: proof.kind, meta });
    return complete(txDeps, { tenant, user: current, session, device, method: proof.method, meta }, rollback);
  });
}

async function complete(
  deps: TDeps,
  input: {
    tenant: TTenant;
    user: TUser;
    session: TSession;
    device: TKnownDevice | null;
    method: NonNullable<TCodeProof["method"]>;
    meta: TRequestMeta;
  },
  rollback: (value: TSecondFactorResult) => never,
): Promise<TSecondFactorResult> {
  const { tenant, user, session, device, method, meta } = input;
  const now = deps.now();
  // The stage transition is a compare-and-set; losing it rolls back, which also gives back the code.
  if (!(await secondFactorProven(deps.store, session, now)).ok) rollback(SIGN_IN_ENDED);
  // A success resets the budget the attempts were counted against (as a password success does).
  if (device) {
    if (device.secondFactorFailures !== 0)
      await deps.store.knownDevices.resetSecondFactorFailures(tenant.id, device.id);
  } else if (user.secondFactorFailures !== 0) {
    await deps.store.users.resetSecondFactorFailures(tenant.id, user.id);
  }
  const { aal, amr } = computeAssurance([firstProofOf(session), { method }]);
  const methodTimes = { ...methodTimesOf(session), otp: now.toISOString() };
  const next = await createSession(deps, {
    tenant,
    userId: user.id,
    meta,
    aal,
    amr,
    methodTimes,
    authTime: session.authTime,
  });
  await recordAudit(deps.store, {
    tenantId: tenant.id,
    userId: user.id,
    type: AUDIT.secondFactorSucceeded,
    meta,
    data: { method, sessionId: next.session.id, aal },
    at: now,
  });
  await completeSignIn(deps, {
    tenant,
    user,
    sessionId: next.session.id,
    meta,
    method: `${session.amr.includes("fed") ? "federated" : "password"}+${method}`,
  });
  return { ok: true, token: next.token, session: next.session, method };
}

/**
 * A wrong code: audited, the user told (at most hourly: whoever it is knows the password), and
 * counted; a used-up budget ends this pending sign-in or locks the account.
 */
async function recordWrongCode(
  deps: TDeps,
  input: {
    tenant: TTenant;
    user: TUser;
    session: TSession;
    attempts: number;
    device: TKnownDevice | null;
    kind: TCodeProof["kind"];
    meta: TRequestMeta;
  },
): Promise<TSecondFactorResult> {
  const { tenant, user, session, attempts, device, kind, meta } = input;
  const now = deps.now();
  const failures =
    (device
      ? await deps.store.knownDevices.recordSecondFactorFailure(tenant.id, device.id)
      : await deps.store.users.recordSecondFactorFailure(tenant.id, user.id)) ?? 0;
  await recordAudit(deps.store, {
    tenantId: tenant.id,
    userId: user.id,
    type: AUDIT.secondFactorFailed,
    meta,
    data: { kind, attemptsThisSignIn: attempts, consecutiveFailures: failures, knownDevice: device !== null },
    at: now,
  });

  if (
    failures >= SECOND_FACTOR_LIMITS.perAccount &&
    user.status !== "disabled" &&
    !(isPermanentLock(user) && user.lockReason === LOCK_REASONS.knownDevice)
  ) {
    const lockReason = device ? LOCK_REASONS.knownDevice : LOCK_REASONS.secondFactor;
    await deps.store.users.setLockState(tenant.id, user.id, {
      status: "locked",
      lockReason,
      lockedAt: now,
      lockedUntil: null,
    });
    await lockedAtSecondFactor(deps.store, session, now);
    await recordAudit(deps.store, {
      tenantId: tenant.id,
      userId: user.id,
      type: AUDIT.userLocked,
      meta,
      data: {
        permanent: true,
        until: null,
        consecutiveFailures: failures,
        context: "second_factor",
        reason: lockReason,
      },
      at: now,
    });
    await queueMail(
      deps,
      tenant,
      user.email,
      templates.secondFactorLocked(
        tenant,
        { fromKnownDevice: device !== null },
        tenantUrl(deps, tenant, "forgot-password"),
      ),
    );
    return LOCKED;
  }

  const notice = await consumeRateLimit(deps.store, `mfa:notice:${tenant.id}:${user.id}`, 1, 60 * 60, now);
  if (notice.allowed)
    await queueMail(
      deps,
      tenant,
      user.email,
      templates.secondFactorFailed(tenant, tenantUrl(deps, tenant, "forgot-password")),
    );
  if (attempts >= SECOND_FACTOR_LIMITS.perSignIn) {
    await secondFactorAttemptsUsed(deps.store, session, now);
    return TOO_MANY_ATTEMPTS;
  }
  return WRONG_CODE;
}
