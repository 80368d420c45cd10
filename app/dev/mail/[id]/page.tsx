import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { isLocalOutboxEnabled } from "@/lib/config/env";
import { getDeps } from "@/lib/next/deps";
import { isRequestFromLoopback } from "@/lib/next/peer";
import { findOutboxMessage } from "@/lib/mail/outbox";

export const metadata: Metadata = { title: "Message · Local outbox", referrer: "same-origin" };

/** Shows the plain-text part with its links made clickable; the HTML part is never rendered here. */
export default async function OutboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  if (!isLocalOutboxEnabled() || !isRequestFromLoopback()) notFound();
  const { id } = await params;
  const message = await findOutboxMessage(getDeps(), id);
  if (!message) notFound();
  const parts = (message.text ?? "").split(/(https?:\/\/[^\s]+)/g);
  return (
    <main className="mx-auto max-w-3xl px-6 py-10">
      <p>
        <Link href="/dev/mail" className="underline">
          ← Local outbox
        </Link>
      </p>
      <h1 className="mt-4 text-2xl font-bold">{message.subject}</h1>
      <p className="text-sm text-gray-800">To {message.to}</p>
      <div className="mt-6 rounded-lg border border-gray-300 bg-white p-6 whitespace-pre-wrap">
        {parts.map((part, i) =>
          /^https?:\/\//.test(part) ? (
            <a key={i} href={part} className="break-all underline">
              {part}
            </a>
          ) : (
            <span key={i}>{part}</span>
          ),
        )}
      </div>
    </main>
  );
}
