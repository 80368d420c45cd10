import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { PasskeysSection } from "@/components/account/passkeys-section";
import { PendingRecovery } from "@/components/account/pending-recovery";
import { TotpSection } from "@/components/account/totp-section";
import { Alert } from "@/components/ui/alert";
import { formatDate } from "@/lib/mail/templates";
import { getDeps } from "@/lib/next/deps";
import { requireAuth } from "@/lib/next/session";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { findOpenRecovery } from "@/lib/recovery/cancel-recovery";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const auth = await requireAuth(tenant, `/${tenant.slug}/account/security`);
  const { user } = auth;
  const recovery = await findOpenRecovery(getDeps(), tenant, user);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Security</h1>
      {(await searchParams).notice === "recovery-cancelled" ? <Alert tone="success">The recovery was cancelled. Your password and second factors are unchanged.</Alert> : null}
      {recovery ? <PendingRecovery tenant={tenant.slug} availableAtText={formatDate(recovery.availableAt)} /> : null}
      <section aria-labelledby="password-heading" className="rounded-lg border border-gray-300 bg-white p-6">
        <h2 id="password-heading" className="mb-4 text-lg font-semibold">
          Password
        </h2>
        <ChangePasswordForm tenant={tenant.slug} email={user.email} minLength={tenant.minPasswordLength} />
      </section>
      {tenant.allowTotp ? <TotpSection tenant={tenant} auth={auth} /> : null}
      {tenant.allowPasskey ? <PasskeysSection tenant={tenant} auth={auth} /> : null}
    </div>
  );
}
