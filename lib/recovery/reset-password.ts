import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TTenant } from "../tenancy/types";
import type { TRecoveryRequest, TRepositories } from "../db/store";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import {
  hasAnySecondFactor,
  loadAuthenticators,
  summarizeAuthenticators,
  type TAuthenticatorSummary,
} from "../identity/authenticators";
import { verifyAssertion } from "../identity/passkey-assertion";
import { hashPassword } from "../identity/password-hasher";
import { refuseNewPassword } from "../identity/check-new-password";
import { proveCode } from "../identity/prove-code";
import { queueMail, tenantUrl } from "../mail/queue-mail";
import { templates } from "../mail/templates";
import { clearSignInFailures } from "../risk/login-throttle";
import { liftLocks } from "../risk/lockout";
import { forgetSignInHistory } from "../risk/sign-in-risk";
import { consumeRateLimit } from "../risk/rate-limit";
import { hashToken, isWellFormedToken } from "../security/tokens";
import { recoveryState } from "./recovery-state";
import { fail, type TFailure } from "../kernel/outcome";
import { type PASSWORD } from "../identity/account-outcomes";
import { RECOVERY } from "./outcomes";
import type { TUser } from "../identity/types";
import { endAppSessions } from "../sessions/app-sessions";

/** Wrong second factors at reset: per account, like the second step of sign-in. */
export const RESET_FACTOR_ATTEMPTS = { limit: 5, windowSeconds: 15 * 60 } as const;

/**
 * What a reset needs besides the link:
 * - "none": the user has no second factor;
 * - "second_factor": a TOTP code, a recovery code or a passkey of the user (ASVS V6.4.3);
 * - "delayed_recovery_ready": the user waited out a delayed recovery, so the factors are bypassed
 *   (and removed when the reset completes);
 * - "unverified_email": nobody ever confirmed the address, so nothing set up on the account was
 *   set up by a proven owner. The link is the first proof of the mailbox: it needs no factor, and
 *   the reset removes every factor (pre-account hijacking: an attacker who signed up with the
 *   victim's address and enrolled an app must not make the owner's reset ask for that app).
 */
export type TResetRequirement = "none" | "second_factor" | "delayed_recovery_ready" | "unverified_email";

export type TResetFactor =
  | { kind: "code"; code: string }
  | { kind: "passkey"; response: AuthenticationResponseJSON; binding: string | undefined };

export type TResetPasswordResult =
  | { ok: true; recovery: "password" | "second_factor" | "delayed" }
  | TFailure<typeof RECOVERY, "INVALID_LINK" | "FACTOR_REQUIRED" | "WRONG_FACTOR" | "RATE_LIMITED">
  | TFailure<typeof PASSWORD, "INVALID_PASSWORD" | "PASSWORD_MISMATCH">;

const INVALID_TOKEN = fail(RECOVERY, "INVALID_LINK", { link: "password_reset" });

export async function resetRequirement(deps: TDeps, tenant: TTenant, user: TUser, now: Date) {
  const [authenticators, open] = await Promise.all([
    loadAuthenticators(deps.store, tenant, user.id),
    deps.store.recoveryRequests.findOpen(tenant.id, user.id),
  ]);
  const factors = summarizeAuthenticators(authenticators);
  const requirement: TResetRequirement =
    user.emailVerifiedAt === null
      ? "unverified_email"
      : !hasAnySecondFactor(authenticators)
        ? "none"
        : open && recoveryState(open, now) === "ready"
          ? "delayed_recovery_ready"
          : "second_factor";
  return { factors, open, requirement };
}

export type TResetTarget = {
  email: string;
  requirement: TResetRequirement;
  factors: TAuthenticatorSummary;
  /** A delayed recovery still waiting: when it can be used. */
  waitingUntil: Date | null;
};

/** A still-usable reset link (not used up): its hash, the address it went to and its user. */
export type TResetLink = { tokenHash: string; email: string; user: TUser };

export async function findResetLink(
  deps: TDeps,
  tenant: TTenant,
  token: unknown,
  now: Date,
): Promise<TResetLink | null> {
  if (!isWellFormedToken(token)) return null;
  const tokenHash = hashToken(token);
  const pending = await deps.store.tokens.findUsable(tenant.id, "password_reset", tokenHash, now);
  if (!pending) return null;
  const user = await deps.store.users.findById(tenant.id, pending.userId);
  return user ? { tokenHash, email: pending.email, user } : null;
}

