"use server";
import { revalidatePath } from "next/cache";
import { isStepUpFailure } from "@/lib/step-up/step-up";
import { fieldFailure } from "@/lib/next/failure-message";
import { z } from "zod";
import { changePassword, type TChangePasswordResult } from "@/lib/account/change-password";
import { secret } from "@/lib/next/form-input";
import type { TFormState } from "@/lib/next/form-state";
import { stepUpOrError } from "@/lib/next/step-up";
import { tenantAction } from "@/lib/next/tenant-action";
import { notice } from "@/lib/copy/words";

const ZChangePasswordInput = z.object({
  currentPassword: secret(1025),
  newPassword: secret(1025),
  confirmPassword: secret(1025),
});
export type TChangePasswordState = TFormState<typeof ZChangePasswordInput>;

/** The form field a password-change failure belongs to (the others are shown above the form). */
const CHANGE_FIELDS: Partial<
  Record<Exclude<TChangePasswordResult, { ok: true }>["code"], "currentPassword" | "newPassword" | "confirmPassword">
> = {
  WRONG_PASSWORD: "currentPassword",
  RATE_LIMITED: "currentPassword",
  INVALID_PASSWORD: "newPassword",
  SAME_PASSWORD: "newPassword",
  PASSWORD_MISMATCH: "confirmPassword",
};

export const changePasswordAction = tenantAction(
  { auth: "signed-in", input: ZChangePasswordInput, signInReturnTo: (tenant) => `/${tenant.slug}/account/security` },
  async ({ tenant, auth, input, meta, deps }) => {
    const result = await changePassword(deps, tenant, auth, input, meta);
    if (isStepUpFailure(result)) return stepUpOrError(tenant, result, `/${tenant.slug}/account/security`);
    if (!result.ok) {
      return fieldFailure(tenant, result, CHANGE_FIELDS);
    }
    revalidatePath(`/${tenant.slug}/account/sessions`);
    return { status: "success", message: notice("password_changed", { endedSessions: result.endedSessions }) };
  },
);
