"use server";
import { revalidatePath } from "next/cache";
import { removePasskey, renamePasskey } from "@/lib/identity/passkeys";
import { confirmTotpEnrolment, regenerateRecoveryCodes, removeTotp, startTotpEnrolment } from "@/lib/identity/totp-enrolment";
import { formAction, formString, tenantFromForm } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { requireFactorAuth } from "@/lib/next/factor-auth";
import { getRequestMeta } from "@/lib/next/request";
import { setSessionCookie } from "@/lib/next/session";
import { copyContextOf, wordsFor } from "@/lib/copy/words";

// Each action checks the session itself; the enrolment page (tenant requires a second factor)
// uses the same actions with a session that may only enrol.

const refresh = (slug: string) => {
  revalidatePath(`/${slug}/account/security`);
  revalidatePath(`/${slug}/login/enrol`);
};

export const startTotpAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const result = await startTotpEnrolment(getDeps(), tenant, await requireFactorAuth(tenant));
  if (!result.ok) return { status: "error", message: wordsFor(result, copyContextOf(tenant)) };
  refresh(tenant.slug);
  return { status: "success" };
});

export const confirmTotpAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const auth = await requireFactorAuth(tenant);
  const result = await confirmTotpEnrolment(
    getDeps(),
    tenant,
    auth,
    { code: formString(formData, "code", 32), endOtherSessions: formData.get("endOtherSessions") === "on" },
    await getRequestMeta(),
  );
  if (!result.ok) return { status: "error", message: wordsFor(result, copyContextOf(tenant)) };
  if (result.rotated) await setSessionCookie(tenant, result.rotated.token, result.rotated.session.absoluteExpiresAt);
  refresh(tenant.slug);
  return {
    status: "success",
    message: "Your authenticator app is set up." + (result.endedSessions > 0 ? ` ${result.endedSessions} other session(s) were signed out.` : ""),
    values: { codes: (result.recoveryCodes ?? []).join("\n") },
  };
});

export const removeTotpAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const result = await removeTotp(getDeps(), tenant, await requireFactorAuth(tenant), { endOtherSessions: formData.get("endOtherSessions") === "on" }, await getRequestMeta());
  if (!result.ok) return { status: "error", message: wordsFor(result, copyContextOf(tenant)) };
  if (result.rotated) await setSessionCookie(tenant, result.rotated.token, result.rotated.expires);
  refresh(tenant.slug);
  return { status: "success", message: "Your authenticator app was removed." };
});

export const regenerateCodesAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const result = await regenerateRecoveryCodes(getDeps(), tenant, await requireFactorAuth(tenant), await getRequestMeta());
  if (!result.ok) return { status: "error", message: wordsFor(result, copyContextOf(tenant)) };
  refresh(tenant.slug);
  return { status: "success", message: "New recovery codes were created. The old ones no longer work.", values: { codes: result.recoveryCodes.join("\n") } };
});

export const renamePasskeyAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const result = await renamePasskey(getDeps(), tenant, await requireFactorAuth(tenant), { id: formString(formData, "passkeyId", 64), name: formString(formData, "name", 200) });
  if (!result.ok) return { status: "error", message: wordsFor(result, copyContextOf(tenant)) };
  refresh(tenant.slug);
  return { status: "success", message: "Renamed." };
});

export const removePasskeyAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const result = await removePasskey(
    getDeps(),
    tenant,
    await requireFactorAuth(tenant),
    { id: formString(formData, "passkeyId", 64), endOtherSessions: formData.get("endOtherSessions") === "on" },
    await getRequestMeta(),
  );
  if (!result.ok) return { status: "error", message: wordsFor(result, copyContextOf(tenant)) };
  if (result.rotated) await setSessionCookie(tenant, result.rotated.token, result.rotated.expires);
  refresh(tenant.slug);
  return { status: "success", message: "The passkey was removed." };
});
