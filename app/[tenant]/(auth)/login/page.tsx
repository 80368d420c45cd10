import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { PasswordlessLogin } from "@/components/auth/passwordless-login";
import { PasskeySignIn } from "@/components/auth/passkey-sign-in";
import { Alert } from "@/components/ui/alert";
import { getAuth } from "@/lib/next/session";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { loginHintOf } from "@/lib/oidc/interaction";
import { safeReturnTo, withReturnTo } from "@/lib/security/return-to";

export const metadata: Metadata = { title: "Sign in" };

const NOTICES: Record<string, { tone: "success" | "info"; text: string }> = {
  "signed-out": { tone: "success", text: "You are signed out." },
  "password-reset": {
    tone: "success",
    text: "Your password was reset and every session was signed out. Sign in with your new password.",
  },
  "account-recovered": {
    tone: "success",
    text: "Your account was recovered: the new password is set, your old second factors were removed and every session was signed out. Sign in, then set up a second factor again.",
  },
  "session-ended": { tone: "info", text: "Your session has ended. Sign in again to continue." },
  "too-many-codes": { tone: "info", text: "Too many wrong codes for that sign-in. Sign in again with your password." },
  "second-factor-locked": {
    tone: "info",
    text: "Sign-in is locked after too many wrong codes. Reset your password to unlock your account, or contact support.",
  },
  "code-attempts": {
    tone: "info",
    text: "The code from the email was wrong too many times, so that sign-in ended. Sign in again to get a new code.",
  },
};

export default async function LoginPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const query = await searchParams;
  const returnTo = safeReturnTo(tenant.slug, typeof query.returnTo === "string" ? query.returnTo : undefined);
  if (await getAuth(tenant)) redirect(returnTo);
  const notice = typeof query.notice === "string" ? NOTICES[query.notice] : undefined;
  return (
    <AuthCard
      title="Sign in"
      intro={<p>Sign in to your {tenant.name} account.</p>}
      footer={
        tenant.signupMode === "open" ? (
          <p>
            New to {tenant.name}?{" "}
            <Link
              href={withReturnTo(`/${tenant.slug}/signup`, tenant.slug, returnTo)}
              className="font-semibold underline"
            >
              Create an account
            </Link>
          </p>
        ) : (
          <p>Accounts are by invitation. Ask your {tenant.name} contact for access.</p>
        )
      }
    >
      {notice ? (
        <div className="mb-4">
          <Alert tone={notice.tone}>{notice.text}</Alert>
        </div>
      ) : null}
      {tenant.allowPassword ? (
        <LoginForm tenant={tenant.slug} returnTo={returnTo} email={loginHintOf(query)} />
      ) : (
        <PasswordlessLogin tenant={tenant.slug} returnTo={returnTo} tenantName={tenant.name} />
      )}
      {tenant.allowPassword && tenant.allowPasskey ? (
        <div className="mt-4 border-t border-gray-200 pt-4">
          <PasskeySignIn tenant={tenant.slug} returnTo={returnTo} autofill />
        </div>
      ) : null}
    </AuthCard>
  );
}