/** The account a still-usable link belongs to (to render the form); does not use the token up. */
export async function findResetTarget(deps: TDeps, tenant: TTenant, token: unknown): Promise<TResetTarget | null> {
  const now = deps.now();
  const link = await findResetLink(deps, tenant, token, now);
  if (!link) return null;
  const { factors, open, requirement } = await resetRequirement(deps, tenant, link.user, now);
  return {
    email: link.email,
    requirement,
    factors,
    waitingUntil: open && recoveryState(open, now) === "waiting" ? open.availableAt : null,
  };
}

type TResetFailure = Extract<TResetPasswordResult, { ok: false }>;

/**
 * How the reset was proven, beyond the link: the link alone was enough ("link", "delayed_recovery",
 * "first_mailbox_proof"), a passkey of the link's user was verified, or a code (TOTP or recovery)
 * was given that commitReset uses up in its own transaction, so that a reset which does not happen
 * (the link was used meanwhile) gives it back.
 */
type TResetFactorProof =
  | { kind: "link"; method: "link" | "delayed_recovery" | "first_mailbox_proof" }
  | { kind: "passkey" }
  | { kind: "code"; code: string };

declare const RESET_PROOF: unique symbol;

/**
 * What proveResetFactor established: the link is usable and whose it is, the new password passes
 * the policy and matches its confirmation, and the account's second factor (if it needs one) is
 * proven. Only this module mints one (a branded type, and commitReset refuses any object it did
 * not mint).
 */
export type TResetProof = {
  readonly [RESET_PROOF]: true;
  readonly user: TUser;
  readonly tokenHash: string;
  /** The new password, hashed. */
  readonly passwordHash: string;
  readonly requirement: TResetRequirement;
  readonly open: TRecoveryRequest | null;
  readonly factor: TResetFactorProof;
};

const minted = new WeakSet<object>();

function mintProof(proof: Omit<TResetProof, typeof RESET_PROOF>): TResetProof {
  const value = Object.freeze({ ...proof }) as TResetProof;
  minted.add(value);
  return value;
}

/**
 * Checks what a reset needs before anything changes: a usable link, an acceptable new password,
 * and, unless the link alone is enough (no second factor, a delayed recovery waited out, or an
 * address nobody confirmed), a TOTP code, a recovery code or a passkey of the link's user. A wrong
 * or missing factor is throttled and audited and leaves the link usable.
 */
export async function proveResetFactor(
  deps: TDeps,
  tenant: TTenant,
  input: { token: unknown; password: string; confirmPassword: string; factor?: TResetFactor },
  meta: TRequestMeta,
): Promise<{ ok: true; proof: TResetProof } | TResetFailure> {
  const now = deps.now();
  const link = await findResetLink(deps, tenant, input.token, now);
  if (!link) return INVALID_TOKEN;
  const { user, tokenHash } = link;
  const refused = await refuseNewPassword(deps, tenant, user, input, "password_reset", meta);
  if (refused) return refused;
  const { open, requirement } = await resetRequirement(deps, tenant, user, now);
  const proof = async (factor: TResetFactorProof) => ({
    ok: true as const,
    proof: mintProof({ user, tokenHash, passwordHash: await hashPassword(input.password), requirement, open, factor }),
  });
  if (requirement !== "second_factor") {
    return proof({
      kind: "link",
      method:
        requirement === "delayed_recovery_ready"
          ? "delayed_recovery"
          : requirement === "unverified_email"
            ? "first_mailbox_proof"
            : "link",
    });
  }
  const limit = await consumeRateLimit(
    deps.store,
    `reset-factor:${tenant.id}:${user.id}`,
    RESET_FACTOR_ATTEMPTS.limit,
    RESET_FACTOR_ATTEMPTS.windowSeconds,
    now,
  );
  if (!limit.allowed) {
    await auditFactorFailure(deps, tenant, user, "throttled", input.factor?.kind ?? null, meta);
    return fail(RECOVERY, "RATE_LIMITED", {
      retryAfterSeconds: limit.retryAfterSeconds,
      limit: "reset_factor_attempts",
    });
  }
  if (!input.factor || (input.factor.kind === "code" && !input.factor.code.trim()))
    return factorFailed(deps, tenant, user, "missing", input.factor?.kind ?? null, meta);
  if (input.factor.kind === "code") return proof({ kind: "code", code: input.factor.code });
  // Bound to the link's user: a passkey of anyone else (or of another tenant) does not count.
  const verified = await verifyAssertion(deps, tenant, input.factor.response, input.factor.binding, user.id, meta);
  if (!verified.ok) return factorFailed(deps, tenant, user, "passkey_failed", "passkey", meta);
  return proof({ kind: "passkey" });
}

