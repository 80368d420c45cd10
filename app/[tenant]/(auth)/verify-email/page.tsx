import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { VerifyEmailForm } from "@/components/auth/verify-email-form";
import { Alert } from "@/components/ui/alert";
import { isVerificationTokenUsable } from "@/lib/identity/verify-email";
import { getDeps } from "@/lib/next/deps";
import { getAuth } from "@/lib/next/session";
import { signUpReturn } from "@/lib/next/sign-up-return";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { withReturnTo } from "@/lib/security/return-to";

export const metadata: Metadata = { title: "Confirm your email address", referrer: "same-origin" };

export default async function VerifyEmailPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const query = await searchParams;
  // A sign-up that began at an app's sign-in request goes back to it (lib/next/sign-up-return.ts).
  const returnTo = await signUpReturn(tenant);
  const next = (await getAuth(tenant))
    ? returnTo
      ? { href: returnTo, label: "Continue" }
      : { href: `/${tenant.slug}/account`, label: "Go to your account" }
    : { href: withReturnTo(`/${tenant.slug}/login`, tenant.slug, returnTo), label: "Sign in" };
  const continueLink = (
    <Link href={next.href} className="font-semibold underline">
      {next.label}
    </Link>
  );
  if (query.done === "1") {
    return (
      <AuthCard title="Email address confirmed" footer={<p>{continueLink}</p>}>
        <Alert tone="success">Thank you. Your email address is confirmed.</Alert>
      </AuthCard>
    );
  }
  const token = typeof query.token === "string" ? query.token : "";
  if (!(await isVerificationTokenUsable(getDeps(), tenant, token))) {
    return (
      <AuthCard title="This link can't be used" footer={<p>{continueLink}</p>}>
        <Alert tone="error">
          This confirmation link is invalid, expired or already used. Sign in to request a new one.
        </Alert>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Confirm your email address"
      intro={<p>One more step to finish setting up your {tenant.name} account.</p>}
    >
      <VerifyEmailForm tenant={tenant.slug} token={token} />
    </AuthCard>
  );
}
