// The email code of a stepped-up sign-in. When the risk engine asks a password sign-in for more
// proof (new device and network, failure velocity) and the user has no second factor, the
// password opens only a pending sign-in ("email_code"), a six-digit code goes to the verified
// address, and the session starts once that code comes back: 10 minutes, one use, five tries
// per pending sign-in, sends and wrong codes limited per account, every step audited.
//
// What the resulting session claims: email is not an out-of-band channel NIST SP 800-63B-4 allows
// for AAL2 (§3.1.3.1: the address is not bound to a device, and mailboxes are reached with
// passwords), and a code typed into a page is not phishing-resistant. So the session stays AAL1
// with `amr` ["pwd", "email"]: the "email" marker says the risk challenge was met (the signed-in
// audit row says so too), while step-up, which counts only pwd/otp/hwk/swk, gives it no factor.
import { tenantForUser } from "../organisations/policy";
import { createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { queueMail, tenantUrl } from "../mail/queue-mail";
import { templates } from "../mail/templates";
import { ipPrefix } from "../risk/context";
import type { TRiskOutcome } from "../risk/decide";
import { consumeRateLimit } from "../risk/rate-limit";
import { completeSignIn } from "../risk/sign-in-risk";
import { createSession } from "../sessions/create-session";
import { describeDevice } from "../risk/context";
import { fail, type TFailure } from "../kernel/outcome";
import { methodTimesOf } from "../sessions/recent-proof";
import { emailCodeFailed, emailCodeProven, isSignedInStage, stageAfterEmailCode } from "../sessions/sign-in-stage";
import { emailNotVerifiedAnswer, type TEmailNotVerified } from "./email-confirmation";
import { SIGN_IN } from "./outcomes";
import type { TSession } from "../sessions/types";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "./types";

export const EMAIL_CODE = {
  validMinutes: 10,
  /** Tries per pending sign-in, right or wrong; the pending sign-in ends with the last wrong one. */
  maxAttempts: 5,
  /** Codes mailed per pending sign-in: the first and two resends. */
  maxSendsPerSignIn: 3,
  /** Codes mailed per account, over all its pending sign-ins. */
  sendsPerAccount: { limit: 5, windowSeconds: 60 * 60 },
  /**
   * Wrong codes per account before no more are sent for a day. Five tries per pending sign-in and
   * five sign-ins an hour would otherwise allow 600 guesses a day at one in a million each; with
   * this cap a holder of the stolen password gets 20 a day, and every code sent warns the owner.
   */
  wrongPerAccount: { limit: 20, windowSeconds: 24 * 60 * 60 },
} as const;

/** The `amr` marker of a session whose sign-in passed the email-code risk challenge (not an RFC 8176 factor). */
export const EMAIL_CODE_AMR = "email";

export type TEmailCodeFailure = TFailure<
  typeof SIGN_IN,
  "INVALID_INPUT" | "WRONG_CODE" | "EXPIRED" | "RATE_LIMITED" | "SIGN_IN_ENDED"
>;

const SESSION_ENDED = fail(SIGN_IN, "SIGN_IN_ENDED");
/** The last try went wrong or none is left: this pending sign-in is over. */
const TOO_MANY_ATTEMPTS = fail(SIGN_IN, "RATE_LIMITED", { scope: "sign_in", retryAfterSeconds: null });

/** Six digits from the CSPRNG (crypto.randomInt is uniform, no modulo bias). */
export function generateEmailCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, "0");
}

/**
 * A six-digit code has a million values: no hash stops someone who can read this row from finding
 * it in a moment, and a slow hash would only slow every sign-in. That reader gains nothing from
 * it, though: the MAC binds the code to one pending sign-in, which only the browser holding its
 * cookie can finish (the database keeps that token only as SHA-256), for 10 minutes and once; and
 * the mail outbox holds the message in clear until delivery anyway, as it does for reset links.
 * Storing the MAC, not the code, keeps codes out of backups and exports of this table.
 */
