// A tenant's audit log as its admins see it: filtered by customer, event type and UTC date range,
// paged newest first by an exact (createdAt, id) cursor, and exported as CSV. Every read takes the
// tenant the caller's role was checked for; a customer address is resolved inside that tenant
// only, so a filter can never reach another tenant's rows.
import { z } from "zod";
import { AUDIT, AUDIT_TYPES, isAuditType } from "../audit/catalog";
import type { TTenant } from "../db/store";
import { normalizeEmail } from "../identity/email";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { recordStaffAudit } from "./audit";

export const AUDIT_LOG_PAGE_SIZE = 50;
/** An export stops here (the newest rows are kept); its audit event records whether it was cut short. */
export const AUDIT_EXPORT_MAX_ROWS = 10_000;
const EXPORT_BATCH = 1_000;

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

export type TAuditLogFilterResult =
  | { ok: true; filter: TAuditLogFilter }
  | { ok: false; code: "INVALID_FILTER"; message: string; fieldErrors: Partial<Record<keyof TAuditLogFilterValues | "before", string>>; values: TAuditLogFilterValues };

const DAY_MS = 86_400_000;

/** A calendar date `YYYY-MM-DD` as the start of that UTC day; null when not a real date. */
export function parseUtcDate(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2026-02-30 over into March: such a date is not one the user meant.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || year < 2000) return null;
  return date;
}

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

// Query values arrive as strings, repeated keys as arrays, missing ones as undefined: only a single
// string counts, so `?type=a&type=b` is refused instead of guessed.
const ZQueryValue = z.union([z.string(), z.array(z.string()), z.undefined()]).transform((v) => (v === undefined ? "" : v));
const ZFilterQuerySchema = z.object({ user: ZQueryValue, type: ZQueryValue, from: ZQueryValue, to: ZQueryValue, before: ZQueryValue });
const ZUserEmailSchema = z.email();

export type TAuditLogQuery = Record<string, string | string[] | undefined>;

/** Reads the filter from a query (page search params or a route's URLSearchParams); never throws. */
export function parseAuditLogFilter(query: TAuditLogQuery | URLSearchParams): TAuditLogFilterResult {
  const raw: TAuditLogQuery = query instanceof URLSearchParams ? queryFromSearchParams(query) : query;
  const parsed = ZFilterQuerySchema.safeParse({ user: raw.user, type: raw.type, from: raw.from, to: raw.to, before: raw.before });
  const single = (v: string | string[] | undefined) => (typeof v === "string" ? v.slice(0, 300) : "");
  const values: TAuditLogFilterValues = { user: single(raw.user).trim(), type: single(raw.type), from: single(raw.from), to: single(raw.to) };
  const errors: Partial<Record<keyof TAuditLogFilterValues | "before", string>> = {};
  if (!parsed.success) {
    return { ok: false, code: "INVALID_FILTER", message: "The filter could not be read. Clear it and try again.", fieldErrors: {}, values };
  }
  for (const key of ["user", "type", "from", "to", "before"] as const) {
    if (Array.isArray(parsed.data[key])) errors[key] = "Give one value only.";
  }

  let email: string | null = null;
  if (values.user) {
    const normalized = normalizeEmail(values.user);
    if (normalized.length > 254 || !ZUserEmailSchema.safeParse(normalized).success) errors.user ??= "Enter a full email address, like name@example.com.";
    else email = normalized;
  }
  const type = values.type || null;
  if (type && !isAuditType(type)) errors.type ??= "Choose an event type from the list.";
  const from = values.from ? parseUtcDate(values.from) : null;
  if (values.from && !from) errors.from ??= "Enter the start date as YYYY-MM-DD.";
  const toDay = values.to ? parseUtcDate(values.to) : null;
  if (values.to && !toDay) errors.to ??= "Enter the end date as YYYY-MM-DD.";
  if (from && toDay && from > toDay) errors.to ??= "The end date must be on or after the start date.";
  const rawBefore = single(raw.before);
  const before = rawBefore ? decodeAuditCursor(rawBefore) : null;
  if (rawBefore && !before) errors.before ??= "That page link is not valid. Start from the newest events.";

  const messages = Object.values(errors);
  if (messages.length > 0) return { ok: false, code: "INVALID_FILTER", message: messages.join(" "), fieldErrors: errors, values };
  return { ok: true, filter: { email, type, from, to: toDay ? new Date(toDay.getTime() + DAY_MS) : null, before, values } };
}

function queryFromSearchParams(params: URLSearchParams): TAuditLogQuery {
  const out: TAuditLogQuery = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0] : all;
  }
  return out;
}

/** The query string of a filter (without the cursor unless given), for links and the export. */
export function auditLogQueryString(values: TAuditLogFilterValues, before?: TAuditCursor | null): string {
  const params = new URLSearchParams();
  for (const key of ["user", "type", "from", "to"] as const) if (values[key]) params.set(key, values[key]);
  if (before) params.set("before", encodeAuditCursor(before));
  const s = params.toString();
  return s ? `?${s}` : "";
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
  data: string;
};

