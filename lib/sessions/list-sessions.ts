import { describeDevice } from "../risk/context";
import type { TTenant } from "../tenancy/types";
import type { TDeps } from "../kernel/deps";
import type { TContextEvent, TSession } from "./types";

export type TSessionView = {
  id: string;
  device: string;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  aal: number;
  amr: string[];
  current: boolean;
  /** The last context re-evaluation, in words, when the session's network or browser changed. */
  context: string | null;
};

const REASON_TEXT: Record<string, string> = {
  ip_prefix_changed: "network changed",
  user_agent_family_changed: "browser changed",
};
const DECISION_TEXT: Record<string, string> = {
  keep: "session kept",
  downgrade: "sensitive actions need confirmation again",
  end: "session ended",
};

export function describeContextEvent(event: TContextEvent | null): string | null {
  if (!event) return null;
  const reasons = event.reasons.map((r) => REASON_TEXT[r] ?? r).join(" and ");
  return `${reasons.charAt(0).toUpperCase()}${reasons.slice(1)} at ${new Date(event.at).toUTCString()}: ${DECISION_TEXT[event.decision]}.`;
}

export async function listSessions(deps: TDeps, tenant: TTenant, current: TSession): Promise<TSessionView[]> {
  const sessions = await deps.store.sessions.listActive(tenant.id, current.userId, deps.now());
  return sessions
    .map((s) => ({
      id: s.id,
      device: describeDevice(s.userAgent),
      ip: s.ip,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      aal: s.aal,
      amr: s.amr,
      current: s.id === current.id,
      context: describeContextEvent(s.contextEvent),
    }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}
