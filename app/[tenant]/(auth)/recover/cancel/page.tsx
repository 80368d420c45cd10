import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { CancelRecoveryForm } from "@/components/auth/cancel-recovery-form";
import { Alert } from "@/components/ui/alert";
import { formatDate } from "@/lib/mail/templates";
import { getDeps } from "@/lib/next/deps";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { findRecoveryByCancelToken } from "@/lib/recovery/cancel-recovery";
import { isOpen } from "@/lib/recovery/recovery-state";

export const metadata: Metadata = { title: "Cancel account recovery", referrer: "same-origin" };

export default async function CancelRecoveryPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const query = await searchParams;
  const footer = (
    <p>
      <Link href={`/${tenant.slug}/login`} className="font-semibold underline">
        Go to sign in
      </Link>
    </p>
  );
  if (query.done === "1") {
    return (
      <AuthCard title="Recovery cancelled" footer={footer}>
        <Alert tone="success">The recovery was cancelled. Your password and second factors are unchanged.</Alert>
      </AuthCard>
    );
  }
  const token = typeof query.token === "string" ? query.token : "";
  const found = await findRecoveryByCancelToken(getDeps(), tenant, token);
  if (!found || !isOpen(found.state)) {
    return (
      <AuthCard title="This link can't be used" footer={footer}>
        <Alert tone="error">This recovery was already cancelled or completed, or the link is not valid.</Alert>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Cancel account recovery?"
      intro={
        <p>
          Someone asked to recover your {tenant.name} account without its second factor. It can be completed from{" "}
          {formatDate(found.availableAt)}. If this was not you, cancel it.
        </p>
      }
      footer={footer}
    >
      <CancelRecoveryForm tenant={tenant.slug} token={token} />
    </AuthCard>
  );
}
