import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { ConsentForms } from "@/components/oidc/consent-forms";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { messageFor } from "@/lib/copy";
import { APP_ACCESS } from "@/lib/copy/en";
import { appAccessPhrases } from "@/lib/copy/words";
import { consentPageFor, consentPath } from "@/lib/next/oidc";
import { requireAuth } from "@/lib/next/session";
import { getTenantOrNotFound } from "@/lib/next/tenant";

export const metadata: Metadata = { title: "Allow access" };

/**
 * `/{tenant}/oidc/interaction/{uid}/consent`: a third-party app asks to use the person's account.
 * Under the interaction's path, so the browser sends the provider's interaction cookie with the
 * page and its answers: only the browser that began the request can answer it.
 */
export default async function ConsentPage({ params }: { params: Promise<{ tenant: string; uid: string }> }) {
  const { tenant: slug, uid } = await params;
  const tenant = await getTenantOrNotFound(slug);
  await requireAuth(tenant, consentPath(tenant.slug, uid));
  const page = await consentPageFor(tenant, uid);
  if (page.kind === "continue") redirect(page.location);
  if (page.kind === "expired") {
    return (
      <AuthCard title="Allow access">
        <Alert tone="error">{messageFor({ module: "oidc_consent", code: "REQUEST_EXPIRED", params: {} })}</Alert>
      </AuthCard>
    );
  }
  const { appName, ask, email } = page;
  const wants = appAccessPhrases(ask.scopes, ask.claims);
  const already = appAccessPhrases(ask.alreadyAllowed);
  return (
    <AuthCard
      title={APP_ACCESS.title({ app: appName })}
      intro={<p>{APP_ACCESS.thirdParty({ app: appName, tenant: tenant.name })}</p>}
      footer={
        <div className="flex flex-wrap items-center justify-center gap-2">
          <span>{APP_ACCESS.signedInAs({ email })}.</span>
          <span>{APP_ACCESS.notYou}</span>
          <form method="post" action={`/${tenant.slug}/logout`}>
            <Button type="submit" variant="secondary" className="px-2 py-1">
              {APP_ACCESS.switchAccount}
            </Button>
          </form>
        </div>
      }
    >
      <div className="space-y-6">
        <section aria-labelledby="consent-wants">
          <h2 id="consent-wants" className="font-semibold text-gray-900">
            {APP_ACCESS.wantsTo({ app: appName })}
          </h2>
          <ul className="mt-2 space-y-2" data-testid="consent-scopes">
            {wants.map((phrase) => (
              <li key={phrase} className="flex gap-2 text-gray-900">
                <span aria-hidden="true" className="mt-2 h-2 w-2 flex-none rounded-full bg-brand" />
                <span>{phrase}</span>
              </li>
            ))}
          </ul>
        </section>
        {already.length > 0 ? (
          <section aria-labelledby="consent-already">
            <h2 id="consent-already" className="text-sm font-semibold text-gray-800">
              {APP_ACCESS.alsoAllowed({ app: appName })}
            </h2>
            <ul className="mt-1 list-disc pl-5 text-sm text-gray-800">
              {already.map((phrase) => (
                <li key={phrase}>{phrase}</li>
              ))}
            </ul>
          </section>
        ) : null}
        <ConsentForms tenant={tenant.slug} uid={uid} allowLabel={APP_ACCESS.allow} denyLabel={APP_ACCESS.deny} />
      </div>
    </AuthCard>
  );
}
