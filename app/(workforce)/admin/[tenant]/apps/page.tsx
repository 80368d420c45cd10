import type { Metadata } from "next";
import type { TAppValues } from "@/actions/workforce/apps";
import {
  EditAppForm,
  RegisterAppForm,
  RemoveAppForm,
  RotateKeysForm,
  RotateSecretForm,
} from "@/components/workforce/apps-forms";
import { StepUpNotice } from "@/components/workforce/step-up-notice";
import { TenantNav } from "@/components/workforce/tenant-nav";
import { getDeps } from "@/lib/next/deps";
import { requireStaffTenant } from "@/lib/next/workforce";
import { listApps, listSigningKeys, type TAppView } from "@/lib/oidc/console";

export const metadata: Metadata = { title: "Apps" };

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function valuesOf(app: TAppView): TAppValues {
  return {
    name: app.name,
    type: app.type,
    redirectUris: app.redirectUris.join("\n"),
    postLogoutRedirectUris: app.postLogoutRedirectUris.join("\n"),
    backchannelLogoutUri: app.backchannelLogoutUri ?? "",
    scopes: app.scopes.join(","),
    firstParty: app.firstParty ? "on" : "",
    minAal: String(app.minAal),
    accessTokenTtlMinutes: String(Math.round(app.accessTokenTtlSeconds / 60)),
  };
}

function AppSection({ tenant, app }: { tenant: string; app: TAppView }) {
  const headingId = `app-${app.clientId.replace(/[^A-Za-z0-9]/g, "-")}-heading`;
  return (
    <section
      aria-labelledby={headingId}
      className="space-y-3 rounded-lg border border-gray-300 bg-white p-4"
      data-testid={`app-${app.clientId}`}
    >
      <h3 id={headingId} className="text-lg font-semibold">
        {app.name}
      </h3>
      <dl className="grid gap-1 text-sm sm:grid-cols-[auto_1fr] sm:gap-x-4">
        <dt className="font-medium text-gray-900">Client ID</dt>
        <dd>
          <code className="break-all">{app.clientId}</code>
        </dd>
        <dt className="font-medium text-gray-900">Type</dt>
        <dd>
          {app.type === "confidential" ? "Confidential web app (client secret)" : "Public app (PKCE, no secret)"}
          {app.firstParty ? ", first-party" : ", third-party"}
        </dd>
        <dt className="font-medium text-gray-900">Redirect URIs</dt>
        <dd className="break-all">{app.redirectUris.join(", ")}</dd>
        <dt className="font-medium text-gray-900">Scopes</dt>
        <dd>{app.scopes.join(" ")}</dd>
        <dt className="font-medium text-gray-900">Minimum level</dt>
        <dd>AAL{app.minAal}</dd>
        <dt className="font-medium text-gray-900">Registered</dt>
        <dd>{dateFormat.format(app.createdAt)} UTC</dd>
      </dl>
      <details className="rounded-md border border-gray-300 p-3">
        <summary className="cursor-pointer text-sm font-semibold">Edit {app.name}</summary>
        <div className="mt-3">
          <EditAppForm tenant={tenant} clientId={app.clientId} initial={valuesOf(app)} />
        </div>
      </details>
      {app.type === "confidential" ? (
        <details className="rounded-md border border-gray-300 p-3">
          <summary className="cursor-pointer text-sm font-semibold">Rotate the secret of {app.name}</summary>
          <p className="my-2 text-sm text-gray-800">
            The new secret is shown once. The old one stops working at once: update the app right after.
          </p>
          <RotateSecretForm tenant={tenant} clientId={app.clientId} name={app.name} />
        </details>
      ) : null}
      <details className="rounded-md border border-gray-300 p-3">
        <summary className="cursor-pointer text-sm font-semibold">Remove {app.name}</summary>
        <p className="my-2 text-sm text-gray-800">
          Its sign-ins, codes and tokens stop working. Registering it again gives it a new client ID.
        </p>
        <RemoveAppForm tenant={tenant} clientId={app.clientId} name={app.name} />
      </details>
    </section>
  );
}

export default async function AppsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const slug = (await params).tenant;
  const path = `/admin/${slug}/apps`;
  const { auth, tenant } = await requireStaffTenant("admin", slug, path);
  const deps = getDeps();
  const [apps, keys] = await Promise.all([listApps(deps, tenant), listSigningKeys(deps, tenant)]);
  // The issuer as provider.ts names it (`issuerFor`), without loading the provider into this page.
  const issuer = new URL(`/${tenant.slug}/oidc`, deps.baseUrl).href;
  return (
    <main>
      <TenantNav console="admin" tenant={tenant} current="/apps" />
      <h1 className="mb-2 text-2xl font-bold">Apps</h1>
      <p className="mb-4 text-sm text-gray-800">
        Apps sign people in with {tenant.name}&apos;s OpenID Provider. Issuer:{" "}
        <code className="break-all">{issuer}</code>
      </p>
      <StepUpNotice console="admin" auth={auth} returnTo={path} />
      <div className="space-y-6">
        <section aria-labelledby="apps-heading" className="space-y-4">
          <h2 id="apps-heading" className="text-xl font-semibold">
            Registered apps
          </h2>
          {apps.length === 0 ? <p className="text-sm text-gray-800">No app is registered yet.</p> : null}
          {apps.map((app) => (
            <AppSection key={app.clientId} tenant={tenant.slug} app={app} />
          ))}
        </section>
        <RegisterAppForm tenant={tenant.slug} />
        <section aria-labelledby="keys-heading" className="space-y-3 rounded-lg border border-gray-300 bg-white p-4">
          <h2 id="keys-heading" className="text-lg font-semibold">
            Signing keys
          </h2>
          <p className="text-sm text-gray-800">
            The provider signs with the newest key of each algorithm. After a rotation the old keys only verify, and
            stay published until every token they signed has expired.
          </p>
          {keys.length === 0 ? (
            <p className="text-sm text-gray-800">The keys are created at the provider&apos;s first request.</p>
          ) : (
            <ul className="space-y-1 text-sm" data-testid="signing-keys">
              {keys.map((key) => (
                <li key={key.kid}>
                  <code className="break-all">{key.kid}</code> ({key.alg}):{" "}
                  {key.retiredAt && key.leavesAt
                    ? `verifies only, published until ${dateFormat.format(key.leavesAt)} UTC`
                    : `signs, since ${dateFormat.format(key.createdAt)} UTC`}
                </li>
              ))}
            </ul>
          )}
          <RotateKeysForm tenant={tenant.slug} />
        </section>
      </div>
    </main>
  );
}