async function auditFactorFailure(
  deps: TDeps,
  tenant: TTenant,
  user: TUser,
  reason: string,
  factor: TResetFactor["kind"] | null,
  meta: TRequestMeta,
) {
  await withTransaction(deps, (txDeps) =>
    recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: user.id,
      type: AUDIT.passwordResetFactorFailed,
      meta,
      data: { reason, factor },
      at: txDeps.now(),
    }),
  );
}

async function factorFailed(
  deps: TDeps,
  tenant: TTenant,
  user: TUser,
  reason: "missing" | "passkey_failed" | "wrong_code",
  factor: TResetFactor["kind"] | null,
  meta: TRequestMeta,
): Promise<TResetFailure> {
  await auditFactorFailure(deps, tenant, user, reason, factor, meta);
  return reason === "missing"
    ? fail(RECOVERY, "FACTOR_REQUIRED", { passwordless: false })
    : fail(RECOVERY, "WRONG_FACTOR");
}

type TRemovedFactors = Awaited<ReturnType<TRepositories["recoveryFactors"]["removeAll"]>>;

/**
 * A matured delayed recovery used by the reset: the request completed (a conditional UPDATE, so
 * `null` when another request completed it first: the caller rolls back) and the factors it
 * bypassed removed. Returns what was removed.
 */
export async function completeDelayedRecovery(
  store: TRepositories,
  tenant: TTenant,
  user: TUser,
  open: TRecoveryRequest,
  meta: TRequestMeta,
  now: Date,
  detail: Record<string, unknown> = {},
): Promise<TRemovedFactors | null> {
  if (!(await store.recoveryRequests.complete(tenant.id, open.id, now))) return null;
  const removed = await store.recoveryFactors.removeAll(tenant.id, user.id);
  await recordAudit(store, {
    tenantId: tenant.id,
    userId: user.id,
    type: AUDIT.recoveryCompleted,
    meta,
    data: { requestId: open.id, kind: open.kind, removedFactors: removed, ...detail },
    at: now,
  });
  return removed;
}

/**
 * The first proof of the mailbox: whatever was set up before it was not set up by a proven owner,
 * so every factor goes, with the sign-in history, and a waiting recovery is cancelled.
 */
export async function forgetUnprovenSetup(
  store: TRepositories,
  tenant: TTenant,
  user: TUser,
  open: TRecoveryRequest | null,
  now: Date,
): Promise<TRemovedFactors> {
  const removed = await store.recoveryFactors.removeAll(tenant.id, user.id);
  await forgetSignInHistory(store, tenant.id, user.id);
  if (open) await store.recoveryRequests.cancel(tenant.id, open.id, "user:reset", now);
  return removed;
}

/**
 * What every completed recovery does to the account, in its transaction: the locks guessing put on
 * it lifted (a disabled account stays disabled), the address the link went to proven, and the
 * account marked recovered.
 */
export async function markAccountRecovered(
  store: Pick<TRepositories, "users" | "knownDevices">,
  tenant: TTenant,
  user: TUser,
  linkEmail: string,
  now: Date,
): Promise<void> {
  if (user.status !== "disabled") await liftLocks(store, tenant.id, user.id);
  // Following the link proved control of the address it was sent to.
  if (!user.emailVerifiedAt) await store.users.markEmailVerified(tenant.id, user.id, linkEmail, now);
  // Any recovery starts the cool-down (see cool-down.ts), also one proven with a second factor:
  // the factor could be a recovery code printed long ago, and the mailbox may be the attacker's.
  await store.users.markRecovered(tenant.id, user.id, now);
}

/**
 * Makes a proven reset, in one transaction: a code factor is used up, the token consumed, the
 * password set, every session ended, a lock lifted, the account marked recovered (cool-down), a
 * waiting recovery cancelled (the factor was found after all) or a matured one completed (its
 * bypassed factors removed), and the user notified. The user is not signed in.
 */
