// A tenant's audit log as its admins read it: filtered by customer, event type and UTC date
// range, paged newest first by an exact (createdAt, id) cursor. Every read takes the tenant the
// caller's role was checked for; a customer address is resolved inside that tenant only, so a
// filter can never reach another tenant's rows. Reading the filter from a URL is the web
// adapter's job (lib/next/audit-log-query.ts); the CSV export is ./export.ts.
import { AUDIT_TYPES } from "./catalog";
import type { TTenant } from "../tenancy/types";
import type { TDeps } from "../kernel/deps";

export const AUDIT_LOG_PAGE_SIZE = 50;
/** An export stops here (the newest rows are kept); its audit event records whether it was cut short. */
export const AUDIT_EXPORT_MAX_ROWS = 10_000;
export const EXPORT_BATCH = 1_000;

/** Every event type the portal writes (the one catalogue), for the filter's select. */
export const AUDIT_LOG_TYPES: readonly string[] = AUDIT_TYPES;

export type TAuditCursor = { createdAt: Date; id: string };

export type TAuditLogFilter = {
  /** Normalised customer address, or null for every event. */
  email: string | null;
  type: string | null;
  /** Start of the `from` day (UTC), inclusive. */
  from: Date | null;
  /** Start of the day after the `to` day (UTC), exclusive. */
  to: Date | null;
  before: TAuditCursor | null;
  /** The submitted values, to refill the form and build links. */
  values: TAuditLogFilterValues;
};

export type TAuditLogFilterValues = { user: string; type: string; from: string; to: string };

const CURSOR_PATTERN = /^(\d{1,15})_([0-9a-f-]{36})$/;

export function encodeAuditCursor(cursor: TAuditCursor): string {
  return `${cursor.createdAt.getTime()}_${cursor.id}`;
}

export function decodeAuditCursor(value: string): TAuditCursor | null {
  const match = CURSOR_PATTERN.exec(value);
  if (!match) return null;
  const createdAt = new Date(Number(match[1]));
  return Number.isNaN(createdAt.getTime()) ? null : { createdAt, id: match[2]! };
}

export type TAuditLogRow = {
  id: string;
  createdAt: Date;
  type: string;
  userId: string | null;
  userEmail: string | null;
  staffId: string | null;
  staffName: string | null;
  reason: string | null;
  ip: string | null;
  userAgent: string | null;
  /** The event's data as stored (read back against the catalogue by the repository). */
  data: Readonly<Record<string, unknown>>;
};

export type TAuditLogPage = {
  rows: TAuditLogRow[];
  /** Cursor of the next (older) page, or null when this is the last one. */
  older: TAuditCursor | null;
  /** The filter named a customer address that has no account in this tenant. */
  unknownUser: boolean;
};

export type TScope = { userId?: string; type?: string; from?: Date; to?: Date };

/** Resolves the address inside `tenant` only; undefined scope means "no account, no rows". */
export async function scopeOf(deps: TDeps, tenant: TTenant, filter: TAuditLogFilter): Promise<TScope | undefined> {
  const scope: TScope = { type: filter.type ?? undefined, from: filter.from ?? undefined, to: filter.to ?? undefined };
  if (!filter.email) return scope;
  const user = await deps.store.users.findByEmail(tenant.id, filter.email);
  return user ? { ...scope, userId: user.id } : undefined;
}

export async function fetchRows(
  deps: TDeps,
  tenant: TTenant,
  scope: TScope,
  before: TAuditCursor | null,
  limit: number,
) {
  return deps.store.audit.page(tenant.id, { ...scope, before: before ?? undefined, limit });
}

type TEventRow = Awaited<ReturnType<TDeps["store"]["audit"]["page"]>>[number];

/** Adds the customer's address and the staff member's name to each event. */
export async function labelRows(deps: TDeps, tenant: TTenant, events: TEventRow[]): Promise<TAuditLogRow[]> {
  const userIds = [...new Set(events.map((e) => e.userId).filter((id): id is string => id !== null))];
  const staffIds = [...new Set(events.map((e) => e.staffId).filter((id): id is string => id !== null))];
  const [users, staff] = await Promise.all([
    userIds.length > 0 ? deps.store.users.listEmailsByIds(tenant.id, userIds) : Promise.resolve([]),
    staffIds.length > 0 ? deps.store.staff.listNamesByIds(staffIds) : Promise.resolve([]),
  ]);
  const emails = new Map(users.map((u) => [u.id, u.email]));
  const names = new Map(staff.map((s) => [s.id, s.name]));
  return events.map((e) => ({
    id: e.id,
    createdAt: e.createdAt,
    type: e.type,
    userId: e.userId,
    userEmail: e.userId ? (emails.get(e.userId) ?? null) : null,
    staffId: e.staffId,
    staffName: e.staffId ? (names.get(e.staffId) ?? null) : null,
    reason: e.reason,
    ip: e.ip,
    userAgent: e.userAgent,
    data: e.data,
  }));
}

export async function auditLogPage(
  deps: TDeps,
  tenant: TTenant,
  filter: TAuditLogFilter,
  pageSize = AUDIT_LOG_PAGE_SIZE,
): Promise<TAuditLogPage> {
  const scope = await scopeOf(deps, tenant, filter);
  if (!scope) return { rows: [], older: null, unknownUser: true };
  const events = await fetchRows(deps, tenant, scope, filter.before, pageSize + 1);
  const shown = events.slice(0, pageSize);
  const last = shown.at(-1);
  return {
    rows: await labelRows(deps, tenant, shown),
    older: events.length > pageSize && last ? { createdAt: last.createdAt, id: last.id } : null,
    unknownUser: false,
  };
}