export function hashEmailCode(sessionId: string, salt: string, code: string): string {
  return createHmac("sha256", Buffer.from(salt, "base64url")).update(`${sessionId}:${code}`, "utf8").digest("hex");
}

/** Counts a code about to be mailed against the account's allowance (over all its pending sign-ins). */
function countCodeSent(deps: TDeps, tenant: TTenant, user: TUser, now: Date) {
  return consumeRateLimit(
    deps.store,
    `signin-code:send:${tenant.id}:${user.id}`,
    EMAIL_CODE.sendsPerAccount.limit,
    EMAIL_CODE.sendsPerAccount.windowSeconds,
    now,
  );
}
function wrongKey(tenantId: string, userId: string) {
  return `signin-code:wrong:${tenantId}:${userId}`;
}

function mailDetails(meta: TRequestMeta, now: Date) {
  return { when: now.toUTCString(), device: describeDevice(meta.userAgent), network: ipPrefix(meta.ip) ?? "unknown" };
}

/** Writes a fresh code for a pending sign-in and queues its mail, in the caller's transaction. */
async function mailCode(deps: TDeps, tenant: TTenant, user: TUser, meta: TRequestMeta, now: Date) {
  const code = generateEmailCode();
  const salt = randomBytes(16).toString("base64url");
  await queueMail(
    deps,
    tenant,
    user.email,
    templates.signInCode(
      tenant,
      code,
      EMAIL_CODE.validMinutes,
      mailDetails(meta, now),
      tenantUrl(deps, tenant, "forgot-password"),
    ),
  );
  return { salt, code, expiresAt: new Date(now.getTime() + EMAIL_CODE.validMinutes * 60_000) };
}

/**
 * Whether a code may be sent for this stepped-up sign-in, checked before the pending sign-in is
 * created. Codes go only to a verified address: an unverified one may belong to someone else (an
 * account pre-registered with another's address), and a code sent there would hand them the
 * sign-in. Reached only with the right password, so these answers reveal nothing to anyone else.
 */
type TRefusal = TEmailNotVerified | TFailure<typeof SIGN_IN, "RATE_LIMITED">;

export async function refuseSignInEmailCode(
  deps: TDeps,
  tenant: TTenant,
  user: TUser,
  meta: TRequestMeta,
  outcome: TRiskOutcome,
): Promise<TRefusal | null> {
  const now = deps.now();
  const refuse = async (failure: TRefusal, why: string) => {
    await recordAudit(deps.store, {
      tenantId: tenant.id,
      userId: user.id,
      type: AUDIT.signInRiskAssessed,
      meta,
      data: { method: "password", decision: outcome.decision, reasons: outcome.reasons, refused: why },
      at: now,
    });
    return failure;
  };
  // The answer carries the confirmation ticket, so the sign-in page can offer to send the link again.
  if (!user.emailVerifiedAt)
    return refuse(emailNotVerifiedAnswer(deps, tenant, user, "email_code"), "email_not_verified");
  const wrong = await deps.store.rateLimits.get(wrongKey(tenant.id, user.id), now.getTime());
  if (wrong && wrong.count >= EMAIL_CODE.wrongPerAccount.limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil((wrong.windowEndMs - now.getTime()) / 1000));
    return refuse(fail(SIGN_IN, "RATE_LIMITED", { scope: "wrong_codes", retryAfterSeconds }), "too_many_wrong_codes");
  }
  const sends = await countCodeSent(deps, tenant, user, now);
  if (!sends.allowed) {
    return refuse(
      fail(SIGN_IN, "RATE_LIMITED", { scope: "codes_sent_at_sign_in", retryAfterSeconds: sends.retryAfterSeconds }),
      "too_many_codes_sent",
    );
  }
  return null;
}

