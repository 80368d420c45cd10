// The audit log's filter as it travels in a URL (the console page's search params, the export
// route's query): read into the domain's filter, refused with a problem code per field, and written back
// for links. Never throws.
import { z } from "zod";
import { isAuditType } from "../audit/catalog";
import { AUDIT_FILTER, type TAuditFilterProblem } from "../audit/outcomes";
import { fail, type TFailure } from "../kernel/outcome";
import {
  decodeAuditCursor,
  encodeAuditCursor,
  type TAuditCursor,
  type TAuditLogFilter,
  type TAuditLogFilterValues,
} from "../audit/log";
import { normalizeEmail } from "../identity/email";

export type TAuditLogFilterResult =
  | { ok: true; filter: TAuditLogFilter }
  | (TFailure<typeof AUDIT_FILTER, "INVALID_FILTER"> & { values: TAuditLogFilterValues });

const DAY_MS = 86_400_000;

/** A calendar date `YYYY-MM-DD` as the start of that UTC day; null when not a real date. */
export function parseUtcDate(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2026-02-30 over into March: such a date is not one the user meant.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || year < 2000)
    return null;
  return date;
}

// Query values arrive as strings, repeated keys as arrays, missing ones as undefined: only a single
// string counts, so `?type=a&type=b` is refused instead of guessed.
const ZQueryValue = z
  .union([z.string(), z.array(z.string()), z.undefined()])
  .transform((v) => (v === undefined ? "" : v));
const ZFilterQuerySchema = z.object({
  user: ZQueryValue,
  type: ZQueryValue,
  from: ZQueryValue,
  to: ZQueryValue,
  before: ZQueryValue,
});
const ZUserEmailSchema = z.email();

export type TAuditLogQuery = Record<string, string | string[] | undefined>;

/** Reads the filter from a query (page search params or a route's URLSearchParams); never throws. */
export function parseAuditLogFilter(query: TAuditLogQuery | URLSearchParams): TAuditLogFilterResult {
  const raw: TAuditLogQuery = query instanceof URLSearchParams ? queryFromSearchParams(query) : query;
  const parsed = ZFilterQuerySchema.safeParse({
    user: raw.user,
    type: raw.type,
    from: raw.from,
    to: raw.to,
    before: raw.before,
  });
  const single = (v: string | string[] | undefined) => (typeof v === "string" ? v.slice(0, 300) : "");
  const values: TAuditLogFilterValues = {
    user: single(raw.user).trim(),
    type: single(raw.type),
    from: single(raw.from),
    to: single(raw.to),
  };
  const errors: Partial<Record<keyof TAuditLogFilterValues | "before", TAuditFilterProblem>> = {};
  if (!parsed.success) return { ...fail(AUDIT_FILTER, "INVALID_FILTER", { unreadable: true, problems: {} }), values };
  for (const key of ["user", "type", "from", "to", "before"] as const) {
    if (Array.isArray(parsed.data[key])) errors[key] = "one_value";
  }

  let email: string | null = null;
  if (values.user) {
    const normalized = normalizeEmail(values.user);
    if (normalized.length > 254 || !ZUserEmailSchema.safeParse(normalized).success) errors.user ??= "email";
    else email = normalized;
  }
  const type = values.type || null;
  if (type && !isAuditType(type)) errors.type ??= "type";
  const from = values.from ? parseUtcDate(values.from) : null;
  if (values.from && !from) errors.from ??= "from_date";
  const toDay = values.to ? parseUtcDate(values.to) : null;
  if (values.to && !toDay) errors.to ??= "to_date";
  if (from && toDay && from > toDay) errors.to ??= "date_order";
  const rawBefore = single(raw.before);
  const before = rawBefore ? decodeAuditCursor(rawBefore) : null;
  if (rawBefore && !before) errors.before ??= "cursor";

  if (Object.keys(errors).length > 0)
    return { ...fail(AUDIT_FILTER, "INVALID_FILTER", { unreadable: false, problems: errors }), values };
  return {
    ok: true,
    filter: { email, type, from, to: toDay ? new Date(toDay.getTime() + DAY_MS) : null, before, values },
  };
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
