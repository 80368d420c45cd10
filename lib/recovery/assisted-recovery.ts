// Recovery started on someone else's word: a reset link to the account's own address (support's
// "send a reset link"), and the assisted recovery that support or an organisation's administrator
// opens for someone who lost every second factor. Whoever starts it never sets, sees or receives a
// password, code or link: the link goes to the account's own address, so its owner still proves
// control of it. Both run inside the caller's transaction, which also writes the caller's audit row.
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { queueMail, tenantUrl } from "../mail/queue-mail";
import type { TMailContent } from "../mail/templates";
import { RESET_TTL_MINUTES } from "../identity/verification-token";
import { generateToken, hashToken } from "../security/tokens";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";

/** Issues a single-use reset link to the user's own address (the one they would ask for), in `txDeps`. */
export async function mailResetLink(
  txDeps: TDeps,
  tenant: TTenant,
  user: TUser,
  content: (url: string, minutes: number) => TMailContent,
) {
  const now = txDeps.now();
  const token = generateToken();
  await txDeps.store.tokens.revokeOutstanding(tenant.id, user.id, "password_reset", now);
  await txDeps.store.tokens.create({
    tenantId: tenant.id,
    userId: user.id,
    purpose: "password_reset",
    tokenHash: hashToken(token),
    email: user.email,
    expiresAt: new Date(now.getTime() + RESET_TTL_MINUTES * 60_000),
    at: now,
  });
  await queueMail(
    txDeps,
    tenant,
    user.email,
    content(tenantUrl(txDeps, tenant, "reset-password", { token }), RESET_TTL_MINUTES),
  );
}

/**
 * Opens a recovery that is ready now and mails its reset link to the user's own address. Using it
 * sets a new password, removes the bypassed factors, ends every session and starts the
 * post-recovery cool-down (the same completion as a delayed recovery). A waiting delayed recovery
 * is replaced by it (cancelled in the name of `startedBy`, e.g. "staff:<id>" or "user:<id>").
 */
export async function openAssistedRecovery(
  txDeps: TDeps,
  tenant: TTenant,
  user: TUser,
  input: { startedBy: string; meta: TRequestMeta; content: (url: string, minutes: number) => TMailContent },
): Promise<{ requestId: string; replaced: string | null }> {
  const now = txDeps.now();
  const open = await txDeps.store.recoveryRequests.findOpen(tenant.id, user.id);
  if (open) await txDeps.store.recoveryRequests.cancel(tenant.id, open.id, input.startedBy, now);
  const request = await txDeps.store.recoveryRequests.create({
    tenantId: tenant.id,
    userId: user.id,
    kind: "assisted",
    // Nobody holds this token: the owner's way out is simply not to use the reset link.
    cancelTokenHash: hashToken(generateToken()),
    availableAt: now,
    ip: input.meta.ip,
    userAgent: input.meta.userAgent?.slice(0, 512) ?? null,
    at: now,
  });
  await mailResetLink(txDeps, tenant, user, input.content);
  return { requestId: request.id, replaced: open?.id ?? null };
}
