import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { AcceptInvitationForm, InvitationAccountForm } from "@/components/auth/invitation-forms";
import { Alert } from "@/components/ui/alert";
import { fail } from "@/lib/kernel/outcome";
import { enterpriseSignInPath, lookupInvitation } from "@/lib/invitations/accept";
import { INVITATION } from "@/lib/invitations/outcomes";
import { formatDate } from "@/lib/mail/templates";
import { getDeps } from "@/lib/next/deps";
import { failureMessage } from "@/lib/next/failure-message";
import { getAuth } from "@/lib/next/session";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import type { TTenant } from "@/lib/tenancy/types";

// The link's token is in the address: no referrer leaves this page for another origin.
export const metadata: Metadata = { title: "Your invitation", referrer: "same-origin" };

const linkClass = "inline-flex w-full items-center justify-center rounded-md px-4 py-2 text-sm font-semibold";

/** One calm answer for every link that cannot be used (unknown, expired, revoked, used, replaced). */
function InvalidInvitation({ tenant }: { tenant: TTenant }) {
  return (
    <AuthCard
      title="This invitation link is not valid"
      footer={
        <p>
          Already set up your account?{" "}
          <Link href={`/${tenant.slug}/login`} className="font-semibold underline">
            Sign in
          </Link>
        </p>
      }
    >
      <Alert tone="info">{failureMessage(tenant, fail(INVITATION, "INVALID_LINK"))}</Alert>
      {tenant.supportEmail ? (
        <p className="mt-4 text-sm text-gray-800">
          You can also write to{" "}
          <a className="font-semibold underline" href={`mailto:${tenant.supportEmail}`}>
            {tenant.supportEmail}
          </a>
          .
        </p>
      ) : null}
    </AuthCard>
  );
}

export default async function InvitationPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const query = await searchParams;
  const token = typeof query.token === "string" ? query.token : null;
  const lookup = token ? await lookupInvitation(getDeps(), tenant, token) : ({ state: "invalid" } as const);
  if (!token || lookup.state !== "pending") return <InvalidInvitation tenant={tenant} />;

  const auth = await getAuth(tenant);
  const organisation = lookup.organisation;
  const title = organisation ? `Join ${organisation.name}` : `Join ${tenant.name}`;
  const intro = (
    <p>
      {organisation ? (
        <>
          You are invited to <span className="font-semibold">{organisation.name}</span> on {tenant.name}
          {lookup.role === "org_admin" ? `, as an administrator of ${organisation.name}` : ""}.
        </>
      ) : (
        <>You are invited to {tenant.name}.</>
      )}{" "}
      The invitation is for <span className="font-semibold break-words">{lookup.email}</span> and is valid until{" "}
      {formatDate(lookup.expiresAt)}.
    </p>
  );
  const footer = (
    <p>
      Not expecting this invitation? You can ignore it: nothing happens until it is accepted.
      {tenant.supportEmail ? (
        <>
          {" "}
          Questions:{" "}
          <a className="underline" href={`mailto:${tenant.supportEmail}`}>
            {tenant.supportEmail}
          </a>
          .
        </>
      ) : null}
    </p>
  );
  const signedInAs = auth?.user.email ?? null;
  const invitationPath = `/${tenant.slug}/invitation?token=${encodeURIComponent(token)}`;

  // The organisation signs its people in with its own identity provider: the sign-in page sends the
  // invited address there (home-realm discovery), and the first sign-in there joins the organisation.
  if (lookup.enterpriseSignIn && !lookup.accountExists) {
    return (
      <AuthCard title={title} intro={intro} footer={footer}>
        <p className="mb-4 text-gray-800">
          {organisation?.name} signs its people in with its own company sign-in. Continue there with {lookup.email}.
        </p>
        <Link href={enterpriseSignInPath(tenant, lookup.email)} className={`${linkClass} bg-brand text-brand-text`}>
          Continue with your company&apos;s sign-in
        </Link>
      </AuthCard>
    );
  }

  if (lookup.accountExists) {
    if (signedInAs === lookup.email) {
      return (
        <AuthCard title={title} intro={intro} footer={footer}>
          <p className="mb-4 text-gray-800">
            You are signed in as <span className="font-semibold break-words">{signedInAs}</span>.
          </p>
          <AcceptInvitationForm tenant={tenant.slug} token={token} label="Accept invitation" />
        </AuthCard>
      );
    }
    if (signedInAs) {
      return (
        <AuthCard title={title} intro={intro} footer={footer}>
          <Alert tone="info">
            You are signed in as <span className="font-semibold break-words">{signedInAs}</span>, but this invitation is
            for <span className="font-semibold break-words">{lookup.email}</span>. Sign out, then open the invitation
            link again and sign in with {lookup.email}.
          </Alert>
          <form method="post" action={`/${tenant.slug}/logout`} className="mt-4">
            <button type="submit" className={`${linkClass} border border-gray-400 bg-white text-gray-900`}>
              Sign out
            </button>
          </form>
        </AuthCard>
      );
    }
    const signIn = `/${tenant.slug}/login?${new URLSearchParams({ returnTo: invitationPath, login_hint: lookup.email }).toString()}`;
    return (
      <AuthCard title={title} intro={intro} footer={footer}>
        <p className="mb-4 text-gray-800">
          You already have a {tenant.name} account with this address. Sign in as usual; you come back here to accept.
        </p>
        <Link href={signIn} className={`${linkClass} bg-brand text-brand-text`}>
          Sign in to accept
        </Link>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={title} intro={intro} footer={footer}>
      {signedInAs ? (
        <div className="mb-4">
          <Alert tone="info">
            You are signed in as <span className="font-semibold break-words">{signedInAs}</span>. Setting up this
            account signs you in as {lookup.email} instead.
          </Alert>
        </div>
      ) : null}
      <h2 className="mb-4 text-lg font-semibold text-gray-900">Set up your account</h2>
      <InvitationAccountForm
        tenant={tenant.slug}
        token={token}
        email={lookup.email}
        minLength={tenant.minPasswordLength}
        methods={lookup.methods}
      />
    </AuthCard>
  );
}