/** The first code of a pending sign-in, in the transaction that creates it. */
export async function issueSignInEmailCode(
  deps: TDeps,
  input: { tenant: TTenant; user: TUser; session: TSession; meta: TRequestMeta; reasons: string[] },
) {
  const { tenant, user, session, meta } = input;
  const now = deps.now();
  const { salt, code, expiresAt } = await mailCode(deps, tenant, user, meta, now);
  await deps.store.signInEmailCodes.create({
    tenantId: tenant.id,
    userId: user.id,
    sessionId: session.id,
    codeHash: hashEmailCode(session.id, salt, code),
    salt,
    expiresAt,
    at: now,
  });
  await recordAudit(deps.store, {
    tenantId: tenant.id,
    userId: user.id,
    type: AUDIT.signInCodeSent,
    meta,
    data: { sessionId: session.id, send: 1, reasons: input.reasons },
    at: now,
  });
}

export type TResendResult = { ok: true } | TEmailCodeFailure;

/** A new code for the same pending sign-in (the old one stops working); tries already used stay used. */
export async function resendSignInEmailCode(
  deps: TDeps,
  tenant: TTenant,
  pending: { session: TSession; user: TUser },
  meta: TRequestMeta,
): Promise<TResendResult> {
  const { session, user } = pending;
  const now = deps.now();
  const challenge = await deps.store.signInEmailCodes.findForSession(tenant.id, session.id);
  if (!challenge || challenge.consumedAt || challenge.attempts >= EMAIL_CODE.maxAttempts) return SESSION_ENDED;
  if (challenge.sends >= EMAIL_CODE.maxSendsPerSignIn) {
    return fail(SIGN_IN, "RATE_LIMITED", {
      scope: "codes_per_sign_in",
      retryAfterSeconds: null,
      limit: EMAIL_CODE.maxSendsPerSignIn,
    });
  }
  const sends = await countCodeSent(deps, tenant, user, now);
  if (!sends.allowed)
    return fail(SIGN_IN, "RATE_LIMITED", { scope: "codes_sent", retryAfterSeconds: sends.retryAfterSeconds });
  const sent = await withTransaction<boolean>(deps, async (txDeps, rollback) => {
    const { salt, code, expiresAt } = await mailCode(txDeps, tenant, user, meta, now);
    const limits = { maxSends: EMAIL_CODE.maxSendsPerSignIn, maxAttempts: EMAIL_CODE.maxAttempts };
    // Conditional on the row as it must still be: of two concurrent resends past the limit, only one lands.
    if (
      !(await txDeps.store.signInEmailCodes.replace(
        tenant.id,
        challenge.id,
        { codeHash: hashEmailCode(session.id, salt, code), salt, expiresAt },
        limits,
      ))
    )
      rollback(false);
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: user.id,
      type: AUDIT.signInCodeSent,
      meta,
      data: { sessionId: session.id, send: challenge.sends + 1 },
      at: now,
    });
    return true;
  });
  if (!sent) return fail(SIGN_IN, "RATE_LIMITED", { scope: "code_not_sent", retryAfterSeconds: null });
  return { ok: true };
}

export type TVerifyEmailCodeResult =
  { ok: true; token: string; session: TSession; next: "complete" | "enrol_factor" } | TEmailCodeFailure;

/**
 * Checks a code against the pending sign-in it was sent for. A try is taken (conditional
 * increment) before the code is compared, so parallel requests never get more than five; the
 * right code is then used up and the pending session ended in one transaction, each step
 * conditional, so exactly one request turns a pending sign-in into a session.
 */
