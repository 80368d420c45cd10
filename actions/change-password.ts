"use server";
import { revalidatePath } from "next/cache";
import { changePassword, type TChangePasswordResult } from "@/lib/identity/change-password";
import { formAction, formString, tenantFromForm } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { failureMessage } from "@/lib/next/failure-message";
import { getRequestMeta } from "@/lib/next/request";
import { requireAuth } from "@/lib/next/session";
import { stepUpOrError } from "@/lib/next/step-up";
import { isStepUpFailure } from "@/lib/step-up/step-up";

/** The form field a password-change failure belongs to (the others are shown above the form). */
const CHANGE_FIELDS: Partial<Record<Exclude<TChangePasswordResult, { ok: true }>["code"], "currentPassword" | "newPassword" | "confirmPassword">> = {
  WRONG_PASSWORD: "currentPassword",
  RATE_LIMITED: "currentPassword",
  INVALID_PASSWORD: "newPassword",
  SAME_PASSWORD: "newPassword",
  PASSWORD_MISMATCH: "confirmPassword",
};

export const changePasswordAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const auth = await requireAuth(tenant, `/${tenant.slug}/account/security`);
  const result = await changePassword(
    getDeps(),
    tenant,
    auth,
    {
      currentPassword: formString(formData, "currentPassword", 1025),
      newPassword: formString(formData, "newPassword", 1025),
      confirmPassword: formString(formData, "confirmPassword", 1025),
    },
    await getRequestMeta(),
  );
  if (isStepUpFailure(result)) return stepUpOrError(tenant, result, `/${tenant.slug}/account/security`);
  if (!result.ok) {
    const field = CHANGE_FIELDS[result.code];
    return {
      status: "error",
      message: field ? "Please correct the highlighted field." : failureMessage(tenant, result),
      fieldErrors: field ? { [field]: failureMessage(tenant, result) } : undefined,
    };
  }
  revalidatePath(`/${tenant.slug}/account/sessions`);
  const others = result.endedSessions === 1 ? "1 other session was" : `${result.endedSessions} other sessions were`;
  return { status: "success", message: `Your password was changed. ${others} signed out.` };
});
