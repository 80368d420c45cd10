"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signUp, type TSignUpResult } from "@/lib/identity/sign-up";
import { fieldFailure } from "@/lib/next/failure-message";
import { secret, text } from "@/lib/next/form-input";
import type { TFormState } from "@/lib/next/form-state";
import { rememberSignUpReturn } from "@/lib/next/sign-up-return";
import { tenantAction } from "@/lib/next/tenant-action";

const ZSignUpInput = z.object({
  email: text(320),
  displayName: text(200),
  password: secret(1025),
  confirmPassword: secret(1025),
  returnTo: text(600),
});
export type TSignUpState = TFormState<typeof ZSignUpInput>;

/** The form field a sign-up failure belongs to (the others are shown above the form). */
const SIGN_UP_FIELDS: Partial<
  Record<Exclude<TSignUpResult, { ok: true }>["code"], "email" | "password" | "confirmPassword">
> = {
  INVALID_EMAIL: "email",
  INVALID_PASSWORD: "password",
  PASSWORD_MISMATCH: "confirmPassword",
};

export const signUpAction = tenantAction(
  // A device cookie for this browser, so the confirmation link can tell whether it is opened here.
  {
    auth: "none",
    input: ZSignUpInput,
    meta: "sign-in",
    noTenant: "This sign-up page is no longer valid. Reload it and try again.",
  },
  async ({ tenant, input, meta, deps }) => {
    const { email, displayName } = input;
    const result = await signUp(deps, tenant, input, meta);
    if (!result.ok) {
      return { ...fieldFailure(tenant, result, SIGN_UP_FIELDS), values: { email, displayName } };
    }
    // Signing in after confirming the address in this browser goes back where the sign-up began.
    await rememberSignUpReturn(tenant, input.returnTo);
    // The same answer whether or not the address already had an account.
    redirect(`/${tenant.slug}/signup?sent=1`);
  },
);
