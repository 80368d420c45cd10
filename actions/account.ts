"use server";
import { revalidatePath } from "next/cache";
import { resendVerification } from "@/lib/identity/resend-verification";
import { requestEmailChange } from "@/lib/identity/change-email";
import { updateProfile } from "@/lib/identity/update-profile";
import { formAction, formString, tenantFromForm } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { failureMessage } from "@/lib/next/failure-message";
import { getRequestMeta } from "@/lib/next/request";
import { requireAuth } from "@/lib/next/session";
import { stepUpOrError } from "@/lib/next/step-up";
import { isStepUpFailure } from "@/lib/step-up/step-up";

// A page's own auth check does not protect the actions next to it: each action checks again.

export const updateProfileAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const auth = await requireAuth(tenant, `/${tenant.slug}/account`);
  const displayName = formString(formData, "displayName", 500);
  const result = await updateProfile(getDeps(), tenant, auth, { displayName }, await getRequestMeta());
  // The name typed is kept across the step-up (it is not secret), so it is not typed twice.
  if (isStepUpFailure(result)) return stepUpOrError(tenant, result, `/${tenant.slug}/account?${new URLSearchParams({ displayName: displayName.slice(0, 100) }).toString()}`);
  if (!result.ok) return { status: "error", message: "Please correct the highlighted field.", fieldErrors: { displayName: failureMessage(tenant, result) }, values: { displayName } };
  revalidatePath(`/${tenant.slug}/account`);
  return { status: "success", message: "Your profile was saved.", values: { displayName } };
});

export const resendVerificationAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const { user } = await requireAuth(tenant, `/${tenant.slug}/account`);
  const result = await resendVerification(getDeps(), tenant, user);
  if (!result.ok) return { status: "error", message: result.message };
  return { status: "success", message: `We sent a new confirmation link to ${user.email}.` };
});

export const dismissPasskeyOfferAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const { user } = await requireAuth(tenant, `/${tenant.slug}/account`);
  await getDeps().store.users.dismissPasskeyOffer(tenant.id, user.id, getDeps().now());
  revalidatePath(`/${tenant.slug}/account`);
  return { status: "success" };
});

export const requestEmailChangeAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const auth = await requireAuth(tenant, `/${tenant.slug}/account`);
  const email = formString(formData, "email", 320);
  const result = await requestEmailChange(getDeps(), tenant, auth, { email }, await getRequestMeta());
  if (isStepUpFailure(result)) return stepUpOrError(tenant, result, `/${tenant.slug}/account?${new URLSearchParams({ email }).toString()}`);
  if (!result.ok) return { status: "error", message: "Please correct the highlighted field.", fieldErrors: { email: failureMessage(tenant, result) }, values: { email } };
  return { status: "success", message: `We sent a confirmation link to ${result.email}. Your address changes when you open it.`, values: { email: "" } };
});
