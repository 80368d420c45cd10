"use server";
import { redirect } from "next/navigation";
import { confirmEmailChange } from "@/lib/identity/change-email";
import { formAction, formString, tenantFromForm } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { failureMessage } from "@/lib/next/failure-message";
import { getRequestMeta } from "@/lib/next/request";

export const confirmEmailChangeAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const result = await confirmEmailChange(getDeps(), tenant, formString(formData, "token", 100), await getRequestMeta());
  if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
  redirect(`/${tenant.slug}/confirm-email-change?done=1`);
});
