"use server";
import { revalidatePath } from "next/cache";
import { formAction, formString, tenantFromForm } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { requireAuth } from "@/lib/next/session";
import { stepUpOrError } from "@/lib/next/step-up";
import { isStepUpFailure } from "@/lib/step-up/step-up";
import { messageFor } from "@/lib/copy";
import { changePayout } from "@/lib/payout/change-payout";

export const changePayoutAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const here = `/${tenant.slug}/account/payout`;
  const auth = await requireAuth(tenant, here);
  const input = { holder: formString(formData, "holder", 200), iban: formString(formData, "iban", 64) };
  const result = await changePayout(getDeps(), tenant, auth, input, await getRequestMeta());
  // Bank details are not carried through the step-up page's URL: they would land in logs.
  if (isStepUpFailure(result)) return stepUpOrError(tenant, result, here);
  if (!result.ok) return { status: "error", message: "Please correct the highlighted field.", fieldErrors: { [result.params.field]: messageFor(result) }, values: input };
  revalidatePath(here);
  return { status: "success", message: "Your payout account was changed. We sent you a confirmation by mail." };
});
