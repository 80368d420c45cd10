"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { changePassword } from "@/lib/identity/change-password";
import { secret } from "@/lib/next/form-input";
import type { TFormState } from "@/lib/next/form-state";
import { stepUpOrError } from "@/lib/next/step-up";
import { tenantAction } from "@/lib/next/tenant-action";

const ZChangePasswordInput = z.object({ currentPassword: secret(1025), newPassword: secret(1025), confirmPassword: secret(1025) });
export type TChangePasswordState = TFormState<typeof ZChangePasswordInput>;

export const changePasswordAction = tenantAction(
  { auth: "signed-in", input: ZChangePasswordInput, signInReturnTo: (tenant) => `/${tenant.slug}/account/security` },
  async ({ tenant, auth, input, meta, deps }) => {
    const result = await changePassword(deps, tenant, auth, input, meta);
    if (!result.ok && result.code === "STEP_UP") return stepUpOrError(tenant, result, `/${tenant.slug}/account/security`);
    if (!result.ok) {
      return {
        status: "error",
        message: result.field ? "Please correct the highlighted field." : result.message,
        fieldErrors: result.field ? { [result.field]: result.message } : undefined,
      };
    }
    revalidatePath(`/${tenant.slug}/account/sessions`);
    const others = result.endedSessions === 1 ? "1 other session was" : `${result.endedSessions} other sessions were`;
    return { status: "success", message: `Your password was changed. ${others} signed out.` };
  },
);
