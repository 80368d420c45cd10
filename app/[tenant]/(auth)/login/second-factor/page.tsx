import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { PasskeySignIn } from "@/components/auth/passkey-sign-in";
import { SecondFactorForm } from "@/components/auth/second-factor-form";
import { getDeps } from "@/lib/next/deps";
import { getPendingAuth } from "@/lib/next/session";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { safeReturnTo } from "@/lib/security/return-to";
import { factorsOf } from "@/lib/identity/user-factors";

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
  const pending = await getPendingAuth(tenant, "second_factor");
  if (!pending) redirect(`/${tenant.slug}/login?notice=session-ended`);
  const factors = await factorsOf(getDeps(), tenant, pending.user);
  const returnTo = safeReturnTo(tenant.slug, typeof query.returnTo === "string" ? query.returnTo : undefined);
  return (
    <AuthCard
      title="Confirm it's you"
      intro={
        <p>
          {pending.session.amr.includes("fed")
            ? "You signed in with your organisation's sign-in."
            : "Your password was right."}{" "}
          {factors.totp ? "Now enter a code from your authenticator app." : "Now use your passkey."}
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
      {factors.totp || factors.recoveryCodes > 0 ? <SecondFactorForm tenant={tenant.slug} returnTo={returnTo} /> : null}
      {factors.passkeys > 0 ? (
        <div className="mt-4">
          <PasskeySignIn tenant={tenant.slug} returnTo={returnTo} secondFactor />
        </div>
      ) : null}
    </AuthCard>
  );
}
