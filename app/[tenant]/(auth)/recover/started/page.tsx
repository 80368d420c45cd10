import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { formatDate } from "@/lib/mail/templates";
import { getTenantOrNotFound } from "@/lib/next/tenant";

export const metadata: Metadata = { title: "Account recovery requested" };

export default async function RecoveryStartedPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const until = (await searchParams).until;
  // Display only: the date comes from the redirect after the request; nothing here changes state.
  const date = typeof until === "string" && !Number.isNaN(Date.parse(until)) ? new Date(until) : null;
  return (
    <AuthCard
      title="Account recovery requested"
      footer={
        <p>
          <Link href={`/${tenant.slug}/login`} className="font-semibold underline">
            Back to sign in
          </Link>
        </p>
      }
    >
      <div className="space-y-4">
        <Alert tone="success">
          For your protection, your account can be recovered after a waiting period of {tenant.recoveryWaitHours} hours
          {date ? (
            <>
              , from <strong>{formatDate(date)}</strong>
            </>
          ) : null}
          .
        </Alert>
        <p className="text-gray-800">
          We emailed you a notice with a link to cancel the recovery. When the wait is over, request a new reset link
          from &ldquo;Forgot password&rdquo; to choose a new password. Your old second factors will then be removed and
          every device signed out.
        </p>
        <p className="text-gray-800">
          If you find your authenticator app, passkey or recovery codes meanwhile, simply sign in: you can cancel the
          recovery on your Security page.
        </p>
      </div>
    </AuthCard>
  );
}
