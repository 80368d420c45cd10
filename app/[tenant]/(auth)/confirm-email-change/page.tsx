import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { TokenConfirmForm } from "@/components/auth/token-confirm-form";
import { Alert } from "@/components/ui/alert";
import { isEmailChangeTokenUsable } from "@/lib/identity/change-email";
import { getDeps } from "@/lib/next/deps";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { confirmEmailChangeAction } from "./actions";

export const metadata: Metadata = { title: "Confirm your new email address", referrer: "same-origin" };

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
    <Link href={`/${tenant.slug}/account`} className="font-semibold underline">
      Go to your account
    </Link>
  );
  if (query.done === "1") {
    return (
      <AuthCard title="Email address changed" footer={<p>{next}</p>}>
        <Alert tone="success">Your account now uses this address. We told your previous address, in case this was not you.</Alert>
      </AuthCard>
    );
  }
  const token = typeof query.token === "string" ? query.token : "";
  if (!(await isEmailChangeTokenUsable(getDeps(), tenant, "email_change", token))) {
    return (
      <AuthCard title="This link can't be used">
        <Alert tone="error">This link is invalid, expired or already used.</Alert>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Confirm your new email address" intro={<p>Press the button to move your {tenant.name} account to this address.</p>}>
      <TokenConfirmForm action={confirmEmailChangeAction} tenant={tenant.slug} token={token} label="Use this address for my account" pendingText="Confirming…" />
    </AuthCard>
  );
}
