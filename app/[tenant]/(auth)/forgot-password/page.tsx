import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { Alert } from "@/components/ui/alert";
import { RESET_TTL_MINUTES } from "@/lib/identity/verification-token";
import { getTenantOrNotFound } from "@/lib/next/tenant";

export const metadata: Metadata = { title: "Reset your password" };

export default async function ForgotPasswordPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const query = await searchParams;
  const back = (
    <p>
      <Link href={`/${tenant.slug}/login`} className="font-semibold underline">
        Back to sign in
      </Link>
    </p>
  );
  if (query.sent === "1") {
    return (
      <AuthCard title="Check your inbox" footer={back}>
        <Alert tone="success">
          If an account uses that address, we sent it a link to choose a new password. The link works once and expires
          in {RESET_TTL_MINUTES} minutes.
        </Alert>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Reset your password"
      intro={<p>Enter the email address of your {tenant.name} account and we will send you a link.</p>}
      footer={back}
    >
      <ForgotPasswordForm tenant={tenant.slug} />
    </AuthCard>
  );
}
