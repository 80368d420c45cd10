"use server";
import { redirect } from "next/navigation";
import { verifyEmail } from "@/lib/identity/verify-email";
import { formAction, formString, tenantFromForm } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { clearSessionCookie, setSessionCookie } from "@/lib/next/session";

export const verifyEmailAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const result = await verifyEmail(getDeps(), tenant, formString(formData, "token", 100), await getRequestMeta());
  if (!result.ok) return { status: "error", message: result.message };
  if (result.choosePassword) {
    // The link was opened away from the browser that signed up: the sign-up's password is gone and
    // every session ended; this browser goes on to choose the account's password.
    await clearSessionCookie(tenant);
    redirect(`/${tenant.slug}/reset-password?${new URLSearchParams({ token: result.choosePassword, confirmed: "1" }).toString()}`);
  }
  if (result.passkeySetup) {
    // No way to sign in yet (passwordless sign-up): straight on to creating the first passkey.
    await setSessionCookie(tenant, result.passkeySetup.token, result.passkeySetup.session.absoluteExpiresAt);
    redirect(`/${tenant.slug}/login/enrol`);
  }
  redirect(`/${tenant.slug}/verify-email?done=1`);
});
