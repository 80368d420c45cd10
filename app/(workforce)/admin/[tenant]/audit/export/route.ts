import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { findStaffTenantAccess, needsStaffStepUp } from "@/lib/next/workforce";
import { exportAuditLog } from "@/lib/audit/export";
import { parseAuditLogFilter } from "@/lib/next/audit-log-query";
import { messageFor } from "@/lib/copy";

export const dynamic = "force-dynamic";

const TEXT = { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" };

/** The filtered audit log as a CSV download, for admins of this tenant only. */
export async function GET(request: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const access = await findStaffTenantAccess("admin", (await params).tenant);
  // Same answer for no session, another tenant's admin and a tenant that does not exist.
  if (!access) return new Response("Not found.", { status: 404, headers: TEXT });
  // An export copies customer data out of the portal: like every console action it needs the
  // second factor proven within the last 5 minutes.
  if (needsStaffStepUp(access.auth))
    return new Response("Confirm it's you with your passkey or a fresh authenticator code, then download again.", {
      status: 403,
      headers: TEXT,
    });
  const parsed = parseAuditLogFilter(new URL(request.url).searchParams);
  if (!parsed.ok) return new Response(messageFor(parsed), { status: parsed.status, headers: TEXT });
  const result = await exportAuditLog(
    getDeps(),
    access.tenant,
    parsed.filter,
    access.auth.staff.id,
    await getRequestMeta(),
  );
  return new Response(result.csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${result.filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
