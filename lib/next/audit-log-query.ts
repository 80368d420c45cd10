// The audit log's filter as it travels in a URL (the console page's search params, the export
// route's query): read into the domain's filter, refused with field messages, and written back
// for links. Never throws.
import { z } from "zod";
import { isAuditType } from "../audit/catalog";
import { decodeAuditCursor, encodeAuditCursor, type TAuditCursor, type TAuditLogFilter, type TAuditLogFilterValues } from "../audit/log";
import { normalizeEmail } from "../identity/email";

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

