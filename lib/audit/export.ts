// The audit log as CSV, and the record that a copy of it left the portal.
import { AUDIT } from "./catalog";
import { recordStaffAudit } from "./events";
import {
  AUDIT_EXPORT_MAX_ROWS,
  EXPORT_BATCH,
  fetchRows,
  labelRows,
  scopeOf,
  type TAuditCursor,
  type TAuditLogFilter,
  type TAuditLogRow,
} from "./log";
import type { TTenant } from "../tenancy/types";
import type { TDeps, TRequestMeta } from "../kernel/deps";

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

export const AUDIT_CSV_HEADER = [
  "time_utc",
  "type",
  "user_email",
  "user_id",
  "staff_name",
  "staff_id",
  "reason",
  "ip",
  "user_agent",
  "data",
] as const;

export function auditRowsToCsv(rows: readonly TAuditLogRow[]): string {
  const lines = [csvLine(AUDIT_CSV_HEADER)];
  for (const r of rows)
    lines.push(
      csvLine([
        r.createdAt,
        r.type,
        r.userEmail,
        r.userId,
        r.staffName,
        r.staffId,
        r.reason,
        r.ip,
        r.userAgent,
        JSON.stringify(r.data),
      ]),
    );
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
    data: {
      filter: { user: filter.email, type: filter.type, from: filter.values.from || null, to: filter.values.to || null },
      rows: rows.length,
      truncated,
    },
    at: now,
  });
  return { csv: auditRowsToCsv(rows), filename: auditExportFilename(tenant.slug, now), rows: rows.length, truncated };
}
