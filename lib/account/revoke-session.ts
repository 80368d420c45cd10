import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TSession } from "../sessions/types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { fail, type TFailure } from "../kernel/outcome";
import { assertStepUp, needsStepUp, type TNeedsStepUp } from "../step-up/step-up";
import { SESSION } from "../sessions/outcomes";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";
import { endAppSessions } from "../sessions/app-sessions";

/** Ends one of the signed-in user's own sessions. Another user's (or tenant's) session id finds nothing. */
export async function revokeSession(
  deps: TDeps,
  tenant: TTenant,
  current: TSession,
  targetSessionId: string,
  meta: TRequestMeta,
): Promise<{ ok: true; endedCurrent: boolean } | TFailure<typeof SESSION, "NOT_FOUND">> {
  const now = deps.now();
  return withTransaction(deps, async (txDeps) => {
    const ended = await txDeps.store.sessions.revoke(tenant.id, current.userId, targetSessionId, "user_ended", now);
    if (!ended) return fail(SESSION, "NOT_FOUND");
    await endAppSessions(txDeps.store, tenant, current.userId, now);
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: current.userId,
      type: AUDIT.sessionRevoked,
      meta,
      data: { sessionId: targetSessionId, current: targetSessionId === current.id },
      at: now,
    });
    return { ok: true as const, endedCurrent: targetSessionId === current.id };
  });
}

export async function revokeOtherSessions(
  deps: TDeps,
  tenant: TTenant,
  auth: { session: TSession; user: TUser },
  meta: TRequestMeta,
): Promise<{ ok: true; count: number } | TNeedsStepUp> {
  const now = deps.now();
  const current = auth.session;
  return withTransaction(deps, async (txDeps) => {
    const gate = await assertStepUp(txDeps, tenant, auth, "sessions.revoke_all", meta);
    if (!gate.ok) return needsStepUp(gate);
    const count = await txDeps.store.sessions.revokeAllForUser(
      tenant.id,
      current.userId,
      "user_ended_others",
      now,
      current.id,
    );
    await endAppSessions(txDeps.store, tenant, current.userId, now);
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: current.userId,
      type: AUDIT.sessionsRevoked,
      meta,
      data: { count },
      at: now,
    });
    return { ok: true as const, count };
  });
}

export async function signOut(deps: TDeps, tenant: TTenant, current: TSession, meta: TRequestMeta) {
  const now = deps.now();
  await withTransaction(deps, async (txDeps) => {
    await txDeps.store.sessions.revoke(tenant.id, current.userId, current.id, "signed_out", now);
    await endAppSessions(txDeps.store, tenant, current.userId, now);
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: current.userId,
      type: AUDIT.userSignedOut,
      meta,
      data: { sessionId: current.id },
      at: now,
    });
  });
}
