import type { TSession } from "../db/store";

/** Factor changes need a factor proven within this window (a fresh password or passkey). */
export const RECENT_PROOF_MS = 5 * 60_000;

export function methodTimesOf(session: Pick<TSession, "methodTimes">): Record<string, string> {
  try {
    const value: unknown = JSON.parse(session.methodTimes);
    if (typeof value !== "object" || value === null) return {};
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return {};
  }
}

/** True when some factor was proven in this session within `maxAgeMs` of `now`. */
export function hasRecentProof(session: Pick<TSession, "methodTimes">, now: Date, maxAgeMs = RECENT_PROOF_MS): boolean {
  return Object.values(methodTimesOf(session)).some((iso) => {
    const at = Date.parse(iso);
    return Number.isFinite(at) && at <= now.getTime() && now.getTime() - at <= maxAgeMs;
  });
}
