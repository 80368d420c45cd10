"use server";
import { resendVerificationByTicket } from "@/lib/identity/email-confirmation";
import { formAction, tenantFromForm } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { readConfirmationTicket } from "@/lib/next/email-confirmation";

export const resendConfirmationAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const result = await resendVerificationByTicket(getDeps(), tenant, await readConfirmationTicket(tenant));
  if (!result.ok) return { status: "error", message: result.message };
  return { status: "success", message: `We sent a new confirmation link to ${result.email}.` };
});
