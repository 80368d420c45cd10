import type { Metadata } from "next";
import { EmailChangeLinkPage } from "@/components/auth/email-change-link-page";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { undoEmailChangeAction } from "@/actions/undo-email-change";

export const metadata: Metadata = { title: "Undo the email change", referrer: "same-origin" };

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
        purpose: "email_change_undo",
        title: "Undo the email change",
        intro: `Your ${tenant.name} account will return to this address, and every device will be signed out.`,
        label: "Undo the change and sign out everywhere",
        pendingText: "Undoing…",
        doneTitle: "Email change undone",
        done: "Your account is back on this address and every device was signed out. Choose a new password now, in case whoever changed it knew your old one.",
        next: { path: "forgot-password", label: "Choose a new password" },
        action: undoEmailChangeAction,
      }}
    />
  );
}
