import type { ReactNode } from "react";
import { AccountNav } from "@/components/account/account-nav";
import { Button } from "@/components/ui/button";
import { getDeps } from "@/lib/next/deps";
import { getRequestPath } from "@/lib/next/request";
import { requireAuth } from "@/lib/next/session";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { offersPayouts } from "@/lib/payout/payouts-offered";

export default async function AccountLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ tenant: string }>;
}) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const { user } = await requireAuth(tenant, await getRequestPath());
  return (
    <main className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-gray-800">
          Signed in as <span className="font-semibold">{user.email}</span>
        </p>
        <form method="post" action={`/${tenant.slug}/logout`}>
          <Button type="submit" variant="secondary">
            Sign out
          </Button>
        </form>
      </div>
      <AccountNav
        tenant={tenant.slug}
        payouts={await offersPayouts(getDeps(), tenant)}
        organisation={user.organisationId !== null}
      />
      {children}
    </main>
  );
}
