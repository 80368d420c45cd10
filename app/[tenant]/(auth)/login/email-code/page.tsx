import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { EmailCodeForm, ResendEmailCodeForm } from "@/components/auth/email-code-form";
import { getPendingAuth } from "@/lib/next/session";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { safeReturnTo } from "@/lib/security/return-to";

export const metadata: Metadata = { title: "Check your email" };

/** A password sign-in the risk engine stepped up, for a user without a second factor: the emailed code finishes it. */
export default async function EmailCodePage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const query = await searchParams;
  const pending = await getPendingAuth(tenant, "email_code");
  if (!pending) redirect(`/${tenant.slug}/login?notice=session-ended`);
  const returnTo = safeReturnTo(tenant.slug, typeof query.returnTo === "string" ? query.returnTo : undefined);
  return (
    <AuthCard
      title="Check your email"
      intro={
        <p>
          Your password was right, but this sign-in looks unusual (for example, a new device or network). To make sure
          it&apos;s you, we sent a 6-digit code to{" "}
          <span className="font-semibold break-words">{pending.user.email}</span>.
        </p>
      }
      footer={
        <p>
          <Link href={`/${tenant.slug}/login`} className="font-semibold underline">
            Start again
          </Link>
        </p>
      }
    >
      <EmailCodeForm tenant={tenant.slug} returnTo={returnTo} />
      <div className="mt-6 space-y-3 border-t border-gray-200 pt-4">
        <p className="text-sm text-gray-800">
          No email after a few minutes? Check your spam folder, or send a new code (the earlier one then stops working).
        </p>
        <ResendEmailCodeForm tenant={tenant.slug} />
      </div>
    </AuthCard>
  );
}
