"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signUp } from "@/lib/identity/sign-up";
import { secret, text } from "@/lib/next/form-input";
import type { TFormState } from "@/lib/next/form-state";
import { tenantAction } from "@/lib/next/tenant-action";

const ZSignUpInput = z.object({ email: text(320), displayName: text(200), password: secret(1025), confirmPassword: secret(1025) });
export type TSignUpState = TFormState<typeof ZSignUpInput>;

export const signUpAction = tenantAction(
  // A device cookie for this browser, so the confirmation link can tell whether it is opened here.
  { auth: "none", input: ZSignUpInput, meta: "sign-in", noTenant: "This sign-up page is no longer valid. Reload it and try again." },
  async ({ tenant, input, meta, deps }) => {
    const { email, displayName } = input;
    const result = await signUp(deps, tenant, input, meta);
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
  },
);
