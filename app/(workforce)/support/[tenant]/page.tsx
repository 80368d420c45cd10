import type { Metadata } from "next";
import Link from "next/link";
import { TenantNav } from "@/components/workforce/tenant-nav";
import { AuditTrail } from "@/components/workforce/user-overview";
import { getDeps } from "@/lib/next/deps";
import { requireStaffTenant } from "@/lib/next/workforce";
import { QUEUE_KIND_LABELS, supportQueue } from "@/lib/workforce/support-queue";

export const metadata: Metadata = { title: "Queue" };

export default async function QueuePage({ params }: { params: Promise<{ tenant: string }> }) {
  const slug = (await params).tenant;
  const { tenant } = await requireStaffTenant("support", slug, `/support/${slug}`);
  const entries = await supportQueue(getDeps(), tenant);
  return (
    <main>
      <TenantNav console="support" tenant={tenant} current="" />
      <h1 className="mb-4 text-2xl font-bold">Locked and flagged accounts</h1>
      {entries.length === 0 ? (
        <p className="text-gray-800">The queue is empty: no locked accounts, waiting recoveries or risk blocks.</p>
      ) : (
        <ul className="space-y-4">
          {entries.map((entry) => (
            <li
              key={`${entry.kind}-${entry.user.id}`}
              className="space-y-3 rounded-lg border border-gray-300 bg-white p-4"
              data-testid="queue-entry"
            >
              <p className="flex flex-wrap items-center gap-2">
                <span className="rounded bg-gray-900 px-2 py-0.5 text-xs font-semibold text-white">
                  {QUEUE_KIND_LABELS[entry.kind]}
                </span>
                <Link href={`/support/${tenant.slug}/users/${entry.user.id}`} className="font-semibold underline">
                  {entry.user.email}
                </Link>
              </p>
              <p className="text-sm text-gray-900">{entry.reason}</p>
              <ul className="list-disc pl-5 text-sm text-gray-800">
                {entry.since ? (
                  <li>
                    since <time dateTime={entry.since.toISOString()}>{entry.since.toUTCString()}</time>
                  </li>
                ) : null}
                {entry.until ? (
                  <li>
                    until <time dateTime={entry.until.toISOString()}>{entry.until.toUTCString()}</time>
                  </li>
                ) : null}
                {entry.signals.map((signal) => (
                  <li key={signal}>{signal}</li>
                ))}
              </ul>
              <AuditTrail events={entry.audit} title={`Recent events for ${entry.user.email}`} />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
