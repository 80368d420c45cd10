// Writing audit events (declared in ./catalog.ts). Events are written with the repositories of the
// same transaction as the change they describe, so a change without its audit row cannot commit.
import type { TAuditInput, TRepositories } from "../db/store";
import { auditEventSpec, parseAuditData, type TAuditData, type TAuditType } from "./catalog";
import type { TRequestMeta } from "../kernel/deps";

/**
 * The data field of an event of type `T`: required when its catalogue entry has required keys,
 * optional when it declares none.
 */
export type TAuditDataField<T extends TAuditType> = T extends TAuditType
  ? Record<string, never> extends TAuditData<T>
    ? { type: T; data?: TAuditData<T> }
    : { type: T; data: TAuditData<T> }
  : never;

/**
 * An audit row from an event and the request that caused it (the user agent is capped; the data checked against the
 * catalogue).
 */
export function auditRow(event: {
  tenantId: string | null;
  userId?: string | null;
  type: TAuditType;
  meta?: TRequestMeta;
  data?: unknown;
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
    data: parseAuditData(event.type, event.data),
    staffId: event.staffId ?? null,
    reason: event.reason ?? null,
    at: event.at,
  };
}

export function recordAudit<T extends TAuditType>(
  tx: TRepositories,
  event: {
    tenantId: string;
    userId?: string | null;
    /** A customer's written reason, for the events whose catalogue entry requires one. */
    reason?: string | null;
    meta?: TRequestMeta;
    at: Date;
  } & TAuditDataField<T>,
) {
  if (auditEventSpec(event.type).reasonRequired && !event.reason?.trim())
    throw new Error(`audit event ${event.type} needs a reason`);
  return tx.audit.record(auditRow(event));
}

/**
 * A staff action: who (staffId), which tenant (null for platform events such as creating a
 * tenant), what, and why where the catalogue requires a justification.
 */
export function recordStaffAudit<T extends TAuditType>(
  tx: TRepositories,
  event: {
    staffId: string | null;
    tenantId: string | null;
    userId?: string | null;
    reason?: string | null;
    meta?: TRequestMeta;
    at: Date;
  } & TAuditDataField<T>,
) {
  // A catalogued reason is part of the event: an action that skipped asking for one is a bug.
  if (auditEventSpec(event.type).reasonRequired && !event.reason?.trim())
    throw new Error(`audit event ${event.type} needs a reason`);
  return tx.audit.record(auditRow(event));
}
