import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import { withTransaction } from "../kernel/transaction";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { createPlaceholderUser, runDiscarded } from "../identity/discarded-writes";
import { ZEmailSchema } from "../identity/email";
import { queueMail, tenantUrl } from "../mail/queue-mail";
import { templates } from "../mail/templates";
import { RESET_TTL_MINUTES } from "../identity/verification-token";
import { consumeRateLimit, RATE_LIMITS } from "../risk/rate-limit";
import { generateToken, hashToken } from "../security/tokens";
import { fail, type TFailure } from "../kernel/outcome";
import { RECOVERY } from "./outcomes";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";

export type TRequestResetResult = { ok: true } | TFailure<typeof RECOVERY, "INVALID_EMAIL" | "RATE_LIMITED">;

/**
 * Starts a password reset. The answer is always the same "check your inbox" (ASVS V6.3.8); an
 * existing account gets a single-use link valid for 30 minutes, stored only as a hash, and
 * earlier links stop working. Requests per address are capped silently, per network visibly.
 */
export async function requestPasswordReset(
  deps: TDeps,
  tenant: TTenant,
  input: { email: string },
  meta: TRequestMeta,
): Promise<TRequestResetResult> {
  const parsed = ZEmailSchema.safeParse(input.email);
  if (!parsed.success)
    return fail(RECOVERY, "INVALID_EMAIL", {
      problem: parsed.error.issues[0]?.code === "too_big" ? "too_long" : "invalid",
    });
  const email = parsed.data;
  const now = deps.now();
  const perIp = await consumeRateLimit(
    deps.store,
    `reset:ip:${tenant.id}:${meta.ip ?? "unknown"}`,
    RATE_LIMITS.resetPerIp.limit,
    RATE_LIMITS.resetPerIp.windowSeconds,
    now,
  );
  if (!perIp.allowed) {
    return fail(RECOVERY, "RATE_LIMITED", {
      retryAfterSeconds: perIp.retryAfterSeconds,
      limit: "reset_requests_per_network",
    });
  }
  const perAddress = await consumeRateLimit(
    deps.store,
    `reset:id:${tenant.id}:${email}`,
    RATE_LIMITS.resetPerAccount.limit,
    RATE_LIMITS.resetPerAccount.windowSeconds,
    now,
  );
  const user = await deps.store.users.findByEmail(tenant.id, email);
  const token = generateToken();
  const tokenHash = hashToken(token);
  const content = templates.passwordReset(
    tenant,
    tenantUrl(deps, tenant, "reset-password", { token }),
    RESET_TTL_MINUTES,
  );
  const issueLink = async (txDeps: TDeps, target: TUser) => {
    await txDeps.store.tokens.revokeOutstanding(tenant.id, target.id, "password_reset", now);
    await txDeps.store.tokens.create({
      tenantId: tenant.id,
      userId: target.id,
      purpose: "password_reset",
      tokenHash,
      email: target.email,
      expiresAt: new Date(now.getTime() + RESET_TTL_MINUTES * 60_000),
      at: now,
    });
    await queueMail(txDeps, tenant, target.email, content);
  };
  const send = user !== null && user.status !== "disabled" && perAddress.allowed;
  await withTransaction(deps, async (txDeps) => {
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: user?.id ?? null,
      type: AUDIT.passwordResetRequested,
      meta,
      data: {
        sent: send,
        reason:
          user === null
            ? "unknown_account"
            : !perAddress.allowed
              ? "rate_limited"
              : user.status === "disabled"
                ? "disabled"
                : null,
      },
      at: now,
    });
    if (send && user) await issueLink(txDeps, user);
  });
  // The path that sends nothing issues the same link to a placeholder account, in a transaction
  // that is rolled back; the one that sends creates (and discards) that placeholder too, so both
  // make the same statements (see discarded-writes.ts). Without it a known address answered ~2 ms slower.
  await runDiscarded(deps, async (txDeps) => {
    const placeholder = await createPlaceholderUser(txDeps.store, tenant, now);
    if (!send) await issueLink(txDeps, placeholder);
  });
  return { ok: true };
}
