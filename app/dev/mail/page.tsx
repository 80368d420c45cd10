import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { isLocalOutboxEnabled } from "@/lib/config/env";
import { getDeps } from "@/lib/next/deps";
import { isRequestFromLoopback } from "@/lib/next/peer";
import { listOutbox } from "@/lib/mail/outbox";

export const metadata: Metadata = { title: "Local outbox · Portico" };

/**
 * Mail that would have been sent, for a portal running locally without SMTP. It only exists when
 * SMTP_URL is unset and the base URL is a loopback address, so a real deployment never serves it,
 * and only to a browser on this machine (TCP peer on loopback): the links in it take over accounts.
 */
export default async function OutboxPage() {
  await connection();
  if (!isLocalOutboxEnabled() || !isRequestFromLoopback()) notFound();
  const messages = await listOutbox(getDeps());
  return (
    <main className="mx-auto max-w-3xl px-6 py-10">
      <h1 className="text-2xl font-bold">Local outbox</h1>
      <p className="mt-2 text-gray-800">
        No SMTP server is configured (SMTP_URL), so mail is kept here instead of being sent. Newest first.
      </p>
      {messages.length === 0 ? (
        <p className="mt-6 text-gray-800">No mail yet.</p>
      ) : (
        <ul className="mt-6 divide-y divide-gray-200 rounded-lg border border-gray-300 bg-white">
          {messages.map((m) => (
            <li key={m.id} className="p-4">
              <Link href={`/dev/mail/${m.id}`} className="font-semibold underline">
                {m.subject}
              </Link>
              <p className="text-sm text-gray-800">
                To {m.to} · <time dateTime={m.createdAt.toISOString()}>{m.createdAt.toUTCString()}</time>
              </p>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
