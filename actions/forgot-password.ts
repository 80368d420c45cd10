"use server";
import { redirect } from "next/navigation";
import { formAction, formString, tenantFromForm } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { failureMessage } from "@/lib/next/failure-message";
import { getRequestMeta } from "@/lib/next/request";
import { requestPasswordReset } from "@/lib/recovery/request-password-reset";

export const requestPasswordResetAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid. Reload it and try again." };
  const email = formString(formData, "email", 320);
  const result = await requestPasswordReset(getDeps(), tenant, { email }, await getRequestMeta());
  if (!result.ok) return { status: "error", message: failureMessage(tenant, result), values: { email } };
  // The same answer whether or not the address has an account.
  redirect(`/${tenant.slug}/forgot-password?sent=1`);
});
