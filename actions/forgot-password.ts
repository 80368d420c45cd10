"use server";
import { redirect } from "next/navigation";
import { failureMessage } from "@/lib/next/failure-message";
import { z } from "zod";
import { text } from "@/lib/next/form-input";
import type { TFormState } from "@/lib/next/form-state";
import { tenantAction } from "@/lib/next/tenant-action";
import { requestPasswordReset } from "@/lib/recovery/request-password-reset";

const ZForgotPasswordInput = z.object({ email: text(320) });
export type TForgotPasswordState = TFormState<typeof ZForgotPasswordInput>;

export const requestPasswordResetAction = tenantAction(
  { auth: "none", input: ZForgotPasswordInput, noTenant: "This page is no longer valid. Reload it and try again." },
  async ({ tenant, input: { email }, meta, deps }) => {
    const result = await requestPasswordReset(deps, tenant, { email }, meta);
    if (!result.ok) return { status: "error", message: failureMessage(tenant, result), values: { email } };
    // The same answer whether or not the address has an account.
    redirect(`/${tenant.slug}/forgot-password?sent=1`);
  },
);
