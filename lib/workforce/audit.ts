// Staff actions in the audit log: who (staffId), which tenant (null for platform events such as
// creating a tenant), what, and why where a justification is required. Written with the
// repositories of the transaction that makes the change.
import { auditEventSpec, type TAuditType } from "../audit/catalog";
import { auditRow } from "../audit/events";
import type { TRepositories } from "../db/store";
import type { TRequestMeta } from "../kernel/deps";


export function recordStaffAudit(
  tx: TRepositories,
  event: {
    staffId: string | null;
    tenantId: string | null;
    type: TAuditType;
    userId?: string | null;
    reason?: string | null;
    meta?: TRequestMeta;
    data?: Record<string, unknown>;
    at: Date;
  },
) {
  // A catalogued reason is part of the event: an action that skipped asking for one is a bug.
  if (auditEventSpec(event.type).reasonRequired && !event.reason?.trim()) throw new Error(`audit event ${event.type} needs a reason`);
  return tx.audit.record(auditRow(event));
}
