import type { TSession, TSessionStage, TTenant, TUser } from "../db/store";
import type { TDeps } from "../kernel/deps";
import { hashToken, isWellFormedToken } from "../security/tokens";
import { sessionLifetimes, TOUCH_INTERVAL_MS } from "./lifetimes";

export type TValidSession = { session: TSession; user: TUser };

/**
 * The session of record lives in the database: a cookie is only as good as its row. Revocation,
 * the absolute and idle timeouts and the account status are all checked here, on every request.
 */
export async function validateSession(
  deps: TDeps,
  tenant: TTenant,
  token: string | undefined,
  options: { stages?: TSessionStage[] } = {},
): Promise<TValidSession | null> {
  if (!isWellFormedToken(token)) return null;
  const session = await deps.store.sessions.findByTokenHash(tenant.id, hashToken(token));
  if (!session || session.revokedAt) return null;
  // A half-finished sign-in grants nothing but the page that finishes it.
  if (!(options.stages ?? ["complete"]).includes(session.stage as TSessionStage)) return null;
  const now = deps.now();
  if (session.absoluteExpiresAt <= now) return null;
  if (session.idleExpiresAt && session.idleExpiresAt <= now) return null;
  const user = await deps.store.users.findById(tenant.id, session.userId);
  if (!user || user.status === "disabled") return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    const { idleMinutes } = sessionLifetimes(tenant, session.aal);
    const idleExpiresAt = idleMinutes === null ? null : new Date(now.getTime() + idleMinutes * 60_000);
    await deps.store.sessions.touch(tenant.id, session.id, now, idleExpiresAt);
    return { session: { ...session, lastSeenAt: now, idleExpiresAt }, user };
  }
  return { session, user };
}