export type TAuditLogPage = {
  rows: TAuditLogRow[];
  /** Cursor of the next (older) page, or null when this is the last one. */
  older: TAuditCursor | null;
  /** The filter named a customer address that has no account in this tenant. */
  unknownUser: boolean;
};

type TScope = { userId?: string; type?: string; from?: Date; to?: Date };

/** Resolves the address inside `tenant` only; undefined scope means "no account, no rows". */
async function scopeOf(deps: TDeps, tenant: TTenant, filter: TAuditLogFilter): Promise<TScope | undefined> {
  const scope: TScope = { type: filter.type ?? undefined, from: filter.from ?? undefined, to: filter.to ?? undefined };
  if (!filter.email) return scope;
  const user = await deps.store.users.findByEmail(tenant.id, filter.email);
  return user ? { ...scope, userId: user.id } : undefined;
}

async function fetchRows(deps: TDeps, tenant: TTenant, scope: TScope, before: TAuditCursor | null, limit: number) {
  return deps.store.audit.page(tenant.id, { ...scope, before: before ?? undefined, limit });
}

type TEventRow = Awaited<ReturnType<TDeps["store"]["audit"]["page"]>>[number];

/** Adds the customer's address and the staff member's name to each event. */
async function labelRows(deps: TDeps, tenant: TTenant, events: TEventRow[]): Promise<TAuditLogRow[]> {
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

export async function auditLogPage(deps: TDeps, tenant: TTenant, filter: TAuditLogFilter, pageSize = AUDIT_LOG_PAGE_SIZE): Promise<TAuditLogPage> {
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

// --- CSV -------------------------------------------------------------------------------------

/**
 * One CSV cell. A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return
 * that it strips first) as a formula, so a customer who signs up as `=HYPERLINK(...)@x.test` or
 * sends such a user agent could run code on an admin's machine: those cells get a leading
 * apostrophe, which spreadsheets show as text. Then RFC 4180 quoting: a cell with a comma, quote
 * or line break is quoted and its quotes doubled.
 */
export function csvCell(value: string | number | Date | null | undefined): string {
  let text = value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: ReadonlyArray<string | number | Date | null | undefined>): string {
  return cells.map(csvCell).join(",");
}

export const AUDIT_CSV_HEADER = ["time_utc", "type", "user_email", "user_id", "staff_name", "staff_id", "reason", "ip", "user_agent", "data"] as const;

export function auditRowsToCsv(rows: readonly TAuditLogRow[]): string {
  const lines = [csvLine(AUDIT_CSV_HEADER)];
  for (const r of rows) lines.push(csvLine([r.createdAt, r.type, r.userEmail, r.userId, r.staffName, r.staffId, r.reason, r.ip, r.userAgent, r.data]));
  return `${lines.join("\r\n")}\r\n`;
}

export function auditExportFilename(tenantSlug: string, now: Date): string {
  return `audit-${tenantSlug}-${now.toISOString().slice(0, 10)}.csv`;
}

export type TAuditExport = { csv: string; filename: string; rows: number; truncated: boolean };

/**
 * The filtered log (newest first, from the newest event: a page cursor is ignored) as CSV, at
 * most AUDIT_EXPORT_MAX_ROWS rows. Taking a copy of customer data out of the portal is itself a
 * staff action, so it is recorded with who did it and which filter they used.
 */
export async function exportAuditLog(
  deps: TDeps,
  tenant: TTenant,
  filter: TAuditLogFilter,
  staffId: string,
  meta: TRequestMeta,
  limits: { maxRows: number; batch: number } = { maxRows: AUDIT_EXPORT_MAX_ROWS, batch: EXPORT_BATCH },
): Promise<TAuditExport> {
  const scope = await scopeOf(deps, tenant, filter);
  const rows: TAuditLogRow[] = [];
  let truncated = false;
  if (scope) {
    let before: TAuditCursor | null = null;
    for (;;) {
      const size = Math.min(limits.batch, limits.maxRows - rows.length);
      const batch = await fetchRows(deps, tenant, scope, before, size + 1);
      const take = batch.slice(0, size);
      rows.push(...(await labelRows(deps, tenant, take)));
      const last = take.at(-1);
      if (batch.length <= take.length || !last) break;
      if (rows.length >= limits.maxRows) {
        truncated = true;
        break;
      }
      before = { createdAt: last.createdAt, id: last.id };
    }
  }
  const now = deps.now();
  await recordStaffAudit(deps.store, {
    staffId,
    tenantId: tenant.id,
    type: AUDIT.auditExported,
    meta,
    data: { filter: { user: filter.email, type: filter.type, from: filter.values.from || null, to: filter.values.to || null }, rows: rows.length, truncated },
    at: now,
  });
  return { csv: auditRowsToCsv(rows), filename: auditExportFilename(tenant.slug, now), rows: rows.length, truncated };
}
