import type { Metadata } from "next";
import { SessionList } from "@/components/account/session-list";
import { getDeps } from "@/lib/next/deps";
import { requireAuth } from "@/lib/next/session";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { listSessions } from "@/lib/sessions/list-sessions";

export const metadata: Metadata = { title: "Sessions" };

const METHOD_NAMES: Record<string, string> = {
  pwd: "password",
  otp: "one-time code",
  mfa: "two factors",
  hwk: "verified security key",
  swk: "passkey",
  user: "user verified",
  email: "code sent by email",
};

export default async function SessionsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const { session } = await requireAuth(tenant, `/${tenant.slug}/account/sessions`);
  const sessions = await listSessions(getDeps(), tenant, session);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Sessions</h1>
      <p className="text-gray-800">
        These devices are signed in to your account. End any session you do not recognise, then change your password.
      </p>
      <SessionList
        tenant={tenant.slug}
        sessions={sessions.map((s) => ({
          id: s.id,
          device: s.device,
          ip: s.ip,
          createdAt: s.createdAt.toISOString(),
          lastSeenAt: s.lastSeenAt.toISOString(),
          assurance: `AAL${s.aal} (${s.amr.map((m) => METHOD_NAMES[m] ?? m).join(", ") || "unknown"})`,
          current: s.current,
          context: s.context,
        }))}
      />
    </div>
  );
}
