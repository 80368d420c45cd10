import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { IdentifyForm } from "@/components/auth/identify-form";
import { LoginForm } from "@/components/auth/login-form";
import { PasswordlessLogin } from "@/components/auth/passwordless-login";
import { PasskeySignIn } from "@/components/auth/passkey-sign-in";
import { Alert } from "@/components/ui/alert";
import { messageFor } from "@/lib/copy";
import { usesIdentifierFirst } from "@/lib/federation/home-realm";
import { FEDERATION } from "@/lib/federation/outcomes";
import { getDeps } from "@/lib/next/deps";
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
  const federation = federationNotice(query.federation, tenant);
  // A tenant with organisations asks for the address first (home-realm discovery); the password
  // step comes after it, with the address filled in.
  const identifierFirst = (await usesIdentifierFirst(getDeps(), tenant)) && query.step !== "password";
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
      {federation ? (
        <div className="mb-4">
          <Alert tone="error">{federation}</Alert>
        </div>
      ) : null}
      {identifierFirst ? (
        <IdentifyForm tenant={tenant.slug} returnTo={returnTo} email={loginHintOf(query)} />
      ) : tenant.allowPassword ? (
        <LoginForm tenant={tenant.slug} returnTo={returnTo} email={loginHintOf(query)} />
      ) : (
        <PasswordlessLogin tenant={tenant.slug} returnTo={returnTo} tenantName={tenant.name} />
      )}
      {(identifierFirst || tenant.allowPassword) && tenant.allowPasskey ? (
        <div className="mt-4 border-t border-gray-200 pt-4">
          <PasskeySignIn tenant={tenant.slug} returnTo={returnTo} autofill />
        </div>
      ) : null}
    </AuthCard>
  );
}

/** The words of a federated sign-in that ended here (`?federation=<code>`, or "failed" for the handshake). */
function federationNotice(raw: unknown, tenant: { name: string; supportEmail: string | null }): string | null {
  if (typeof raw !== "string") return null;
  const code = raw === "failed" ? "HANDSHAKE_FAILED" : raw;
  if (!Object.hasOwn(FEDERATION.codes, code)) return null;
  return messageFor(
    { module: FEDERATION.module, code, params: {} },
    { tenantName: tenant.name, supportEmail: tenant.supportEmail },
  );
}
