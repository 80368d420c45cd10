"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formAction, formString, tenantFromForm } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { clearSessionCookie, requireAuth } from "@/lib/next/session";
import { stepUpOrError } from "@/lib/next/step-up";
import { revokeOtherSessions, revokeSession } from "@/lib/sessions/revoke-session";
import { messageFor } from "@/lib/copy";

export const revokeSessionAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const { session } = await requireAuth(tenant, `/${tenant.slug}/account/sessions`);
  const result = await revokeSession(getDeps(), tenant, session, formString(formData, "sessionId", 64), await getRequestMeta());
  if (!result.ok) return { status: "error", message: messageFor(result) };
  if (result.endedCurrent) {
    await clearSessionCookie(tenant);
    redirect(`/${tenant.slug}/login?notice=signed-out`);
  }
  revalidatePath(`/${tenant.slug}/account/sessions`);
  return { status: "success", message: "The session was ended. That device is signed out." };
});

export const revokeOtherSessionsAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const auth = await requireAuth(tenant, `/${tenant.slug}/account/sessions`);
  const result = await revokeOtherSessions(getDeps(), tenant, auth, await getRequestMeta());
  if (!result.ok) return stepUpOrError(tenant, result, `/${tenant.slug}/account/sessions`);
  const { count } = result;
  revalidatePath(`/${tenant.slug}/account/sessions`);
  return { status: "success", message: count === 0 ? "No other sessions were active." : `${count} other session${count === 1 ? " was" : "s were"} ended.` };
});
