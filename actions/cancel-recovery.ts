"use server";
import { redirect } from "next/navigation";
import { formAction, formString, tenantFromForm } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { failureMessage } from "@/lib/next/failure-message";
import { getRequestMeta } from "@/lib/next/request";
import { cancelRecoveryByLink } from "@/lib/recovery/cancel-recovery";

export const cancelRecoveryAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const result = await cancelRecoveryByLink(getDeps(), tenant, { token: formString(formData, "token", 100) }, await getRequestMeta());
  if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
  redirect(`/${tenant.slug}/recover/cancel?done=1`);
});
