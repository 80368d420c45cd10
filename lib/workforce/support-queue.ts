// The support queue of one tenant: accounts locked after failed attempts (for a while or until
// recovered), delayed recoveries still waiting, and sign-ins the risk engine blocked in the last
// week, each with the reason, the signals behind it and the account's recent audit trail.
import { AUDIT, type TAuditEvent } from "../audit/catalog";
import { LOCK_REASONS } from "../risk/lockout";
import type { TDeps } from "../kernel/deps";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";

export type TQueueKind = "locked" | "locked_temporarily" | "delayed_recovery" | "risk_blocked";

export type TQueueEntry = {
  kind: TQueueKind;
  user: TUser;
  /** Why the account is here, in words. */
  reason: string;
  since: Date | null;
  until: Date | null;
  /** The facts behind it (failure counts, risk reasons, where the request came from). */
  signals: string[];
  audit: TAuditEvent[];
};

export const QUEUE_KIND_LABELS: Record<TQueueKind, string> = {
  locked: "Locked",
  locked_temporarily: "Paused",
  delayed_recovery: "Delayed recovery",
  risk_blocked: "Risk block",
};

const RISK_WINDOW_DAYS = 7;

function lockReasonText(user: TUser, permanent: boolean): string {
  if (user.lockReason === LOCK_REASONS.secondFactor) {
    return "Too many wrong second-factor codes after a correct password, from new devices: locked until the password is reset or support unlocks it (the password is known to someone).";
  }
  if (user.lockReason === LOCK_REASONS.knownDevice) {
    return "Too many failed attempts from a device that had signed in before: locked for every device until the password is reset or support unlocks it.";
  }
  return permanent
    ? "Too many failed sign-in attempts: locked until the password is reset or support unlocks it."
    : "Too many failed sign-in attempts: sign-in is paused.";
}

export async function supportQueue(deps: TDeps, tenant: TTenant): Promise<TQueueEntry[]> {
  const now = deps.now();
  const entries: Array<Omit<TQueueEntry, "audit">> = [];
  for (const user of await deps.store.users.listLocked(tenant.id, now, 100)) {
    const permanent = user.status === "locked" && user.lockedUntil === null;
    entries.push({
      kind: permanent ? "locked" : "locked_temporarily",
      user,
      reason: lockReasonText(user, permanent),
      since: user.lockedAt,
      until: permanent ? null : user.lockedUntil,
      signals: [
        `${user.failedLoginCount} consecutive failed passwords`,
        ...(user.secondFactorFailures > 0
          ? [`${user.secondFactorFailures} consecutive wrong second-factor codes`]
          : []),
        ...(user.lastFailedAt ? [`last failure ${user.lastFailedAt.toISOString()}`] : []),
      ],
    });
  }
  for (const request of await deps.store.recoveryRequests.listOpen(tenant.id)) {
    const user = await deps.store.users.findById(tenant.id, request.userId);
    if (!user) continue;
    entries.push({
      kind: "delayed_recovery",
      user,
      reason:
        request.kind === "assisted"
          ? "Support started an assisted recovery; the reset link is with the user."
          : "The user lost every second factor and asked for delayed recovery.",
      since: request.requestedAt,
      until: request.availableAt,
      signals: [
        `requested from ${request.ip ?? "an unknown address"}`,
        ...(request.userAgent ? [`with ${request.userAgent.slice(0, 120)}`] : []),
      ],
    });
  }
  const since = new Date(now.getTime() - RISK_WINDOW_DAYS * 86_400_000);
  const blocked = new Map<string, Omit<TQueueEntry, "audit">>();
  for (const event of await deps.store.audit.list(tenant.id, { type: AUDIT.signInRiskAssessed, since, limit: 500 })) {
    // A row whose data no longer fits the catalogue is not evidence of a block.
    if (!event.fits || event.type !== AUDIT.signInRiskAssessed) continue;
    if (event.data.decision !== "block" || !event.userId || blocked.has(event.userId)) continue;
    const user = await deps.store.users.findById(tenant.id, event.userId);
    if (!user) continue;
    blocked.set(event.userId, {
      kind: "risk_blocked",
      user,
      reason: "The risk engine blocked a sign-in.",
      since: event.createdAt,
      until: null,
      signals: [...event.data.reasons.map((r) => r.replace(/_/g, " ")), ...(event.ip ? [`from ${event.ip}`] : [])],
    });
  }
  entries.push(...blocked.values());
  return Promise.all(
    entries.map(async (entry) => ({
      ...entry,
      audit: await deps.store.audit.list(tenant.id, { userId: entry.user.id, limit: 8 }),
    })),
  );
}
