import type { Metadata } from "next";
import Link from "next/link";
import { cookies } from "next/headers";
import { AuthCard } from "@/components/auth/auth-card";
import { LinkAccountForm } from "@/components/auth/link-account-form";
import { LinkPasskeyButton } from "@/components/auth/link-passkey-button";
import { Alert } from "@/components/ui/alert";
import { pendingFederatedLink } from "@/lib/federation/complete-federated-sign-in";
import { getDeps } from "@/lib/next/deps";
import { linkCookieName } from "@/lib/next/federation";
import { getTenantOrNotFound } from "@/lib/next/tenant";

export const metadata: Metadata = { title: "Link your account" };

/** After an organisation's sign-in matched an existing account: its owner proves it once before the link. */
export default async function LinkAccountPage({ params }: { params: Promise<{ tenant: string }> }) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const token = (await cookies()).get(linkCookieName(tenant.slug))?.value;
  const pending = await pendingFederatedLink(getDeps(), tenant, token);
  if (!pending)
    return (
      <AuthCard title="Link your account" intro={<p>There is no account link waiting.</p>}>
        <Alert tone="info">
          That account link has expired or was already used. Sign in with your organisation again.
        </Alert>
        <p className="mt-4">
          <Link href={`/${tenant.slug}/login`} className="font-semibold underline">
            Back to sign-in
          </Link>
        </p>
      </AuthCard>
    );
  return (
    <AuthCard
      title="Link your account"
      intro={
        <p>
          {pending.organisationName} signed you in as <strong>{pending.email}</strong>. You already have a {tenant.name}{" "}
          account with this address: prove it is yours once, and from now on you can sign in with{" "}
          {pending.organisationName}.
        </p>
      }
    >
      <div className="space-y-4">
        {pending.hasPasskey ? <LinkPasskeyButton tenant={tenant.slug} /> : null}
        {pending.hasPassword ? <LinkAccountForm tenant={tenant.slug} email={pending.email} /> : null}
        {!pending.hasPassword && !pending.hasPasskey ? (
          <Alert tone="info">
            This account has no password or passkey to prove it with. Ask your administrator to allow linking at your
            next sign-in with {pending.organisationName}.
          </Alert>
        ) : null}
        {!pending.hasPassword && pending.hasPasskey ? (
          <noscript>
            <Alert tone="info">Linking with a passkey needs JavaScript in this browser.</Alert>
          </noscript>
        ) : null}
      </div>
    </AuthCard>
  );
}
