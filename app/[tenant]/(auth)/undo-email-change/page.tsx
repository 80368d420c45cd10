import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { TokenConfirmForm } from "@/components/auth/token-confirm-form";
import { Alert } from "@/components/ui/alert";
import { isEmailChangeTokenUsable } from "@/lib/identity/change-email";
import { getDeps } from "@/lib/next/deps";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { undoEmailChangeAction } from "./actions";

export const metadata: Metadata = { title: "Undo the email change", referrer: "same-origin" };

export default async function Page({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const query = await searchParams;
  const next = (
    <Link href={`/${tenant.slug}/forgot-password`} className="font-semibold underline">
      Choose a new password
    </Link>
  );
  if (query.done === "1") {
    return (
      <AuthCard title="Email change undone" footer={<p>{next}</p>}>
        <Alert tone="success">Your account is back on this address and every device was signed out. Choose a new password now, in case whoever changed it knew your old one.</Alert>
      </AuthCard>
    );
  }
  const token = typeof query.token === "string" ? query.token : "";
  if (!(await isEmailChangeTokenUsable(getDeps(), tenant, "email_change_undo", token))) {
    return (
      <AuthCard title="This link can't be used">
        <Alert tone="error">This link is invalid, expired or already used.</Alert>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Undo the email change" intro={<p>Your {tenant.name} account will return to this address, and every device will be signed out.</p>}>
      <TokenConfirmForm action={undoEmailChangeAction} tenant={tenant.slug} token={token} label="Undo the change and sign out everywhere" pendingText="Undoing…" />
    </AuthCard>
  );
}
