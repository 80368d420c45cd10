import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { SignupForm } from "@/components/auth/signup-form";
import { Alert } from "@/components/ui/alert";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { safeReturnTo, withReturnTo } from "@/lib/security/return-to";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignupPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const query = await searchParams;
  // Where the sign-up began (an app's sign-in request): the form keeps it for this browser, and
  // the links to sign in carry it.
  const returnTo = safeReturnTo(tenant.slug, typeof query.returnTo === "string" ? query.returnTo : undefined);
  const signIn = (
    <p>
      Already have an account?{" "}
      <Link href={withReturnTo(`/${tenant.slug}/login`, tenant.slug, returnTo)} className="font-semibold underline">
        Sign in
      </Link>
    </p>
  );
  if (tenant.signupMode !== "open") {
    return (
      <AuthCard title="Accounts are by invitation" footer={signIn}>
        <p className="text-gray-800">
          {tenant.name} creates accounts for its partners. Ask your {tenant.name} contact for an invitation
          {tenant.supportEmail ? (
            <>
              {" "}
              or write to{" "}
              <a className="underline" href={`mailto:${tenant.supportEmail}`}>
                {tenant.supportEmail}
              </a>
            </>
          ) : null}
          .
        </p>
      </AuthCard>
    );
  }
  if (query.sent === "1") {
    return (
      <AuthCard title="Check your inbox" footer={signIn}>
        <Alert tone="success">
          We sent a message to the address you entered. Follow the link in it to confirm your address. If you already
          have an account, the message tells you how to sign in.
        </Alert>
        <p className="mt-4 text-sm text-gray-800">
          No message after a few minutes? Check your spam folder, or sign in and ask for a new link.
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Create your account"
      intro={
        <p>
          {tenant.allowPassword
            ? `Join ${tenant.name}.`
            : `Join ${tenant.name}. No password needed: after you confirm your email address, you create a passkey on this device.`}
        </p>
      }
      footer={signIn}
    >
      <SignupForm
        tenant={tenant.slug}
        returnTo={returnTo}
        minLength={tenant.minPasswordLength}
        passwordless={!tenant.allowPassword}
      />
    </AuthCard>
  );
}
