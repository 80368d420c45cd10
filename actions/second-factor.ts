"use server";
import { redirect } from "next/navigation";
import { messageFor } from "@/lib/copy";
import { verifySecondFactor } from "@/lib/identity/verify-second-factor";
import { formAction, formString, tenantFromForm } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { getSignInMeta } from "@/lib/next/request";
import { getPendingAuth, setSessionCookie } from "@/lib/next/session";
import { safeReturnTo } from "@/lib/security/return-to";

const SECOND_FACTOR_NOTICES = { SIGN_IN_ENDED: "session-ended", RATE_LIMITED: "too-many-codes", LOCKED: "second-factor-locked" } as const;

export const verifySecondFactorAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const pending = await getPendingAuth(tenant, "second_factor");
  if (!pending) redirect(`/${tenant.slug}/login?notice=session-ended`);
  const result = await verifySecondFactor(getDeps(), tenant, pending, { code: formString(formData, "code", 64) }, await getSignInMeta());
  // A pending sign-in that has ended (completed elsewhere, out of attempts, account locked) sends the user back to the start.
  if (!result.ok && result.code !== "WRONG_CODE") redirect(`/${tenant.slug}/login?notice=${SECOND_FACTOR_NOTICES[result.code]}`);
  if (!result.ok) return { status: "error", message: messageFor(result, { tenantName: tenant.name, supportEmail: tenant.supportEmail }) };
  await setSessionCookie(tenant, result.token, result.session.absoluteExpiresAt);
  redirect(safeReturnTo(tenant.slug, formString(formData, "returnTo", 600)));
});
