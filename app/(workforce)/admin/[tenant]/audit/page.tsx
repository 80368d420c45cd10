import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { AuditLogFilterForm, AuditLogTable } from "@/components/workforce/audit-log";
import { TenantNav } from "@/components/workforce/tenant-nav";
import { getDeps } from "@/lib/next/deps";
import { needsStaffStepUp, requireStaffTenant, staffStepUpPath } from "@/lib/next/workforce";
import { AUDIT_EXPORT_MAX_ROWS, AUDIT_LOG_PAGE_SIZE, AUDIT_LOG_TYPES, auditLogPage } from "@/lib/audit/log";
import { auditLogQueryString, parseAuditLogFilter } from "@/lib/next/audit-log-query";
import { messageFor } from "@/lib/copy";
import { auditFilterFieldWords } from "@/lib/copy/words";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditLogPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const slug = (await params).tenant;
  const query = await searchParams;
  const parsed = parseAuditLogFilter(query);
  const base = `/admin/${slug}/audit`;
  const here = `${base}${parsed.ok ? auditLogQueryString(parsed.filter.values, parsed.filter.before) : ""}`;
  const { tenant, auth } = await requireStaffTenant("admin", slug, here);
  const exportNeedsStepUp = needsStaffStepUp(auth);
  const page = parsed.ok ? await auditLogPage(getDeps(), tenant, parsed.filter) : null;
  const values = parsed.ok ? parsed.filter.values : parsed.values;
  const filtered = Boolean(values.user || values.type || values.from || values.to);
  return (
    <main>
      <TenantNav console="admin" tenant={tenant} current="/audit" />
      <h1 className="mb-2 text-2xl font-bold">Audit log</h1>
      <p className="mb-4 text-sm text-gray-800">
        Everything recorded for {tenant.name}&apos;s customers and staff, newest first, {AUDIT_LOG_PAGE_SIZE} to a page.
        Times and dates are UTC.
      </p>
      <AuditLogFilterForm
        action={base}
        values={values}
        types={AUDIT_LOG_TYPES}
        errors={parsed.ok ? {} : auditFilterFieldWords(parsed.params.problems)}
      />
      {!parsed.ok ? (
        <Alert tone="error">{messageFor(parsed)}</Alert>
      ) : page && page.unknownUser ? (
        <Alert tone="info">No customer account of {tenant.name} uses that email address.</Alert>
      ) : page && page.rows.length === 0 ? (
        <p className="text-gray-800">
          {filtered || parsed.filter.before ? "No events match this filter." : "Nothing recorded yet."}
        </p>
      ) : page ? (
        <div className="space-y-4">
          <p className="flex flex-wrap items-center gap-3 text-sm">
            {exportNeedsStepUp ? (
              // Copying customer data out of the portal is a console action: it needs a fresh code.
              <a
                href={staffStepUpPath("admin", here)}
                className="rounded-md border border-gray-400 bg-white px-3 py-1 font-semibold text-gray-900"
              >
                Confirm it&apos;s you to download CSV
              </a>
            ) : (
              <a
                href={`${base}/export${auditLogQueryString(values)}`}
                className="rounded-md border border-gray-400 bg-white px-3 py-1 font-semibold text-gray-900"
                download
              >
                Download CSV
              </a>
            )}
            <span className="text-gray-800">
              Every event matching the filter, up to {AUDIT_EXPORT_MAX_ROWS.toLocaleString("en")} rows. The download is
              recorded in this log.
            </span>
          </p>
          <AuditLogTable
            rows={page.rows}
            caption={filtered ? "Audit events matching the filter, newest first" : "Audit events, newest first"}
            userHref={(userId) => `/admin/${tenant.slug}/users/${userId}`}
          />
          <nav aria-label="Audit log pages" className="flex gap-3 text-sm">
            {parsed.filter.before ? (
              <Link href={`${base}${auditLogQueryString(values)}`} className="font-semibold underline">
                Newest events
              </Link>
            ) : null}
            {page.older ? (
              <Link
                href={`${base}${auditLogQueryString(values, page.older)}`}
                className="font-semibold underline"
                rel="next"
              >
                Older events
              </Link>
            ) : null}
          </nav>
        </div>
      ) : null}
    </main>
  );
}
