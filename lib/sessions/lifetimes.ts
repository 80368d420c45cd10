// Session lifetimes per assurance level. Defaults follow NIST SP 800-63B-4 §5 (AAL1: 30 days, no
// idle limit; AAL2: 24 h, 1 h idle; AAL3: 12 h, 15 min idle) and are also the caps: a tenant may
// set shorter limits per level (Tenant.sessionLimits) and overall (sessionAbsoluteMinutes,
// sessionIdleMinutes), never longer ones.
import type { TTenant } from "../tenancy/types";

export type TLifetime = { absoluteMinutes: number; idleMinutes: number | null };

export const NIST_LIMITS: Record<1 | 2 | 3, TLifetime> = {
  1: { absoluteMinutes: 30 * 24 * 60, idleMinutes: null },
  2: { absoluteMinutes: 24 * 60, idleMinutes: 60 },
  3: { absoluteMinutes: 12 * 60, idleMinutes: 15 },
};

export { ZSessionLimitsSchema, type TSessionLimits } from "./types";

const minOf = (values: Array<number | null | undefined>): number | null => {
  const numbers = values.filter((v): v is number => typeof v === "number");
  return numbers.length > 0 ? Math.min(...numbers) : null;
};

export function sessionLifetimes(
  tenant: Pick<TTenant, "sessionIdleMinutes" | "sessionAbsoluteMinutes" | "sessionLimits">,
  aal: number,
): TLifetime {
  const level: 1 | 2 | 3 = aal >= 3 ? 3 : aal === 2 ? 2 : 1;
  const cap = NIST_LIMITS[level];
  const own = tenant.sessionLimits[String(level) as "1" | "2" | "3"];
  const absoluteMinutes =
    minOf([cap.absoluteMinutes, tenant.sessionAbsoluteMinutes, own?.absoluteMinutes]) ?? cap.absoluteMinutes;
  const idleMinutes = minOf([cap.idleMinutes, tenant.sessionIdleMinutes, own?.idleMinutes]);
  return { absoluteMinutes, idleMinutes };
}

/** lastSeenAt is written at most this often, so each page view is not a database write. */
export const TOUCH_INTERVAL_MS = 60_000;
