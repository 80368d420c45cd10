import { z } from "zod";
import { defineOutcomes } from "../kernel/outcome";

export const AUDIT_FILTER_FIELDS = ["user", "type", "from", "to", "before"] as const;
export const ZAuditFilterProblem = z.enum([
  "one_value",
  "email",
  "type",
  "from_date",
  "to_date",
  "date_order",
  "cursor",
]);
export type TAuditFilterProblem = z.infer<typeof ZAuditFilterProblem>;

/** The audit log's filter, read from a URL. */
export const AUDIT_FILTER = defineOutcomes("audit_filter", {
  /**
   * `unreadable`: the query is not one the filter understands at all; otherwise `problems` names what is wrong per
   * field.
   */
  INVALID_FILTER: {
    status: 400,
    params: z.object({
      unreadable: z.boolean(),
      problems: z.partialRecord(z.enum(AUDIT_FILTER_FIELDS), ZAuditFilterProblem),
    }),
  },
});
