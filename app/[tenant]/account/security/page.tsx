import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { ConfirmEmailFirstNotice } from "@/components/account/resend-verification-form";
import { PasskeysSection } from "@/components/account/passkeys-section";
import { PendingRecovery } from "@/components/account/pending-recovery";
import { TotpSection } from "@/components/account/totp-section";
import { StepUpPanel } from "@/components/step-up/step-up-panel";
import { Alert } from "@/components/ui/alert";
import { formatDate } from "@/lib/mail/templates";
import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { requireAuth } from "@/lib/next/session";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { policyForUser } from "@/lib/organisations/policy";
import { defaultReturnTo, safeReturnTo, withReturnTo } from "@/lib/security/return-to";
import { findOpenRecovery } from "@/lib/recovery/cancel-recovery";
import { checkStepUp } from "@/lib/step-up/step-up";
import { messageFor } from "@/lib/copy";
import { copyContextOf } from "@/lib/copy/words";

export const metadata: Metadata = { title: "Security" };

const UNCONFIRMED_NOTE =
  "Confirm your email address first (above): until then no sign-in method can be added or removed.";

export default async function SecurityPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const query = await searchParams;
  // Sent here to set up a method for something that needs it (an app's step-up): a way back.
  const resume = safeReturnTo(tenant.slug, typeof query.returnTo === "string" ? query.returnTo : undefined);
  const comingBack = resume !== defaultReturnTo(tenant.slug);
  const here = withReturnTo(`/${tenant.slug}/account/security`, tenant.slug, resume);
  const auth = await requireAuth(tenant, here);
  const { user } = auth;
  const recovery = await findOpenRecovery(getDeps(), tenant, user);
  // One confirmation covers adding and removing methods while it lasts (the step-up policy says how long).
  const check = await checkStepUp(getDeps(), tenant, auth, "factor.add", await getRequestMeta());
  const unconfirmed = !check.ok && check.code === "EMAIL_NOT_VERIFIED";
  // The methods offered are the member's: the tenant's, narrowed by their organisation's policy.
  const methods = (await policyForUser(getDeps(), tenant, user)).tenant;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Security</h1>
      {comingBack ? (
        <Alert tone="info">
          When your second factor is set up,{" "}
          <a href={resume} className="font-semibold underline">
            continue where you left off
          </a>
          .
        </Alert>
      ) : null}
      {query.notice === "recovery-cancelled" ? (
        <Alert tone="success">The recovery was cancelled. Your password and second factors are unchanged.</Alert>
      ) : null}
      {recovery ? <PendingRecovery tenant={tenant.slug} availableAtText={formatDate(recovery.availableAt)} /> : null}
      {!check.ok && check.code === "EMAIL_NOT_VERIFIED" ? (
        <ConfirmEmailFirstNotice tenant={tenant.slug} email={user.email} />
      ) : null}
      {!check.ok && check.code !== "EMAIL_NOT_VERIFIED" ? (
        <section aria-labelledby="confirm-heading" className="rounded-lg border border-gray-300 bg-white p-6">
          <h2 id="confirm-heading" className="mb-2 text-lg font-semibold">
            Confirm it&apos;s you
          </h2>
          {check.code === "REQUIRED" ? (
            <StepUpPanel tenant={tenant} auth={auth} check={check} returnTo={here} />
          ) : (
            <Alert tone="error">{messageFor(check, copyContextOf(tenant))}</Alert>
          )}
        </section>
      ) : null}
      {methods.allowPassword ? (
        <section aria-labelledby="password-heading" className="rounded-lg border border-gray-300 bg-white p-6">
          <h2 id="password-heading" className="mb-4 text-lg font-semibold">
            Password
          </h2>
          <ChangePasswordForm tenant={tenant.slug} email={user.email} minLength={tenant.minPasswordLength} />
        </section>
      ) : null}
      {methods.allowTotp ? (
        <TotpSection
          tenant={methods}
          auth={auth}
          canChange={check.ok}
          lockedNote={unconfirmed ? UNCONFIRMED_NOTE : undefined}
        />
      ) : null}
      {methods.allowPasskey ? (
        <PasskeysSection
          tenant={tenant}
          auth={auth}
          canChange={check.ok}
          lockedNote={unconfirmed ? UNCONFIRMED_NOTE : undefined}
        />
      ) : null}
    </div>
  );
}
