// Session lifetimes: the tenant's settings, capped by NIST SP 800-63B-4 §5 for the session's
// assurance level (AAL1 ≤ 30 days; AAL2 ≤ 24 h with ≤ 1 h idle; AAL3 ≤ 12 h with ≤ 15 min idle).
import type { TTenant } from "../db/store";

const CAPS: Record<number, { absoluteMinutes: number; idleMinutes: number | null }> = {
  1: { absoluteMinutes: 30 * 24 * 60, idleMinutes: null },
  2: { absoluteMinutes: 24 * 60, idleMinutes: 60 },
  3: { absoluteMinutes: 12 * 60, idleMinutes: 15 },
};

export function sessionLifetimes(tenant: Pick<TTenant, "sessionIdleMinutes" | "sessionAbsoluteMinutes">, aal: number) {
  const cap = CAPS[aal] ?? CAPS[1]!;
  const absoluteMinutes = Math.min(tenant.sessionAbsoluteMinutes, cap.absoluteMinutes);
  const idleCandidates = [tenant.sessionIdleMinutes, cap.idleMinutes].filter((v): v is number => typeof v === "number");
  const idleMinutes = idleCandidates.length > 0 ? Math.min(...idleCandidates) : null;
  return { absoluteMinutes, idleMinutes };
}

/** lastSeenAt is written at most this often, so each page view is not a database write. */
export const TOUCH_INTERVAL_MS = 60_000;
