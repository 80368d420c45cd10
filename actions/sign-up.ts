"use server";
import { redirect } from "next/navigation";
import { signUp } from "@/lib/identity/sign-up";
import { formAction, formString, tenantFromForm } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { getSignInMeta } from "@/lib/next/request";

export const signUpAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This sign-up page is no longer valid. Reload it and try again." };
  const email = formString(formData, "email", 320);
  const displayName = formString(formData, "displayName", 200);
  const result = await signUp(
    getDeps(),
    tenant,
    { email, displayName, password: formString(formData, "password", 1025), confirmPassword: formString(formData, "confirmPassword", 1025) },
    // A device cookie for this browser, so the confirmation link can tell whether it is opened here.
    await getSignInMeta(),
  );
  if (!result.ok) {
    return {
      status: "error",
      message: result.field ? "Please correct the highlighted field." : result.message,
      fieldErrors: result.field ? { [result.field]: result.message } : undefined,
      values: { email, displayName },
    };
  }
  // The same answer whether or not the address already had an account.
  redirect(`/${tenant.slug}/signup?sent=1`);
});
