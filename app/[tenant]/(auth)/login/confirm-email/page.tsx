import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ResendConfirmationForm } from "@/components/auth/resend-confirmation-form";
import { Alert } from "@/components/ui/alert";
import { findTicketAccount } from "@/lib/identity/email-confirmation";
import { getDeps } from "@/lib/next/deps";
import { readConfirmationTicket } from "@/lib/next/email-confirmation";
import { getTenantOrNotFound } from "@/lib/next/tenant";

export const metadata: Metadata = { title: "Confirm your email address first" };

/** Where a correct password of an unconfirmed account lands at a tenant that requires a confirmed address. */
export default async function ConfirmEmailFirstPage({ params }: { params: Promise<{ tenant: string }> }) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const account = await findTicketAccount(getDeps(), tenant, await readConfirmationTicket(tenant));
  const back = (
    <p>
      <Link href={`/${tenant.slug}/login`} className="font-semibold underline">
        Back to sign in
      </Link>
    </p>
  );
  if (!account) {
    return (
      <AuthCard title="Sign in again" footer={back}>
        <Alert tone="info">
          This page has expired, or your address is confirmed by now. Sign in again to continue.
        </Alert>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Confirm your email address first"
      intro={
        <p>
          Your password was right, but <span className="font-semibold break-words">{account.email}</span> is not
          confirmed yet. Open the link we sent to it, then sign in again.
        </p>
      }
      footer={back}
    >
      <div className="space-y-4">
        <p className="text-sm text-gray-800">
          No mail? Check your spam folder, or ask for a new link. Links work for 24 hours; a new one replaces the old.
        </p>
        <ResendConfirmationForm tenant={tenant.slug} />
      </div>
    </AuthCard>
  );
}
