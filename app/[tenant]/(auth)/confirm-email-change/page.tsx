import type { Metadata } from "next";
import { EmailChangeLinkPage } from "@/components/auth/email-change-link-page";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { confirmEmailChangeAction } from "@/actions/confirm-email-change";

export const metadata: Metadata = { title: "Confirm your new email address", referrer: "same-origin" };

export default async function Page({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  return (
    <EmailChangeLinkPage
      tenant={tenant}
      query={await searchParams}
      page={{
        purpose: "email_change",
        title: "Confirm your new email address",
        intro: `Press the button to move your ${tenant.name} account to this address.`,
        label: "Use this address for my account",
        pendingText: "Confirming…",
        doneTitle: "Email address changed",
        done: "Your account now uses this address. We told your previous address, in case this was not you.",
        next: { path: "account", label: "Go to your account" },
        action: confirmEmailChangeAction,
      }}
    />
  );
}
