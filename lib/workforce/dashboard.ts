// The admin dashboard: per-day counts over the last 30 days of the events that show a tenant's
// health and the abuse it sees (sign-ups, sign-ins, failed sign-ins, lockouts, step-ups), so a
// credential-stuffing spike or a broken sign-in page stands out. Days are UTC days, bucketed here
// rather than in SQL so the same code runs on SQLite and PostgreSQL.
import { AUDIT } from "../audit/events";
import type { TTenant } from "../db/store";
import type { TDeps } from "../kernel/deps";

export const DASHBOARD_DAYS = 30;
const DAY_MS = 86_400_000;

export const DASHBOARD_SERIES = [
  { type: AUDIT.userSignedUp, label: "Sign-ups" },
  { type: AUDIT.userSignedIn, label: "Sign-ins" },
  { type: AUDIT.userSignInFailed, label: "Failed sign-ins" },
  { type: AUDIT.userLocked, label: "Lockouts" },
  { type: AUDIT.stepUpSucceeded, label: "Step-ups" },
] as const;

export type TDaySeries = {
  type: string;
  label: string;
  /** One count per day of `days`, oldest first. */
  counts: number[];
  total: number;
  /** The busiest day (the latest of equal ones), or null when nothing happened. */
  peak: { day: string; count: number } | null;
};

export type TDashboard = {
  /** `YYYY-MM-DD` (UTC), oldest first; the last one is today. */
  days: string[];
  /** Start of the first day: events from here on count. */
  since: Date;
  series: TDaySeries[];
};

export function utcDayKey(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The window: the last `days` UTC days, today (so far) included. */
export function dashboardWindow(now: Date, days = DASHBOARD_DAYS): { since: Date; days: string[] } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (days - 1) * DAY_MS);
  return { since, days: Array.from({ length: days }, (_, i) => utcDayKey(new Date(since.getTime() + i * DAY_MS))) };
}

/**
 * Counts events per type and UTC day. Days without events are zeros (so the chart keeps its
 * shape), and events outside the window (older, or stamped in the future by a skewed clock) are
 * left out rather than piled onto the edge days.
 */
export function bucketByDay(
  events: ReadonlyArray<{ type: string; createdAt: Date }>,
  now: Date,
  series: ReadonlyArray<{ type: string; label: string }> = DASHBOARD_SERIES,
  days = DASHBOARD_DAYS,
): TDashboard {
  const window = dashboardWindow(now, days);
  const index = new Map(window.days.map((day, i) => [day, i]));
  const counts = new Map(series.map((s) => [s.type, new Array<number>(days).fill(0)]));
  for (const event of events) {
    const row = counts.get(event.type);
    const i = index.get(utcDayKey(event.createdAt));
    if (row && i !== undefined) row[i] = (row[i] ?? 0) + 1;
  }
  return {
    days: window.days,
    since: window.since,
    series: series.map(({ type, label }) => {
      const row = counts.get(type) ?? [];
      let peak: TDaySeries["peak"] = null;
      row.forEach((count, i) => {
        if (count > 0 && (!peak || count >= peak.count)) peak = { day: window.days[i]!, count };
      });
      return { type, label, counts: row, total: row.reduce((a, b) => a + b, 0), peak };
    }),
  };
}

export async function tenantDashboard(deps: TDeps, tenant: TTenant): Promise<TDashboard> {
  const now = deps.now();
  const { since } = dashboardWindow(now);
  const events = await deps.store.audit.listTimesSince(
    tenant.id,
    DASHBOARD_SERIES.map((s) => s.type),
    since,
  );
  return bucketByDay(events, now);
}

/** Words for a chart's accessible name: the total and the busiest day. */
export function describeSeries(series: TDaySeries, days = DASHBOARD_DAYS): string {
  const base = `${series.label}: ${series.total} in the last ${days} days`;
  return series.peak ? `${base}, most on ${series.peak.day} (${series.peak.count}).` : `${base}.`;
}
