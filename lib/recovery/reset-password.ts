import { AUDIT, recordAudit } from "../audit/events";
import type { TTenant } from "../db/store";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { hashPassword } from "../identity/password-hasher";
import { checkPassword } from "../identity/password-policy";
import { queueMail, tenantUrl } from "../mail/queue-mail";
import { templates } from "../mail/templates";
import { clearSignInFailures } from "../risk/login-throttle";
import { hashToken, isWellFormedToken } from "../security/tokens";

export type TResetPasswordResult =
  | { ok: true }
  | { ok: false; code: "INVALID_TOKEN" | "INVALID_PASSWORD" | "PASSWORD_MISMATCH"; message: string; field?: "password" | "confirmPassword" };

const INVALID_TOKEN = {
  ok: false as const,
  code: "INVALID_TOKEN" as const,
  message: "This reset link is invalid, expired or already used. Request a new one.",
};

/** The account a still-usable link belongs to (to render the form); does not use the token up. */
export async function findResetTarget(deps: TDeps, tenant: TTenant, token: unknown): Promise<{ email: string } | null> {
  if (!isWellFormedToken(token)) return null;
  const pending = await deps.store.tokens.findUsable(tenant.id, "password_reset", hashToken(token), deps.now());
  return pending ? { email: pending.email } : null;
}

/**
 * Finishes a reset: the token is consumed in the same transaction that sets the password, ends
 * every session, lifts a failed-attempts lock (the user proved control of the mailbox) and
 * queues a notice. The user is not signed in: they sign in with the new password.
 */
export async function resetPassword(
  deps: TDeps,
  tenant: TTenant,
  input: { token: unknown; password: string; confirmPassword: string },
  meta: TRequestMeta,
): Promise<TResetPasswordResult> {
  const { token } = input;
  if (!isWellFormedToken(token)) return INVALID_TOKEN;
  const now = deps.now();
  const tokenHash = hashToken(token);
  const pending = await deps.store.tokens.findUsable(tenant.id, "password_reset", tokenHash, now);
  if (!pending) return INVALID_TOKEN;
  const user = await deps.store.users.findById(tenant.id, pending.userId);
  if (!user) return INVALID_TOKEN;
  const problem = checkPassword(input.password, { minLength: tenant.minPasswordLength }, { email: user.email, tenantSlug: tenant.slug, tenantName: tenant.name });
  if (problem) return { ok: false, code: "INVALID_PASSWORD", message: problem.message, field: "password" };
  if (input.password.normalize("NFC") !== input.confirmPassword.normalize("NFC")) {
    return { ok: false, code: "PASSWORD_MISMATCH", message: "The two passwords do not match.", field: "confirmPassword" };
  }
  const hash = await hashPassword(input.password);
  const result = await deps.store.transaction(async (tx) => {
    const used = await tx.tokens.consume(tenant.id, "password_reset", tokenHash, now);
    if (!used || used.userId !== user.id) return INVALID_TOKEN;
    await tx.passwords.set(tenant.id, user.id, hash, now);
    const ended = await tx.sessions.revokeAllForUser(tenant.id, user.id, "password_reset", now);
    const wasLocked = user.status === "locked";
    if (user.status !== "disabled") {
      await tx.users.setLockState(tenant.id, user.id, { status: "active", lockReason: null, lockedAt: null, lockedUntil: null, failedLoginCount: 0 });
    }
    // Following the link proved control of the address it was sent to.
    if (!user.emailVerifiedAt) await tx.users.markEmailVerified(tenant.id, user.id, used.email, now);
    await recordAudit(tx, { tenantId: tenant.id, userId: user.id, type: AUDIT.passwordReset, meta, data: { endedSessions: ended, unlocked: wasLocked }, at: now });
    await queueMail(tx, deps, tenant, user.email, templates.passwordChanged(tenant, "reset", tenantUrl(deps, tenant, "forgot-password")));
    return { ok: true as const };
  });
  if (result.ok) {
    await clearSignInFailures(deps.store, tenant.id, user.email);
    deps.onMailQueued?.();
  }
  return result;
}
