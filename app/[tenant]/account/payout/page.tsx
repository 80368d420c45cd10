import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PayoutForm } from "@/components/account/payout-form";
import { Alert } from "@/components/ui/alert";
import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { requireAuth } from "@/lib/next/session";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { maskIban } from "@/lib/payout/change-payout";
import { checkStepUp } from "@/lib/step-up/step-up";
import { messageFor } from "@/lib/copy";
import { copyContextOf } from "@/lib/copy/words";
import { offersPayouts } from "@/lib/payout/payouts-offered";

export const metadata: Metadata = { title: "Payouts" };

/** Demo of a relying app's custom step-up action (`payout.change`): a passkey, proven within minutes, used once. */
export default async function PayoutPage({ params }: { params: Promise<{ tenant: string }> }) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const auth = await requireAuth(tenant, `/${tenant.slug}/account/payout`);
  const deps = getDeps();
  if (!(await offersPayouts(deps, tenant))) notFound();
  const check = await checkStepUp(deps, tenant, auth, "payout.change", await getRequestMeta());
  const { user } = auth;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Payouts</h1>
      <section aria-labelledby="payout-heading" className="rounded-lg border border-gray-300 bg-white p-6">
        <h2 id="payout-heading" className="text-lg font-semibold">
          Payout account
        </h2>
        <p className="mt-1 mb-4 text-sm text-gray-800" data-testid="payout-current">
          {user.payoutIban ? `${user.payoutHolder ?? ""}, ${maskIban(user.payoutIban)}` : "No payout account yet."}
        </p>
        {!check.ok && check.code !== "REQUIRED" ? (
          <Alert tone="error">{messageFor(check, copyContextOf(tenant))}</Alert>
        ) : (
          <>
            <p className="mb-4 text-sm text-gray-800">
              Changing where your money goes needs a passkey, confirmed just before the change.
            </p>
            <PayoutForm tenant={tenant.slug} holder={user.payoutHolder ?? user.displayName ?? ""} />
          </>
        )}
      </section>
    </div>
  );
}
