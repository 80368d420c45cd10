import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TTenant } from "../tenancy/types";
import type { TContextEvent, TSession, TSessionStage } from "./types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { ipPrefix, userAgentFamily } from "../risk/context";
import { decideContextShift } from "../risk/decide";
import { riskPolicyOf } from "../risk/policy";
import { hashToken, isWellFormedToken } from "../security/tokens";
import { tenantForUser } from "../organisations/policy";
import { sessionLifetimes, TOUCH_INTERVAL_MS } from "./lifetimes";
import { stageOf } from "./sign-in-stage";
import type { TUser } from "../identity/types";
import { endAppSessions } from "./app-sessions";

export type TValidSession = { session: TSession; user: TUser };

export type { TContextEvent } from "./types";

/**
 * Re-evaluates a live session whose context shifted (network prefix or user-agent family): the
 * risk engine keeps it, downgrades it (earlier proofs and elevations stop counting for step-up),
 * or ends it. Returns the session as it now stands, or null when it was ended.
 */
async function reevaluateContext(
  deps: TDeps,
  tenant: TTenant,
  session: TSession,
  meta: TRequestMeta,
  now: Date,
): Promise<TSession | null> {
  const prefix = ipPrefix(meta.ip);
  const family = userAgentFamily(meta.userAgent);
  const ipPrefixChanged = session.ipPrefix !== null && prefix !== null && prefix !== session.ipPrefix;
  const userAgentFamilyChanged = session.uaFamily !== null && family !== null && family !== session.uaFamily;
  if (!ipPrefixChanged && !userAgentFamilyChanged) return session;
  const { decision, reasons } = decideContextShift({ ipPrefixChanged, userAgentFamilyChanged }, riskPolicyOf(tenant));
  const event: TContextEvent = { at: now.toISOString(), decision, reasons };
  const from = { ipPrefix: session.ipPrefix, uaFamily: session.uaFamily };
  const to = { ipPrefix: prefix, uaFamily: family };
  return withTransaction(deps, async (txDeps) => {
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: session.userId,
      type: AUDIT.sessionContextChanged,
      meta,
      data: { sessionId: session.id, decision, reasons, from, to },
      at: now,
    });
    if (decision === "end") {
      await txDeps.store.sessions.revoke(tenant.id, session.userId, session.id, "context_changed", now);
      await endAppSessions(txDeps.store, tenant, session.userId, now);
      await txDeps.store.stepUpGrants.revokeForSession(tenant.id, session.id, now);
      return null;
    }
    const downgradedAt = decision === "downgrade" ? now : undefined;
    await txDeps.store.sessions.recordContext(tenant.id, session.id, {
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 512) ?? null,
      ipPrefix: prefix,
      uaFamily: family,
      contextEvent: event,
      downgradedAt,
    });
    if (downgradedAt) await txDeps.store.stepUpGrants.revokeForSession(tenant.id, session.id, now);
    return {
      ...session,
      ip: meta.ip,
      ipPrefix: prefix,
      uaFamily: family,
      contextEvent: event,
      downgradedAt: downgradedAt ?? session.downgradedAt,
    };
  });
}

/**
 * The session of record lives in the database: a cookie is only as good as its row. Revocation,
 * the absolute and idle timeouts, the account status and (given the request's context) a shift
 * of network or browser are all checked here, on every request.
 */
export async function validateSession(
  deps: TDeps,
  tenant: TTenant,
  token: string | undefined,
  options: { stages?: TSessionStage[]; meta?: TRequestMeta } = {},
): Promise<TValidSession | null> {
  if (!isWellFormedToken(token)) return null;
  const found = await deps.store.sessions.findByTokenHash(tenant.id, hashToken(token));
  if (!found || found.revokedAt) return null;
  // A half-finished sign-in grants nothing but the page that finishes it.
  const stage = stageOf(found);
  if (stage === null || !(options.stages ?? ["complete"]).includes(stage)) return null;
  const now = deps.now();
  if (found.absoluteExpiresAt <= now) return null;
  if (found.idleExpiresAt && found.idleExpiresAt <= now) return null;
  const user = await deps.store.users.findById(tenant.id, found.userId);
  if (!user || user.status === "disabled") return null;
  const session = options.meta ? await reevaluateContext(deps, tenant, found, options.meta, now) : found;
  if (!session) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    const { idleMinutes } = sessionLifetimes(await tenantForUser(deps, tenant, user), session.aal);
    const idleExpiresAt = idleMinutes === null ? null : new Date(now.getTime() + idleMinutes * 60_000);
    await deps.store.sessions.touch(tenant.id, session.id, now, idleExpiresAt);
    return { session: { ...session, lastSeenAt: now, idleExpiresAt }, user };
  }
  return { session, user };
}
