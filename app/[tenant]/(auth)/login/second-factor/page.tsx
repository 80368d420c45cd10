import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SecondFactorForm } from "@/components/auth/second-factor-form";
import { getPendingAuth } from "@/lib/next/session";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { safeReturnTo } from "@/lib/security/return-to";

export const metadata: Metadata = { title: "Second step" };

export default async function SecondFactorPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const query = await searchParams;
  if (!(await getPendingAuth(tenant, "second_factor"))) redirect(`/${tenant.slug}/login?notice=session-ended`);
  const returnTo = safeReturnTo(tenant.slug, typeof query.returnTo === "string" ? query.returnTo : undefined);
  return (
    <AuthCard
      title="Confirm it's you"
      intro={<p>Your password was right. Now enter a code from your authenticator app.</p>}
      footer={
        <p>
          <Link href={`/${tenant.slug}/login`} className="font-semibold underline">
            Start again
          </Link>
        </p>
      }
    >
      <SecondFactorForm tenant={tenant.slug} returnTo={returnTo} />
    </AuthCard>
  );
}
