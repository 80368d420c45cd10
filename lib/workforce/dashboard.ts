// The admin dashboard: per-day counts over the last 30 days of the events that show a tenant's
// health and the abuse it sees (sign-ups, sign-ins, failed sign-ins, lockouts, step-ups), so a
// credential-stuffing spike or a broken sign-in page stands out. Days are UTC days; each day is one
// grouped count in the database (the same query on SQLite and PostgreSQL), never a list of events.
import { AUDIT } from "../audit/catalog";
import type { TTenant } from "../tenancy/types";
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
  /** Per registered app, in registration order: its successful sign-ins over the window. */
  appSignIns: TAppSignIns[];
};

export type TAppSignIns = { clientId: string; name: string; count: number };

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
 * The series from per-day counts (`perDay[i]` holds the counts of `window.days[i]`). Days without
 * events are zeros, so the chart keeps its shape; types outside `series` are ignored.
 */
export function dashboardFromCounts(
  window: { since: Date; days: string[] },
  perDay: ReadonlyArray<ReadonlyArray<{ type: string; count: number }>>,
  series: ReadonlyArray<{ type: string; label: string }> = DASHBOARD_SERIES,
): Omit<TDashboard, "appSignIns"> {
  const counts = new Map(series.map((s) => [s.type, new Array<number>(window.days.length).fill(0)]));
  perDay.forEach((rows, i) => {
    for (const { type, count } of rows) {
      const row = counts.get(type);
      if (row && i < row.length) row[i] = count;
    }
  });
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

/**
 * Counts per type and UTC day, in the database. Events outside the window (older, or stamped in
 * the future by a skewed clock) are left out rather than piled onto the edge days.
 */
export async function tenantDashboard(deps: TDeps, tenant: TTenant): Promise<TDashboard> {
  const window = dashboardWindow(deps.now());
  const ranges = window.days.map((_, i) => ({
    start: new Date(window.since.getTime() + i * DAY_MS),
    end: new Date(window.since.getTime() + (i + 1) * DAY_MS),
  }));
  const perDay = await deps.store.audit.countByTypeInRanges(
    tenant.id,
    DASHBOARD_SERIES.map((s) => s.type),
    ranges,
  );
  const appSignIns = await appSignInsOf(deps, tenant, {
    start: window.since,
    end: new Date(window.since.getTime() + window.days.length * DAY_MS),
  });
  return { ...dashboardFromCounts(window, perDay), appSignIns };
}

/**
 * Sign-ins by app: the `app.signed_in` events of the window (an authorization code issued to the
 * app, silent SSO included), grouped by their data, which is the client id alone; every app the
 * tenant has registered is listed, those without a sign-in with 0. Apps since removed are left out.
 */
export async function appSignInsOf(
  deps: TDeps,
  tenant: Pick<TTenant, "id">,
  range: { start: Date; end: Date },
): Promise<TAppSignIns[]> {
  const [apps, groups] = await Promise.all([
    deps.store.oidcClients.list(tenant.id),
    deps.store.audit.countByDataInRange(tenant.id, AUDIT.appSignedIn, range),
  ]);
  const perClient = new Map<string, number>();
  for (const { event, count } of groups)
    if (event.fits && event.type === AUDIT.appSignedIn)
      perClient.set(event.data.clientId, (perClient.get(event.data.clientId) ?? 0) + count);
  return apps.map((app) => ({ clientId: app.clientId, name: app.name, count: perClient.get(app.clientId) ?? 0 }));
}

/** Words for a chart's accessible name: the total and the busiest day. */
export function describeSeries(series: TDaySeries, days = DASHBOARD_DAYS): string {
  const base = `${series.label}: ${series.total} in the last ${days} days`;
  return series.peak ? `${base}, most on ${series.peak.day} (${series.peak.count}).` : `${base}.`;
}
