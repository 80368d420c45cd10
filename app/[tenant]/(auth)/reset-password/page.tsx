import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm, StartDelayedRecoveryForm } from "@/components/auth/reset-password-form";
import { TokenConfirmForm } from "@/components/auth/token-confirm-form";
import { Alert } from "@/components/ui/alert";
import { getDeps } from "@/lib/next/deps";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { findResetTarget } from "@/lib/recovery/reset-password";
import { formatDate } from "@/lib/mail/templates";
import { recoverWithPasskeyAction } from "@/actions/reset-password";

export const metadata: Metadata = { title: "Choose a new password", referrer: "same-origin" };

export default async function ResetPasswordPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const query = await searchParams;
  const token = query.token;
  const target = await findResetTarget(getDeps(), tenant, token);
  // Arrived from a confirmation link opened away from the browser that signed up (verify-email.ts).
  const confirmedElsewhere = query.confirmed === "1";
  if (!target || typeof token !== "string") {
    return (
      <AuthCard
        title="This link can't be used"
        footer={
          <p>
            <Link href={`/${tenant.slug}/forgot-password`} className="font-semibold underline">
              Request a new link
            </Link>
          </p>
        }
      >
        <Alert tone="error">
          This reset link is invalid, expired or already used. Reset links work once and expire after 30 minutes.
        </Alert>
      </AuthCard>
    );
  }
  if (!tenant.allowPassword) {
    // A passwordless tenant: recovery ends in a new passkey, never a password.
    if (target.requirement === "second_factor") {
      return (
        <AuthCard
          title="Recover your account"
          intro={
            <p>
              If you still have your passkey, sign in with it instead. If you lost it, start a recovery: for your
              protection it takes {tenant.recoveryWaitHours} hours, and we mail you a link to cancel it.
            </p>
          }
        >
          {target.waitingUntil ? (
            <Alert tone="info">A recovery is already waiting until {formatDate(target.waitingUntil)}.</Alert>
          ) : (
            <StartDelayedRecoveryForm tenant={tenant.slug} token={token} waitHours={tenant.recoveryWaitHours} />
          )}
        </AuthCard>
      );
    }
    return (
      <AuthCard
        title="Create a new passkey"
        intro={
          <p>
            Your old passkeys will be removed and every device signed out. Then you create a new passkey on this device.
          </p>
        }
      >
        <TokenConfirmForm
          action={recoverWithPasskeyAction}
          tenant={tenant.slug}
          token={token}
          label="Continue to create a passkey"
          pendingText="Preparing…"
        />
      </AuthCard>
    );
  }
  if (target.requirement === "delayed_recovery_ready") {
    return (
      <AuthCard
        title="Finish recovering your account"
        intro={
          <p>
            Your waiting period is over. Choose a new password: your old second factors will be removed and every device
            signed out. Then set up a second factor again.
          </p>
        }
      >
        <ResetPasswordForm
          tenant={tenant.slug}
          token={token}
          minLength={tenant.minPasswordLength}
          email={target.email}
        />
      </AuthCard>
    );
  }
  if (target.requirement === "second_factor") {
    const { factors } = target;
    return (
      <AuthCard
        title="Choose a new password"
        intro={
          <p>
            Confirm it&apos;s you with your second factor as well. Every device signed in to your account will be signed
            out.
          </p>
        }
      >
        {target.waitingUntil ? (
          <div className="mb-4">
            <Alert tone="info">
              A recovery without your second factor is already waiting until {formatDate(target.waitingUntil)}.
              Resetting with your second factor cancels it.
            </Alert>
          </div>
        ) : null}
        <ResetPasswordForm
          tenant={tenant.slug}
          token={token}
          minLength={tenant.minPasswordLength}
          email={target.email}
          factor={{
            code: factors.totp || factors.recoveryCodes > 0,
            passkey: factors.passkeys > 0 && tenant.allowPasskey,
          }}
        />
        <StartDelayedRecoveryForm tenant={tenant.slug} token={token} waitHours={tenant.recoveryWaitHours} />
      </AuthCard>
    );
  }
  if (confirmedElsewhere) {
    return (
      <AuthCard
        title="Choose your password"
        intro={
          <p>
            Your email address is confirmed. The link was opened in a different browser from the one that created the
            account, so for your protection the password chosen at sign-up was removed and every device signed out.
            Choose the password for your account now.
          </p>
        }
      >
        <ResetPasswordForm
          tenant={tenant.slug}
          token={token}
          minLength={tenant.minPasswordLength}
          email={target.email}
        />
      </AuthCard>
    );
  }
  const hasFactors = target.factors.totp || target.factors.passkeys > 0 || target.factors.recoveryCodes > 0;
  return (
    <AuthCard title="Choose a new password" intro={<p>Every device signed in to your account will be signed out.</p>}>
      {target.requirement === "unverified_email" && hasFactors ? (
        <div className="mb-4">
          <Alert tone="info">
            Your email address was not confirmed until now, so the authenticator app, passkeys and recovery codes added
            to the account before are removed as well. Set up a second factor again after you sign in.
          </Alert>
        </div>
      ) : null}
      <ResetPasswordForm tenant={tenant.slug} token={token} minLength={tenant.minPasswordLength} email={target.email} />
    </AuthCard>
  );
}
