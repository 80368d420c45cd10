"use server";
import { revalidatePath } from "next/cache";
import { isStepUpFailure } from "@/lib/step-up/step-up";
import { failureMessage } from "@/lib/next/failure-message";
import { z } from "zod";
import { resendVerification } from "@/lib/identity/resend-verification";
import { requestEmailChange } from "@/lib/account/change-email";
import { dismissPasskeyOffer } from "@/lib/identity/passkey-offer";
import { updateProfile } from "@/lib/account/update-profile";
import { text } from "@/lib/next/form-input";
import type { TFormState } from "@/lib/next/form-state";
import { stepUpOrError } from "@/lib/next/step-up";
import { tenantAction } from "@/lib/next/tenant-action";
import { notice } from "@/lib/copy/words";

// A page's own auth check does not protect the actions next to it: each action checks again.

const accountPath = (tenant: { slug: string }) => `/${tenant.slug}/account`;

const ZProfileInput = z.object({ displayName: text(500) });
export type TProfileState = TFormState<typeof ZProfileInput>;

export const updateProfileAction = tenantAction(
  { auth: "signed-in", input: ZProfileInput, signInReturnTo: accountPath },
  async ({ tenant, auth, input: { displayName }, meta, deps }) => {
    const result = await updateProfile(deps, tenant, auth, { displayName }, meta);
    // The name typed is kept across the step-up (it is not secret), so it is not typed twice.
    if (isStepUpFailure(result))
      return stepUpOrError(
        tenant,
        result,
        `/${tenant.slug}/account?${new URLSearchParams({ displayName: displayName.slice(0, 100) }).toString()}`,
      );
    if (!result.ok)
      return {
        status: "error",
        message: notice("correct_fields"),
        fieldErrors: { displayName: failureMessage(tenant, result) },
        values: { displayName },
      };
    revalidatePath(`/${tenant.slug}/account`);
    return { status: "success", message: notice("profile_saved"), values: { displayName } };
  },
);

export const resendVerificationAction = tenantAction(
  { auth: "signed-in", input: z.object({}), signInReturnTo: accountPath },
  async ({ tenant, auth: { user }, deps }) => {
    const result = await resendVerification(deps, tenant, user);
    if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
    return { status: "success", message: notice("confirmation_resent", { email: user.email }) };
  },
);

export const dismissPasskeyOfferAction = tenantAction(
  { auth: "signed-in", input: z.object({}), signInReturnTo: accountPath },
  async ({ tenant, auth: { user }, deps }) => {
    await dismissPasskeyOffer(deps, tenant, user);
    revalidatePath(`/${tenant.slug}/account`);
    return { status: "success" };
  },
);

const ZEmailChangeInput = z.object({ email: text(320) });
export type TEmailChangeState = TFormState<typeof ZEmailChangeInput>;

export const requestEmailChangeAction = tenantAction(
  { auth: "signed-in", input: ZEmailChangeInput, signInReturnTo: accountPath },
  async ({ tenant, auth, input: { email }, meta, deps }) => {
    const result = await requestEmailChange(deps, tenant, auth, { email }, meta);
    if (isStepUpFailure(result))
      return stepUpOrError(tenant, result, `/${tenant.slug}/account?${new URLSearchParams({ email }).toString()}`);
    if (!result.ok)
      return {
        status: "error",
        message: notice("correct_fields"),
        fieldErrors: { email: failureMessage(tenant, result) },
        values: { email },
      };
    return {
      status: "success",
      message: notice("email_change_sent", { email: result.email }),
      values: { email: "" },
    };
  },
);
