import type { Metadata } from "next";
import { ConnectedApps } from "@/components/oidc/connected-apps";
import { APP_ACCESS } from "@/lib/copy/en";
import { appAccessPhrases } from "@/lib/copy/words";
import { getDeps } from "@/lib/next/deps";
import { requireAuth } from "@/lib/next/session";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { listConnectedApps } from "@/lib/oidc/consent";

export const metadata: Metadata = { title: "Connected apps" };

export default async function ConnectedAppsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const { user } = await requireAuth(tenant, `/${tenant.slug}/account/apps`);
  const apps = await listConnectedApps(getDeps(), tenant.id, user.id);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{APP_ACCESS.connectedTitle}</h1>
      <p className="text-gray-800">{APP_ACCESS.connectedIntro}</p>
      <ConnectedApps
        tenant={tenant.slug}
        apps={apps.map((app) => ({
          clientId: app.clientId,
          name: app.name ?? APP_ACCESS.removedApp,
          can: appAccessPhrases(app.scopes),
          grantedAt: app.grantedAt.toISOString(),
        }))}
        words={{
          empty: APP_ACCESS.connectedEmpty,
          canNow: APP_ACCESS.canNow,
          grantedOn: APP_ACCESS.grantedOn,
          revoke: APP_ACCESS.revoke,
          revoking: APP_ACCESS.revoking,
        }}
      />
    </div>
  );
}