export async function verifySignInEmailCode(
  deps: TDeps,
  tenant: TTenant,
  pending: { session: TSession; user: TUser },
  input: { code: string },
  meta: TRequestMeta,
): Promise<TVerifyEmailCodeResult> {
  const { session, user } = pending;
  const now = deps.now();
  const challenge = await deps.store.signInEmailCodes.findForSession(tenant.id, session.id);
  if (!challenge || challenge.consumedAt) return SESSION_ENDED;
  const code = input.code.replace(/[\s-]/g, "");
  if (!/^\d{6}$/.test(code)) return fail(SIGN_IN, "INVALID_INPUT", { input: "email_code" });
  if (challenge.expiresAt <= now) return fail(SIGN_IN, "EXPIRED");

  const used = await deps.store.signInEmailCodes.reserveAttempt(tenant.id, challenge.id, EMAIL_CODE.maxAttempts, now);
  // No try left: the others are used or still being checked (one of them may be the right code, so
  // this request must not end the sign-in; the request whose fifth try fails does).
  if (used === null) return TOO_MANY_ATTEMPTS;
  const expected = Buffer.from(challenge.codeHash, "hex");
  const given = Buffer.from(hashEmailCode(session.id, challenge.salt, code), "hex");
  if (!timingSafeEqual(expected, given)) {
    return recordWrongCode(deps, tenant, pending, meta, now, used);
  }

  // The tenant's enrolment requirement still applies: the code proves the sign-in, not a factor.
  // A member is held to their organisation's policy: its level, and a password it does not allow
  // leads only to enrolment (lib/organisations/policy.ts).
  const memberTenant = await tenantForUser(deps, tenant, user);
  const next = stageAfterEmailCode({
    factorRequired: memberTenant.mfaPolicy === "required" || !memberTenant.allowPassword,
  });
  const created = await withTransaction<Awaited<ReturnType<typeof createSession>> | null>(
    deps,
    async (txDeps, rollback) => {
      // Each step is conditional: a request that finds the code used or the sign-in ended rolls back.
      if (!(await txDeps.store.signInEmailCodes.consume(tenant.id, challenge.id, challenge.codeHash, now)))
        rollback(null);
      if (!(await emailCodeProven(txDeps.store, session, next, now)).ok) rollback(null);
      const made = await createSession(txDeps, {
        tenant: memberTenant,
        userId: user.id,
        meta,
        aal: 1,
        amr: ["pwd", EMAIL_CODE_AMR],
        methodTimes: { ...methodTimesOf(session), [EMAIL_CODE_AMR]: now.toISOString() },
        stage: next,
        authTime: session.authTime,
      });
      await recordAudit(txDeps.store, {
        tenantId: tenant.id,
        userId: user.id,
        type: AUDIT.signInCodeSucceeded,
        meta,
        data: { sessionId: made.session.id, pendingSessionId: session.id, attempt: used, next },
        at: now,
      });
      if (isSignedInStage(next)) {
        await completeSignIn(txDeps, {
          tenant,
          user,
          sessionId: made.session.id,
          meta,
          method: "password+email_code",
          data: { riskChallenge: "email_code", aal: 1 },
        });
      }
      return made;
    },
  );
  if (!created) return SESSION_ENDED;
  return { ok: true, token: created.token, session: created.session, next };
}

/**
 * A wrong code: counted against the account's daily allowance and audited. When it was the last
 * try, the pending sign-in ends and the user starts over.
 */
async function recordWrongCode(
  deps: TDeps,
  tenant: TTenant,
  pending: { session: TSession; user: TUser },
  meta: TRequestMeta,
  now: Date,
  attempt: number,
): Promise<TEmailCodeFailure> {
  const { session, user } = pending;
  const ended = attempt >= EMAIL_CODE.maxAttempts;
  await withTransaction(deps, async (txDeps) => {
    await txDeps.store.rateLimits.hit(
      wrongKey(tenant.id, user.id),
      now.getTime(),
      EMAIL_CODE.wrongPerAccount.windowSeconds * 1000,
    );
    if (ended) await emailCodeFailed(txDeps.store, session, now);
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: user.id,
      type: AUDIT.signInCodeFailed,
      meta,
      data: { sessionId: session.id, attempt, ended },
      at: now,
    });
  });
  if (ended) return TOO_MANY_ATTEMPTS;
  return fail(SIGN_IN, "WRONG_CODE", { factor: "email_code", attemptsLeft: EMAIL_CODE.maxAttempts - attempt });
}
