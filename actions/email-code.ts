"use server";
import { redirect } from "next/navigation";
import { messageFor } from "@/lib/copy";
import { resendSignInEmailCode, verifySignInEmailCode } from "@/lib/identity/sign-in-email-code";
import { formAction, formString, tenantFromForm } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { getSignInMeta } from "@/lib/next/request";
import { getPendingAuth, setSessionCookie } from "@/lib/next/session";
import { safeReturnTo } from "@/lib/security/return-to";

export const verifyEmailCodeAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const pending = await getPendingAuth(tenant, "email_code");
  if (!pending) redirect(`/${tenant.slug}/login?notice=session-ended`);
  const returnTo = safeReturnTo(tenant.slug, formString(formData, "returnTo", 600));
  const result = await verifySignInEmailCode(getDeps(), tenant, pending, { code: formString(formData, "code", 64) }, await getSignInMeta());
  if (!result.ok) {
    // The cookie stays: the pending session it names is over, and a concurrent request that won may
    // just have replaced it with the new session's cookie (the sign-in page then passes straight on).
    const used = result.code === "RATE_LIMITED" && result.params.scope === "sign_in";
    if (used || result.code === "SIGN_IN_ENDED") {
      redirect(`/${tenant.slug}/login?notice=${used ? "code-attempts" : "session-ended"}&returnTo=${encodeURIComponent(returnTo)}`);
    }
    return { status: "error", message: messageFor(result, { tenantName: tenant.name, supportEmail: tenant.supportEmail }) };
  }
  await setSessionCookie(tenant, result.token, result.session.absoluteExpiresAt);
  if (result.next === "enrol_factor") redirect(`/${tenant.slug}/login/enrol?returnTo=${encodeURIComponent(returnTo)}`);
  redirect(returnTo);
});

export const resendEmailCodeAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const pending = await getPendingAuth(tenant, "email_code");
  if (!pending) redirect(`/${tenant.slug}/login?notice=session-ended`);
  const result = await resendSignInEmailCode(getDeps(), tenant, pending, await getSignInMeta());
  if (!result.ok) {
    if (result.code === "SIGN_IN_ENDED") redirect(`/${tenant.slug}/login?notice=session-ended`);
    return { status: "error", message: messageFor(result, { tenantName: tenant.name, supportEmail: tenant.supportEmail }) };
  }
  return { status: "success", message: `We sent a new code to ${pending.user.email}. The earlier code no longer works.` };
});
