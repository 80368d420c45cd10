"use server";
import { redirect } from "next/navigation";
import { formAction, formString, tenantFromForm } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { failureMessage } from "@/lib/next/failure-message";
import { getRequestMeta } from "@/lib/next/request";
import { clearSessionCookie, setSessionCookie } from "@/lib/next/session";
import { recoverWithNewPasskey } from "@/lib/recovery/recover-with-new-passkey";
import { resetPassword, type TResetPasswordResult } from "@/lib/recovery/reset-password";
import { startDelayedRecovery } from "@/lib/recovery/start-delayed-recovery";

/** The form field a reset failure belongs to (the others are shown above the form). */
const RESET_FIELDS: Partial<Record<Exclude<TResetPasswordResult, { ok: true }>["code"], "password" | "confirmPassword" | "code">> = {
  INVALID_PASSWORD: "password",
  PASSWORD_MISMATCH: "confirmPassword",
  RATE_LIMITED: "code",
  FACTOR_REQUIRED: "code",
  WRONG_FACTOR: "code",
};

export const resetPasswordAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const code = formString(formData, "code", 64);
  const result = await resetPassword(
    getDeps(),
    tenant,
    {
      token: formString(formData, "token", 100),
      password: formString(formData, "password", 1025),
      confirmPassword: formString(formData, "confirmPassword", 1025),
      factor: code ? { kind: "code", code } : undefined,
    },
    await getRequestMeta(),
  );
  if (!result.ok) {
    const field = RESET_FIELDS[result.code];
    return {
      status: "error",
      message: field ? "Please correct the highlighted field." : failureMessage(tenant, result),
      fieldErrors: field ? { [field]: failureMessage(tenant, result) } : undefined,
    };
  }
  // Every session ended, this browser's included: the user signs in again with the new password.
  await clearSessionCookie(tenant);
  redirect(`/${tenant.slug}/login?notice=${result.recovery === "delayed" ? "account-recovered" : "password-reset"}`);
});

export const startDelayedRecoveryAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const result = await startDelayedRecovery(getDeps(), tenant, { token: formString(formData, "token", 100) }, await getRequestMeta());
  if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
  redirect(`/${tenant.slug}/recover/started?until=${encodeURIComponent(result.availableAt.toISOString())}`);
});

/** Passwordless tenants: the link (after a delayed recovery, if passkeys were lost) opens a passkey setup. */
export const recoverWithPasskeyAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const result = await recoverWithNewPasskey(getDeps(), tenant, { token: formString(formData, "token", 100) }, await getRequestMeta());
  if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
  await setSessionCookie(tenant, result.token, result.session.absoluteExpiresAt);
  redirect(`/${tenant.slug}/login/enrol`);
});
