"use server";
import { redirect } from "next/navigation";
import { failureMessage, fieldFailure } from "@/lib/next/failure-message";
import { z } from "zod";
import { secret } from "@/lib/next/form-input";
import type { TFormState } from "@/lib/next/form-state";
import { clearSessionCookie, setSessionCookie } from "@/lib/next/session";
import { tenantAction } from "@/lib/next/tenant-action";
import { recoverWithNewPasskey } from "@/lib/recovery/recover-with-new-passkey";
import { resetPassword, type TResetPasswordResult } from "@/lib/recovery/reset-password";
import { startDelayedRecovery } from "@/lib/recovery/start-delayed-recovery";

const ZResetPasswordInput = z.object({
  token: secret(100),
  password: secret(1025),
  confirmPassword: secret(1025),
  code: secret(64),
});
export type TResetPasswordState = TFormState<typeof ZResetPasswordInput>;

/** The form field a reset failure belongs to (the others are shown above the form). */
const RESET_FIELDS: Partial<
  Record<Exclude<TResetPasswordResult, { ok: true }>["code"], "password" | "confirmPassword" | "code">
> = {
  INVALID_PASSWORD: "password",
  PASSWORD_MISMATCH: "confirmPassword",
  RATE_LIMITED: "code",
  FACTOR_REQUIRED: "code",
  WRONG_FACTOR: "code",
};

export const resetPasswordAction = tenantAction(
  { auth: "none", input: ZResetPasswordInput },
  async ({ tenant, input: { token, password, confirmPassword, code }, meta, deps }) => {
    const result = await resetPassword(
      deps,
      tenant,
      { token, password, confirmPassword, factor: code ? { kind: "code", code } : undefined },
      meta,
    );
    if (!result.ok) {
      return fieldFailure(tenant, result, RESET_FIELDS);
    }
    // Every session ended, this browser's included: the user signs in again with the new password.
    await clearSessionCookie(tenant);
    redirect(`/${tenant.slug}/login?notice=${result.recovery === "delayed" ? "account-recovered" : "password-reset"}`);
  },
);

const ZLinkInput = z.object({ token: secret(100) });

export const startDelayedRecoveryAction = tenantAction(
  { auth: "none", input: ZLinkInput },
  async ({ tenant, input, meta, deps }) => {
    const result = await startDelayedRecovery(deps, tenant, { token: input.token }, meta);
    if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
    redirect(`/${tenant.slug}/recover/started?until=${encodeURIComponent(result.availableAt.toISOString())}`);
  },
);

/** Passwordless tenants: the link (after a delayed recovery, if passkeys were lost) opens a passkey setup. */
export const recoverWithPasskeyAction = tenantAction(
  { auth: "none", input: ZLinkInput },
  async ({ tenant, input, meta, deps }) => {
    const result = await recoverWithNewPasskey(deps, tenant, { token: input.token }, meta);
    if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
    await setSessionCookie(tenant, result.token, result.session.absoluteExpiresAt);
    redirect(`/${tenant.slug}/login/enrol`);
  },
);
