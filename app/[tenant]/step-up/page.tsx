import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { StepUpPanel } from "@/components/step-up/step-up-panel";
import { Alert } from "@/components/ui/alert";
import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { requireAuth } from "@/lib/next/session";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { safeReturnTo, withReturnTo } from "@/lib/security/return-to";
import { isActionName } from "@/lib/step-up/policies";
import { checkFreshProof, checkStepUp } from "@/lib/step-up/step-up";
import { messageFor } from "@/lib/copy";
import { copyContextOf, notice } from "@/lib/copy/words";

export const metadata: Metadata = { title: "Confirm it's you" };

/**
 * The Security page, with a way back to `returnTo`. Coming back to an app's sign-in request starts
 * its decision afresh (without `after`, which would say the step-up was already tried), so the
 * method set up meanwhile is offered.
 */
function securityPageReturningTo(tenantSlug: string, returnTo: string): string {
  const resume = new URL(returnTo, "https://portico.invalid");
  resume.searchParams.delete("after");
  return withReturnTo(`/${tenantSlug}/account/security`, tenantSlug, resume.pathname + resume.search);
}

/**
 * `/{tenant}/step-up?action=…&returnTo=…`: offers only the methods that satisfy the action's policy.
 * `&reauth=1` (an app asked for a fresh sign-in) offers them even when the session already covers it.
 */
export default async function StepUpPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const query = await searchParams;
  const action = typeof query.action === "string" && isActionName(query.action) ? query.action : null;
  const returnTo = safeReturnTo(tenant.slug, typeof query.returnTo === "string" ? query.returnTo : undefined);
  const reauth = query.reauth === "1";
  const self = `/${tenant.slug}/step-up?${new URLSearchParams({
    ...(action ? { action } : {}),
    returnTo,
    ...(reauth ? { reauth: "1" } : {}),
  }).toString()}`;
  const auth = await requireAuth(tenant, self);
  // A plain link, never prefetched: going back to an app's sign-in request (its interaction page)
  // ends that request, which must happen only when the person chooses it.
  const back = (
    <a href={returnTo} className="font-medium underline">
      Go back
    </a>
  );
  if (!action) {
    return (
      <AuthCard title="Confirm it's you" footer={back}>
        <Alert tone="error">{notice("invalid_confirmation_link")}</Alert>
      </AuthCard>
    );
  }
  const check = await (reauth ? checkFreshProof : checkStepUp)(getDeps(), tenant, auth, action, await getRequestMeta());
  if (check.ok) redirect(returnTo);
  if (check.code !== "REQUIRED") {
    return (
      <AuthCard title="Confirm it's you" footer={back}>
        <Alert tone="error">{messageFor(check, copyContextOf(tenant))}</Alert>
        {check.code === "NO_METHOD" ? (
          <p className="mt-4">
            <a href={securityPageReturningTo(tenant.slug, returnTo)} className="font-semibold underline">
              Set up a second factor
            </a>
            , then continue where you left off.
          </p>
        ) : null}
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Confirm it's you"
      intro={
        <p>{check.params.label}: for your security, prove it&apos;s you again. This confirmation is short-lived.</p>
      }
      footer={back}
    >
      <StepUpPanel tenant={tenant} auth={auth} check={check} returnTo={returnTo} />
    </AuthCard>
  );
}
