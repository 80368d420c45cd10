// Staff sessions: server-side, 15 minutes idle and 8 hours at most, in their own table and cookie.
// A sign-in starts a short pending session (second factor or its enrolment still to come); every
// change of privilege (sign-in completed, second factor proven again) retires the token and issues
// a new one.
import type { TStaffMember, TStaffSession, TStaffSessionStage } from "../db/store";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { generateToken, hashToken, isWellFormedToken } from "../security/tokens";
import { STAFF_POLICY, staffIdleDeadline } from "./policy";

export type TStaffAuth = { session: TStaffSession; staff: TStaffMember };

/** In the transaction `txDeps` is bound to. */
export async function createStaffSession(
  txDeps: TDeps,
  input: {
    staffId: string;
    stage: TStaffSessionStage;
    meta: TRequestMeta;
    steppedUpAt?: Date | null;
    absoluteExpiresAt?: Date;
  },
) {
  const now = txDeps.now();
  const absoluteExpiresAt =
    input.absoluteExpiresAt ??
    new Date(
      now.getTime() +
        (input.stage === "complete" ? STAFF_POLICY.absoluteMinutes : STAFF_POLICY.pendingMinutes) * 60_000,
    );
  const token = generateToken();
  const session = await txDeps.store.staffSessions.create({
    staffId: input.staffId,
    tokenHash: hashToken(token),
    stage: input.stage,
    aal: input.stage === "complete" ? 2 : 1,
    at: now,
    idleExpiresAt: staffIdleDeadline(now, absoluteExpiresAt),
    absoluteExpiresAt,
    steppedUpAt: input.steppedUpAt ?? null,
    ip: input.meta.ip,
    userAgent: input.meta.userAgent?.slice(0, 512) ?? null,
  });
  return { token, session };
}

/**
 * Retires `old` and issues a complete session in its place (sign-in finished, or the second
 * factor proven again). A step-up keeps the original 8-hour limit; a new sign-in starts its own.
 */
export async function replaceStaffSession(
  txDeps: TDeps,
  old: TStaffSession,
  /** `steppedUpAt` keeps the old step-up time (a change that proved nothing new); otherwise it is now. */
  input: { reason: string; meta: TRequestMeta; keepAbsolute: boolean; steppedUpAt?: Date | null },
) {
  if (!(await txDeps.store.staffSessions.revoke(old.id, input.reason, txDeps.now()))) return null;
  return createStaffSession(txDeps, {
    staffId: old.staffId,
    stage: "complete",
    meta: input.meta,
    steppedUpAt: input.steppedUpAt !== undefined ? input.steppedUpAt : txDeps.now(),
    ...(input.keepAbsolute ? { absoluteExpiresAt: old.absoluteExpiresAt } : {}),
  });
}

/**
 * The staff member behind a cookie token, or null: unknown, revoked, idle or past its absolute
 * limit, of a disabled member, or in a stage the caller does not accept. A live complete session
 * slides its idle deadline.
 */
export async function validateStaffSession(
  deps: TDeps,
  token: string | undefined,
  stages: readonly TStaffSessionStage[] = ["complete"],
): Promise<TStaffAuth | null> {
  if (!isWellFormedToken(token)) return null;
  const session = await deps.store.staffSessions.findByTokenHash(hashToken(token));
  if (!session || session.revokedAt) return null;
  if (!stages.includes(session.stage as TStaffSessionStage)) return null;
  const now = deps.now();
  if (now >= session.absoluteExpiresAt || now >= session.idleExpiresAt) {
    await deps.store.staffSessions.revoke(
      session.id,
      now >= session.absoluteExpiresAt ? "absolute_timeout" : "idle_timeout",
      now,
    );
    return null;
  }
  const staff = await deps.store.staff.findById(session.staffId);
  if (!staff || staff.status !== "active") return null;
  if (session.stage === "complete") {
    const idleExpiresAt = staffIdleDeadline(now, session.absoluteExpiresAt);
    // Sliding the deadline costs a write; skip it when the last one was under a minute ago.
    if (now.getTime() - session.lastSeenAt.getTime() >= 60_000) {
      if (!(await deps.store.staffSessions.touch(session.id, now, idleExpiresAt))) return null;
      return { session: { ...session, lastSeenAt: now, idleExpiresAt }, staff };
    }
  }
  return { session, staff };
}
