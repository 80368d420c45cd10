// Writing audit events (declared in ./catalog.ts). Events are written with the repositories of the
// same transaction as the change they describe, so a change without its audit row cannot commit.
import type { TAuditInput, TRepositories } from "../db/store";
import type { TAuditType } from "./catalog";
import type { TRequestMeta } from "../kernel/deps";

/** An audit row from an event and the request that caused it (the user agent is capped). */
export function auditRow(event: {
  tenantId: string | null;
  userId?: string | null;
  type: TAuditType;
  meta?: TRequestMeta;
  data?: Record<string, unknown>;
  staffId?: string | null;
  reason?: string | null;
  at: Date;
}): TAuditInput {
  return {
    tenantId: event.tenantId,
    userId: event.userId ?? null,
    type: event.type,
    ip: event.meta?.ip ?? null,
    userAgent: event.meta?.userAgent?.slice(0, 512) ?? null,
    data: event.data ?? {},
    staffId: event.staffId ?? null,
    reason: event.reason ?? null,
    at: event.at,
  };
}

export function recordAudit(
  tx: TRepositories,
  event: {
    tenantId: string;
    userId?: string | null;
    type: TAuditType;
    meta?: TRequestMeta;
    data?: Record<string, unknown>;
    at: Date;
  },
) {
  return tx.audit.record(auditRow(event));
}
