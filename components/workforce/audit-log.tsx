import Link from "next/link";
import { Field } from "@/components/ui/field";
import type { TAuditLogFilterValues, TAuditLogRow } from "@/lib/audit/log";
import { ColumnHeads } from "@/components/ui/table";

type TFieldErrors = Partial<Record<keyof TAuditLogFilterValues | "before", string>>;

/** A GET form, so filtering works without JavaScript and a filtered view is a link to share. */
export function AuditLogFilterForm({
  action,
  values,
  types,
  errors,
}: {
  action: string;
  values: TAuditLogFilterValues;
  types: readonly string[];
  errors: TFieldErrors;
}) {
  const typeError = errors.type;
  return (
    <form
      method="get"
      action={action}
      role="search"
      aria-label="Filter the audit log"
      className="mb-6 grid grid-cols-1 items-end gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_2fr_1fr_1fr_auto]"
    >
      <Field
        label="Customer email"
        name="user"
        type="email"
        defaultValue={values.user}
        autoComplete="off"
        error={errors.user}
      />
      <div className="space-y-1">
        <label htmlFor="field-type" className="block text-sm font-medium text-gray-900">
          Event type
        </label>
        <select
          id="field-type"
          name="type"
          defaultValue={values.type}
          aria-invalid={typeError ? true : undefined}
          aria-describedby={typeError ? "field-type-error" : undefined}
          className="block w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-base text-gray-900 shadow-sm aria-[invalid=true]:border-red-700"
        >
          <option value="">All events</option>
          {types.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
        {typeError ? (
          <p id="field-type-error" className="text-sm font-medium text-red-800">
            {typeError}
          </p>
        ) : null}
      </div>
      <Field label="From (UTC)" name="from" type="date" defaultValue={values.from} error={errors.from} />
      <Field label="To (UTC)" name="to" type="date" defaultValue={values.to} error={errors.to} />
      <div className="flex gap-2">
        <button type="submit" className="rounded-md bg-brand px-4 py-2 text-sm font-semibold text-brand-text">
          Filter
        </button>
        <Link
          href={action}
          className="rounded-md border border-gray-400 bg-white px-4 py-2 text-sm font-semibold text-gray-900"
        >
          Clear
        </Link>
      </div>
    </form>
  );
}

function time(date: Date) {
  return <time dateTime={date.toISOString()}>{date.toISOString().replace("T", " ").slice(0, 19)} UTC</time>;
}

export function AuditLogTable({
  rows,
  caption,
  userHref,
}: {
  rows: readonly TAuditLogRow[];
  caption: string;
  userHref: (userId: string) => string;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-gray-300 bg-white">
      <table className="w-full border-collapse text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <ColumnHeads columns={["Time", "Event", "Customer", "Staff", "Reason", "IP address"]} />
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="border-b border-gray-200 align-top" data-testid="audit-row">
              <td className="p-3 whitespace-nowrap">{time(row.createdAt)}</td>
              <td className="p-3">
                <code className="font-mono">{row.type}</code>
              </td>
              <td className="p-3 break-all">
                {row.userId && row.userEmail ? (
                  <Link href={userHref(row.userId)} className="underline">
                    {row.userEmail}
                  </Link>
                ) : row.userId ? (
                  "Deleted account"
                ) : (
                  "—"
                )}
              </td>
              <td className="p-3">{row.staffId ? (row.staffName ?? "Removed staff member") : "—"}</td>
              <td className="p-3">{row.reason ?? "—"}</td>
              <td className="p-3 font-mono">{row.ip ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
