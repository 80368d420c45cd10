import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { PasskeysSection } from "@/components/account/passkeys-section";
import { TotpSection } from "@/components/account/totp-section";
import { requireAuth } from "@/lib/next/session";
import { getTenantOrNotFound } from "@/lib/next/tenant";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage({ params }: { params: Promise<{ tenant: string }> }) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const auth = await requireAuth(tenant, `/${tenant.slug}/account/security`);
  const { user } = auth;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Security</h1>
      {/* A passwordless tenant has no passwords to change: the section is not there at all. */}
      {tenant.allowPassword ? (
        <section aria-labelledby="password-heading" className="rounded-lg border border-gray-300 bg-white p-6">
          <h2 id="password-heading" className="mb-4 text-lg font-semibold">
            Password
          </h2>
          <ChangePasswordForm tenant={tenant.slug} email={user.email} minLength={tenant.minPasswordLength} />
        </section>
      ) : null}
      {tenant.allowTotp ? <TotpSection tenant={tenant} auth={auth} /> : null}
      {tenant.allowPasskey ? <PasskeysSection tenant={tenant} auth={auth} /> : null}
    </div>
  );
}
