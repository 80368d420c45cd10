import type { Metadata } from "next";
import { PasskeyOffer } from "@/components/account/passkey-offer";
import { EmailChangeForm } from "@/components/account/email-change-form";
import { ProfileForm } from "@/components/account/profile-form";
import { getDeps } from "@/lib/next/deps";
import { shouldOfferPasskey } from "@/lib/identity/passkey-offer";
import { ResendVerificationForm } from "@/components/account/resend-verification-form";
import { requireAuth } from "@/lib/next/session";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { Alert } from "@/components/ui/alert";
import { findOrganisation } from "@/lib/organisations/organisations";

export const metadata: Metadata = { title: "Your profile" };

export default async function AccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  // Input kept across a step-up (the forms send it back here in the query): never secrets.
  const query = await searchParams;
  const draft = (name: string, max: number) => (typeof query[name] === "string" ? query[name].slice(0, max) : null);
  const { user } = await requireAuth(tenant, `/${tenant.slug}/account`);
  // Nothing that adds a factor or moves the account is offered before the address is confirmed.
  const confirmed = user.emailVerifiedAt !== null;
  const offerPasskey = await shouldOfferPasskey(getDeps(), tenant, user);
  // Arrived from an accepted invitation: say where the person now belongs.
  const welcome = query.welcome === "invitation";
  const organisation =
    welcome && user.organisationId ? await findOrganisation(getDeps(), tenant, { id: user.organisationId }) : null;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Your profile</h1>
      {welcome ? (
        <Alert tone="success">
          {organisation
            ? `Welcome to ${organisation.name} on ${tenant.name}. The invitation is accepted.`
            : `Welcome to ${tenant.name}. The invitation is accepted.`}
        </Alert>
      ) : null}
      {confirmed ? null : <ResendVerificationForm tenant={tenant.slug} email={user.email} />}
      {offerPasskey ? <PasskeyOffer tenant={tenant.slug} /> : null}
      <section aria-labelledby="profile-heading" className="rounded-lg border border-gray-300 bg-white p-6">
        <h2 id="profile-heading" className="text-lg font-semibold">
          Profile
        </h2>
        <dl className="mt-3 mb-4 text-sm">
          <dt className="font-medium text-gray-800">Email address</dt>
          <dd className="text-gray-900">
            {user.email}{" "}
            {user.emailVerifiedAt ? (
              <span className="ml-2 rounded bg-green-100 px-2 py-0.5 text-xs font-semibold text-green-900">
                Confirmed
              </span>
            ) : (
              <span className="ml-2 rounded bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">
                Not confirmed
              </span>
            )}
          </dd>
        </dl>
        <ProfileForm tenant={tenant.slug} displayName={draft("displayName", 100) ?? user.displayName ?? ""} />
      </section>
      <section aria-labelledby="email-heading" className="rounded-lg border border-gray-300 bg-white p-6">
        <h2 id="email-heading" className="mb-4 text-lg font-semibold">
          Email address
        </h2>
        {confirmed ? (
          <EmailChangeForm tenant={tenant.slug} draft={draft("email", 320) ?? ""} />
        ) : (
          <p className="text-sm text-gray-800">
            Confirm your current address first (above); then you can change it here.
          </p>
        )}
      </section>
    </div>
  );
}
