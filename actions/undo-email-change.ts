"use server";
import { redirect } from "next/navigation";
import { undoEmailChange } from "@/lib/identity/change-email";
import { formAction, formString, tenantFromForm } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { failureMessage } from "@/lib/next/failure-message";
import { getRequestMeta } from "@/lib/next/request";
import { clearSessionCookie } from "@/lib/next/session";

export const undoEmailChangeAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const result = await undoEmailChange(getDeps(), tenant, formString(formData, "token", 100), await getRequestMeta());
  if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
  await clearSessionCookie(tenant);
  redirect(`/${tenant.slug}/undo-email-change?done=1`);
});
