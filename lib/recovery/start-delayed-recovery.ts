import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TTenant } from "../tenancy/types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { hasAnySecondFactor, loadAuthenticators } from "../identity/authenticators";
import { queueMail, tenantUrl } from "../mail/queue-mail";
import { templates } from "../mail/templates";
import { consumeRateLimit } from "../risk/rate-limit";
import { generateToken, hashToken } from "../security/tokens";
import { findResetLink } from "./reset-password";
import { recoveryAvailableAt } from "./recovery-state";
import { fail, type TFailure } from "../kernel/outcome";
import { RECOVERY } from "./outcomes";

/**
 * Starting a delayed recovery needs a reset link, so it is as rate-limited and as silent about
 * accounts as forgot-password (which issues the links). These extra limits stop a mailbox holder
 * from churning requests (each one mails the user).
 */
export const DELAYED_RECOVERY_LIMITS = {
  perAccount: { limit: 3, windowSeconds: 24 * 60 * 60 },
  perIp: { limit: 10, windowSeconds: 60 * 60 },
} as const;

export type TStartDelayedRecoveryResult =
  { ok: true; availableAt: Date } | TFailure<typeof RECOVERY, "INVALID_LINK" | "NO_SECOND_FACTOR" | "RATE_LIMITED">;

const INVALID_TOKEN = fail(RECOVERY, "INVALID_LINK", { link: "password_reset" });

/**
 * "I can't use any of my second factors": uses the reset link up and opens a recovery request that
 * waits the tenant's `recoveryWaitHours`. The user's address gets a notice with a one-click cancel
 * link (stored only as a hash). After the wait, a new reset link sets the password without a factor
 * and removes the bypassed factors. An already waiting request is kept (not restarted), so asking
 * again never shortens or extends the wait.
 */
export async function startDelayedRecovery(
  deps: TDeps,
  tenant: TTenant,
  input: { token: unknown },
  meta: TRequestMeta,
): Promise<TStartDelayedRecoveryResult> {
  const now = deps.now();
  const link = await findResetLink(deps, tenant, input.token, now);
  if (!link) return INVALID_TOKEN;
  const { user, tokenHash } = link;
  if (!hasAnySecondFactor(await loadAuthenticators(deps.store, tenant, user.id))) {
    return fail(RECOVERY, "NO_SECOND_FACTOR");
  }
  const perIp = await consumeRateLimit(
    deps.store,
    `recovery:ip:${tenant.id}:${meta.ip ?? "unknown"}`,
    DELAYED_RECOVERY_LIMITS.perIp.limit,
    DELAYED_RECOVERY_LIMITS.perIp.windowSeconds,
    now,
  );
  const perAccount = perIp.allowed
    ? await consumeRateLimit(
        deps.store,
        `recovery:id:${tenant.id}:${user.id}`,
        DELAYED_RECOVERY_LIMITS.perAccount.limit,
        DELAYED_RECOVERY_LIMITS.perAccount.windowSeconds,
        now,
      )
    : perIp;
  if (!perAccount.allowed) {
    return fail(RECOVERY, "RATE_LIMITED", {
      retryAfterSeconds: perAccount.retryAfterSeconds,
      limit: "recovery_requests",
    });
  }
  const cancelToken = generateToken();
  const result = await withTransaction(deps, async (txDeps) => {
    const used = await txDeps.store.tokens.consume(tenant.id, "password_reset", tokenHash, now);
    if (!used || used.userId !== user.id) return INVALID_TOKEN;
    const existing = await txDeps.store.recoveryRequests.findOpen(tenant.id, user.id);
    if (existing) {
      await recordAudit(txDeps.store, {
        tenantId: tenant.id,
        userId: user.id,
        type: AUDIT.recoveryRequested,
        meta,
        data: { requestId: existing.id, repeated: true },
        at: now,
      });
      return { ok: true as const, availableAt: existing.availableAt };
    }
    const availableAt = recoveryAvailableAt(now, tenant.recoveryWaitHours);
    const created = await txDeps.store.recoveryRequests.create({
      tenantId: tenant.id,
      userId: user.id,
      kind: "delayed",
      cancelTokenHash: hashToken(cancelToken),
      availableAt,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 512) ?? null,
      at: now,
    });
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: user.id,
      type: AUDIT.recoveryRequested,
      meta,
      data: { requestId: created.id, kind: "delayed", availableAt: availableAt.toISOString() },
      at: now,
    });
    // Every address the account has on record (today: its one, verified by the link just used).
    await queueMail(
      txDeps,
      tenant,
      user.email,
      templates.delayedRecoveryStarted(
        tenant,
        availableAt,
        tenant.recoveryWaitHours,
        tenantUrl(txDeps, tenant, "recover/cancel", { token: cancelToken }),
      ),
    );
    return { ok: true as const, availableAt };
  });
  if (!result.ok) return result;
  return { ok: true, availableAt: result.availableAt };
}
