import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TSession } from "../sessions/types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { queueMail } from "../mail/queue-mail";
import { templates } from "../mail/templates";
import { hashToken, isWellFormedToken } from "../security/tokens";
import { recoveryState, type TRecoveryState } from "./recovery-state";
import { fail, type TFailure } from "../kernel/outcome";
import { RECOVERY } from "./outcomes";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";

export type TCancelRecoveryResult = { ok: true } | TFailure<typeof RECOVERY, "INVALID_LINK" | "NOT_FOUND">;

const INVALID_LINK = fail(RECOVERY, "INVALID_LINK", { link: "recovery_cancel" });

/** What the cancel page shows before the user presses the button (a GET never cancels: mail scanners follow links). */
export async function findRecoveryByCancelToken(
  deps: TDeps,
  tenant: TTenant,
  token: unknown,
): Promise<{ state: TRecoveryState; availableAt: Date } | null> {
  if (!isWellFormedToken(token)) return null;
  const request = await deps.store.recoveryRequests.findByCancelTokenHash(tenant.id, hashToken(token));
  return request ? { state: recoveryState(request, deps.now()), availableAt: request.availableAt } : null;
}

/** The one-click cancel from the mailed link. Works once, only while the request is open, only in its tenant. */
export async function cancelRecoveryByLink(
  deps: TDeps,
  tenant: TTenant,
  input: { token: unknown },
  meta: TRequestMeta,
): Promise<TCancelRecoveryResult> {
  if (!isWellFormedToken(input.token)) return INVALID_LINK;
  const now = deps.now();
  const tokenHash = hashToken(input.token);
  const done = await withTransaction(deps, async (txDeps) => {
    const cancelled = await txDeps.store.recoveryRequests.cancelByToken(tenant.id, tokenHash, "user", now);
    if (!cancelled) return false;
    const user = await txDeps.store.users.findById(tenant.id, cancelled.userId);
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: cancelled.userId,
      type: AUDIT.recoveryCancelled,
      meta,
      data: { requestId: cancelled.id, by: "mailed_link" },
      at: now,
    });
    if (user) await queueMail(txDeps, tenant, user.email, templates.delayedRecoveryCancelled(tenant));
    return true;
  });
  if (!done) return INVALID_LINK;
  return { ok: true };
}

/** The open recovery of the signed-in user, for the Security page. */
export async function findOpenRecovery(
  deps: TDeps,
  tenant: TTenant,
  user: TUser,
): Promise<{ id: string; state: TRecoveryState; availableAt: Date } | null> {
  const open = await deps.store.recoveryRequests.findOpen(tenant.id, user.id);
  return open ? { id: open.id, state: recoveryState(open, deps.now()), availableAt: open.availableAt } : null;
}

/**
 * The signed-in user cancels their own pending recovery (they still have their factors, or it was
 * not them). Scoped to tenant and user, so no one can cancel another user's request.
 */
export async function cancelOwnRecovery(
  deps: TDeps,
  tenant: TTenant,
  auth: { session: TSession; user: TUser },
  meta: TRequestMeta,
): Promise<TCancelRecoveryResult> {
  const now = deps.now();
  const open = await deps.store.recoveryRequests.findOpen(tenant.id, auth.user.id);
  if (!open) return fail(RECOVERY, "NOT_FOUND");
  const done = await withTransaction(deps, async (txDeps) => {
    if (!(await txDeps.store.recoveryRequests.cancel(tenant.id, open.id, "user", now))) return false;
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: auth.user.id,
      type: AUDIT.recoveryCancelled,
      meta,
      data: { requestId: open.id, by: "account", sessionId: auth.session.id },
      at: now,
    });
    await queueMail(txDeps, tenant, auth.user.email, templates.delayedRecoveryCancelled(tenant));
    return true;
  });
  if (!done) return fail(RECOVERY, "NOT_FOUND");
  return { ok: true };
}
