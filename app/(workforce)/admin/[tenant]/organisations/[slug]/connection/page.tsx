import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ConnectionForm, TestConnectionForm } from "@/components/workforce/connection-forms";
import { StepUpNotice } from "@/components/workforce/step-up-notice";
import { TenantNav } from "@/components/workforce/tenant-nav";
import { connectionPage } from "@/lib/federation/console";
import { getDeps } from "@/lib/next/deps";
import { requireStaffTenant } from "@/lib/next/workforce";

export const metadata: Metadata = { title: "Enterprise connection" };

/** An organisation's enterprise connection: its IdP, the redirect URI to register there, JIT and trust. */
export default async function ConnectionPage({ params }: { params: Promise<{ tenant: string; slug: string }> }) {
  const { tenant: tenantSlug, slug } = await params;
  const path = `/admin/${tenantSlug}/organisations/${slug}/connection`;
  const { auth, tenant } = await requireStaffTenant("admin", tenantSlug, path);
  const page = await connectionPage(getDeps(), { tenant }, slug);
  if (!page.ok) notFound();
  const { organisation, connection } = page;
  const redirectUri = connection?.redirectUri ?? null;
  return (
    <main>
      <TenantNav console="admin" tenant={tenant} current="/organisations" />
      <h1 className="mb-2 text-2xl font-bold">Enterprise connection of {organisation.name}</h1>
      <p className="mb-4 text-sm text-gray-800">
        People at {organisation.domains.join(", ") || "the organisation's domains"} sign in with their company&apos;s
        identity provider (OpenID Connect).
      </p>
      <StepUpNotice console="admin" auth={auth} returnTo={path} />
      <div className="space-y-6">
        <section
          aria-labelledby="redirect-heading"
          className="space-y-2 rounded-lg border border-gray-300 bg-white p-4"
        >
          <h2 id="redirect-heading" className="text-lg font-semibold">
            Redirect URI
          </h2>
          {redirectUri ? (
            <p className="text-sm">
              Register this redirect URI at the identity provider:{" "}
              <code className="break-all" data-testid="redirect-uri">
                {redirectUri}
              </code>
            </p>
          ) : (
            <p className="text-sm text-gray-800">Create the connection to get its redirect URI.</p>
          )}
        </section>
        <section
          aria-labelledby="settings-heading"
          className="space-y-3 rounded-lg border border-gray-300 bg-white p-4"
        >
          <h2 id="settings-heading" className="text-lg font-semibold">
            Settings
          </h2>
          <ConnectionForm
            tenant={tenant.slug}
            organisation={organisation.slug}
            exists={connection !== null}
            initial={{
              issuer: connection?.issuer ?? "",
              clientId: connection?.clientId ?? "",
              scopes: connection?.scopes.join(" ") ?? "openid email profile",
              claimEmail: connection?.claimMapping.email ?? "",
              claimEmailVerified: connection?.claimMapping.email_verified ?? "",
              claimName: connection?.claimMapping.name ?? "",
              jit: connection?.jitProvisioning ?? false,
              trustIdpAssurance: connection?.trustIdpAssurance ?? false,
            }}
          />
        </section>
        {connection ? (
          <section aria-labelledby="test-heading" className="space-y-3 rounded-lg border border-gray-300 bg-white p-4">
            <h2 id="test-heading" className="text-lg font-semibold">
              Test connection
            </h2>
            <p className="text-sm text-gray-800">Fetches the identity provider&apos;s discovery document.</p>
            <TestConnectionForm tenant={tenant.slug} organisation={organisation.slug} />
          </section>
        ) : null}
      </div>
    </main>
  );
}
