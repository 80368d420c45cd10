import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { Alert } from "@/components/ui/alert";
import { getDeps } from "@/lib/next/deps";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { findResetTarget } from "@/lib/recovery/reset-password";

export const metadata: Metadata = { title: "Choose a new password", referrer: "same-origin" };

export default async function ResetPasswordPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const token = (await searchParams).token;
  const target = await findResetTarget(getDeps(), tenant, token);
  if (!target || typeof token !== "string") {
    return (
      <AuthCard
        title="This link can't be used"
        footer={
          <p>
            <Link href={`/${tenant.slug}/forgot-password`} className="font-semibold underline">
              Request a new link
            </Link>
          </p>
        }
      >
        <Alert tone="error">This reset link is invalid, expired or already used. Reset links work once and expire after 30 minutes.</Alert>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password" intro={<p>Every device signed in to your account will be signed out.</p>}>
      <ResetPasswordForm tenant={tenant.slug} token={token} minLength={tenant.minPasswordLength} email={target.email} />
    </AuthCard>
  );
}