export async function commitReset(
  deps: TDeps,
  tenant: TTenant,
  proof: TResetProof,
  meta: TRequestMeta,
): Promise<TResetPasswordResult> {
  if (!minted.has(proof)) throw new Error("commitReset: not a proof from proveResetFactor");
  const { user, tokenHash, requirement, open } = proof;
  const now = deps.now();
  type TOutcome =
    | { ok: true; method: string; removed: { passkeys: number; totp: number; recoveryCodes: number } | null }
    | { ok: false; code: "WRONG_CODE" | "TOKEN_USED" };
  const outcome = await withTransaction<TOutcome>(deps, async (txDeps, rollback) => {
    let method: string;
    if (proof.factor.kind === "code") {
      const used = (
        await proveCode(txDeps, tenant, user.id, proof.factor.code, now, {
          accept: { totp: true, recoveryCode: true },
        })
      ).method;
      if (!used) return { ok: false, code: "WRONG_CODE" };
      method = used;
    } else method = proof.factor.kind === "passkey" ? "passkey" : proof.factor.method;
    // Consumed last but in the same transaction: if another request used the link meanwhile, the
    // rollback gives back the code just used, so nothing is spent on a reset that did not happen.
    const consumed = await txDeps.store.tokens.consume(tenant.id, "password_reset", tokenHash, now);
    if (!consumed || consumed.userId !== user.id) return rollback({ ok: false, code: "TOKEN_USED" });
    await txDeps.store.passwords.set(tenant.id, user.id, proof.passwordHash, now);
    const ended = await txDeps.store.sessions.revokeAllForUser(tenant.id, user.id, "password_reset", now);
    await endAppSessions(txDeps.store, tenant, user.id, now);
    const wasLocked = user.status === "locked";
    await markAccountRecovered(txDeps.store, tenant, user, consumed.email, now);
    let removed: TRemovedFactors | null = null;
    if (requirement === "unverified_email") {
      // The password was replaced above; everything else set up before this proof goes.
      removed = await forgetUnprovenSetup(txDeps.store, tenant, user, open, now);
    } else if (open) {
      if (requirement === "delayed_recovery_ready") {
        removed = await completeDelayedRecovery(txDeps.store, tenant, user, open, meta, now, { endedSessions: ended });
        if (!removed) rollback({ ok: false, code: "TOKEN_USED" });
      } else if (await txDeps.store.recoveryRequests.cancel(tenant.id, open.id, "user:reset", now)) {
        // The user could still prove a factor (or no longer has one): the bypass is not needed.
        await recordAudit(txDeps.store, {
          tenantId: tenant.id,
          userId: user.id,
          type: AUDIT.recoveryCancelled,
          meta,
          data: { requestId: open.id, by: "password_reset", method },
          at: now,
        });
      }
    }
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: user.id,
      type: AUDIT.passwordReset,
      meta,
      data: {
        endedSessions: ended,
        unlocked: wasLocked,
        method,
        ...(requirement === "unverified_email" ? { removedFactors: removed } : {}),
      },
      at: now,
    });
    const resetUrl = tenantUrl(txDeps, tenant, "forgot-password");
    const tellRemoved =
      removed !== null &&
      (requirement !== "unverified_email" || removed.passkeys + removed.totp + removed.recoveryCodes > 0);
    await queueMail(
      txDeps,
      tenant,
      user.email,
      removed && tellRemoved
        ? templates.accountRecovered(tenant, describeRemoved(removed), resetUrl)
        : templates.passwordChanged(tenant, "reset", resetUrl),
    );
    return { ok: true, method, removed };
  });
  if (!outcome.ok)
    return outcome.code === "TOKEN_USED" ? INVALID_TOKEN : factorFailed(deps, tenant, user, "wrong_code", "code", meta);
  await clearSignInFailures(deps.store, tenant.id, user.email);
  return {
    ok: true,
    recovery:
      requirement === "unverified_email"
        ? "password"
        : outcome.removed
          ? "delayed"
          : requirement === "second_factor"
            ? "second_factor"
            : "password",
  };
}

/** A password reset from its link: proveResetFactor, then commitReset with what it proved. */
export async function resetPassword(
  deps: TDeps,
  tenant: TTenant,
  input: { token: unknown; password: string; confirmPassword: string; factor?: TResetFactor },
  meta: TRequestMeta,
): Promise<TResetPasswordResult> {
  const proven = await proveResetFactor(deps, tenant, input, meta);
  return proven.ok ? commitReset(deps, tenant, proven.proof, meta) : proven;
}

function describeRemoved(removed: { passkeys: number; totp: number; recoveryCodes: number }): string {
  const parts = [
    removed.totp > 0 ? "your authenticator app" : null,
    removed.passkeys > 0 ? `${removed.passkeys} passkey${removed.passkeys === 1 ? "" : "s"}` : null,
    removed.recoveryCodes > 0 ? "your recovery codes" : null,
  ].filter((p): p is string => p !== null);
  return parts.length
    ? `${parts.join(", ")} ${parts.length === 1 && removed.recoveryCodes === 0 && removed.passkeys <= 1 ? "was" : "were"} removed`
    : "no second factor had to be removed";
}
