// Repositories for the audit log: writing events and reading them back per tenant or staff member.
import { randomUUID } from "node:crypto";
import { readStoredAudit, type TAuditEvent, type TStoredAudit } from "../../audit/catalog";
import { parseJson, toAuditEvent } from "../rows";
import type { TDb } from "../types";

export type { TAuditEvent } from "../../audit/catalog";

export type TAuditInput = {
  tenantId: string | null;
  userId?: string | null;
  type: string;
  ip?: string | null;
  userAgent?: string | null;
  data?: Record<string, unknown>;
  /** The staff member who acted, for workforce actions. */
  staffId?: string | null;
  /** The staff member's written justification, where one is required. */
  reason?: string | null;
  at: Date;
};

export function auditRepositories(db: TDb) {
  return {
    audit: {
      record: async (input: TAuditInput): Promise<void> => {
        await db.auditEvent.create({
          data: {
            id: randomUUID(),
            tenantId: input.tenantId,
            userId: input.userId ?? null,
            type: input.type,
            ip: input.ip ?? null,
            userAgent: input.userAgent ?? null,
            data: JSON.stringify(input.data ?? {}),
            staffId: input.staffId ?? null,
            reason: input.reason ?? null,
            createdAt: input.at,
          },
        });
      },
      list: async (
        tenantId: string,
        filter: { userId?: string; type?: string; since?: Date; limit?: number } = {},
      ): Promise<TAuditEvent[]> =>
        (
          await db.auditEvent.findMany({
            where: {
              tenantId,
              ...(filter.userId ? { userId: filter.userId } : {}),
              ...(filter.type ? { type: filter.type } : {}),
              ...(filter.since ? { createdAt: { gte: filter.since } } : {}),
            },
            orderBy: { createdAt: "desc" },
            take: filter.limit ?? 100,
          })
        ).map(toAuditEvent),
      /**
       * One page of a tenant's audit log, newest first, for the admin console and its CSV export.
       * `before` is the (createdAt, id) of the last row already shown: ordering by both makes the
       * cursor exact even when many events share a timestamp. `to` is exclusive.
       */
      page: async (
        tenantId: string,
        filter: {
          userId?: string;
          type?: string;
          from?: Date;
          to?: Date;
          before?: { createdAt: Date; id: string };
          limit: number;
        },
      ): Promise<TAuditEvent[]> =>
        (
          await db.auditEvent.findMany({
            where: {
              AND: [
                { tenantId },
                filter.userId ? { userId: filter.userId } : {},
                filter.type ? { type: filter.type } : {},
                filter.from ? { createdAt: { gte: filter.from } } : {},
                filter.to ? { createdAt: { lt: filter.to } } : {},
                filter.before
                  ? {
                      OR: [
                        { createdAt: { lt: filter.before.createdAt } },
                        { createdAt: filter.before.createdAt, id: { lt: filter.before.id } },
                      ],
                    }
                  : {},
              ],
            },
            orderBy: [{ createdAt: "desc" }, { id: "desc" }],
            take: filter.limit,
          })
        ).map(toAuditEvent),
      /**
       * A tenant's event counts of `types` in each half-open range [start, end): what the dashboard
       * charts. Counted in the database on the (tenantId, type, createdAt) index, one grouped
       * query per range, so memory stays flat however many events a spike brings.
       */
      countByTypeInRanges: (
        tenantId: string,
        types: readonly string[],
        ranges: ReadonlyArray<{ start: Date; end: Date }>,
      ) =>
        Promise.all(
          ranges.map(async ({ start, end }) =>
            (
              await db.auditEvent.groupBy({
                by: ["type"],
                where: { tenantId, type: { in: [...types] }, createdAt: { gte: start, lt: end } },
                _count: { _all: true },
              })
            ).map((row) => ({ type: row.type, count: row._count._all })),
          ),
        ),
      /**
       * Events of one type between `start` (inclusive) and `end`, counted per distinct data, in the
       * database (the (tenantId, type, createdAt) index, one grouped query). For a type whose data
       * names one thing only (`app.signed_in`: the client id), that is a count per thing.
       */
      /** Events of `type` in the range, counted per distinct data, each read back against the catalogue. */
      countByDataInRange: async (
        tenantId: string,
        type: string,
        range: { start: Date; end: Date },
      ): Promise<Array<{ event: TStoredAudit; count: number }>> =>
        (
          await db.auditEvent.groupBy({
            by: ["data"],
            where: { tenantId, type, createdAt: { gte: range.start, lt: range.end } },
            _count: { _all: true },
          })
        ).map((row) => ({ event: readStoredAudit(type, parseJson(row.data)), count: row._count._all })),
    },

    staffAudit: {
      /** What one staff member did (and what was done to their account), newest first. */
      listForStaff: async (staffId: string, limit = 100): Promise<TAuditEvent[]> =>
        (await db.auditEvent.findMany({ where: { staffId }, orderBy: { createdAt: "desc" }, take: limit })).map(
          toAuditEvent,
        ),
    },
  };
}
