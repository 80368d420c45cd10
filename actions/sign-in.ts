"use server";
import { redirect } from "next/navigation";
import { signInWithPassword } from "@/lib/identity/sign-in-with-password";
import { formAction, formString, tenantFromForm } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { setConfirmationTicket } from "@/lib/next/email-confirmation";
import { getSignInMeta } from "@/lib/next/request";
import { setSessionCookie } from "@/lib/next/session";
import { safeReturnTo } from "@/lib/security/return-to";

export const signInAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This sign-in page is no longer valid. Reload it and try again." };
  const email = formString(formData, "email", 320);
  const result = await signInWithPassword(getDeps(), tenant, { email, password: formString(formData, "password", 1025) }, await getSignInMeta());
  if (!result.ok && result.code === "EMAIL_NOT_VERIFIED") {
    await setConfirmationTicket(tenant, result.ticket);
    redirect(`/${tenant.slug}/login/confirm-email`);
  }
  if (!result.ok) return { status: "error", message: result.message, values: { email } };
  await setSessionCookie(tenant, result.token, result.session.absoluteExpiresAt);
  const returnTo = safeReturnTo(tenant.slug, formString(formData, "returnTo", 600));
  if (result.next === "second_factor") redirect(`/${tenant.slug}/login/second-factor?returnTo=${encodeURIComponent(returnTo)}`);
  if (result.next === "email_code") redirect(`/${tenant.slug}/login/email-code?returnTo=${encodeURIComponent(returnTo)}`);
  if (result.next === "enrol_factor") redirect(`/${tenant.slug}/login/enrol?returnTo=${encodeURIComponent(returnTo)}`);
  redirect(returnTo);
});
