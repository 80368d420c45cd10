import type { TTenant } from "@/lib/tenancy/types";
import { factorsOf } from "@/lib/identity/user-factors";
import { qrSvgDataUrl } from "@/lib/identity/qr-code";
import { findPendingTotp } from "@/lib/account/totp-enrolment";
import { getDeps } from "@/lib/next/deps";
import type { TValidSession } from "@/lib/sessions/validate-session";
import { ConfirmTotpForm, RegenerateCodesForm, RemoveTotpForm, StartTotpForm } from "./factor-forms";

/** Authenticator app and recovery codes: set up, confirm, remove, regenerate. */
export async function TotpSection({
  tenant,
  auth,
  continueHref,
  canChange,
  lockedNote,
}: {
  tenant: TTenant;
  auth: TValidSession;
  continueHref?: string;
  canChange: boolean;
  lockedNote?: string;
}) {
  const deps = getDeps();
  const factors = await factorsOf(deps, tenant, auth.user);
  const pending = await findPendingTotp(deps, tenant, auth.user);
  const recent = canChange;
  // mfaPolicy "off" only stops Portico offering the app: an app already set up is still shown (and asked for at sign-
  // in).
  if (tenant.mfaPolicy === "off" && !factors.totp && !pending) return null;
  const qr = pending ? await qrSvgDataUrl(pending.uri) : null;
  return (
    <section aria-labelledby="totp-heading" className="rounded-lg border border-gray-300 bg-white p-6">
      <h2 id="totp-heading" className="text-lg font-semibold">
        Authenticator app
      </h2>
      <p className="mt-1 text-sm text-gray-800">
        {factors.totp
          ? "On. Sign-in asks for a code from your app after your password."
          : "Add a second step to sign-in with an app such as 1Password, Google Authenticator or Authy."}
      </p>
      <div className="mt-4 space-y-4">
        {!recent && !pending ? (
          <p className="text-sm text-gray-800">
            {lockedNote ?? "Confirm it\u2019s you (above) to change your authenticator app or recovery codes."}
          </p>
        ) : null}
        {recent && !factors.totp && !pending ? <StartTotpForm tenant={tenant.slug} /> : null}
        <ConfirmTotpForm
          tenant={tenant.slug}
          continueHref={continueHref}
          pending={pending && qr ? { qr, secret: pending.secret } : null}
        />
        {recent && factors.totp ? <RemoveTotpForm tenant={tenant.slug} /> : null}
      </div>
      {factors.totp ? (
        <div className="mt-6 border-t border-gray-200 pt-4">
          <h3 className="font-semibold">Recovery codes</h3>
          <p className="mt-1 text-sm text-gray-800" data-testid="recovery-count">
            {factors.recoveryCodes} of 10 recovery codes left.
          </p>
          {recent ? (
            <div className="mt-3">
              <RegenerateCodesForm tenant={tenant.slug} />
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
