"use server";
import { redirect } from "next/navigation";
import { failureMessage } from "@/lib/next/failure-message";
import { z } from "zod";
import { confirmEmailChange } from "@/lib/account/change-email";
import { secret } from "@/lib/next/form-input";
import { tenantAction } from "@/lib/next/tenant-action";

export const confirmEmailChangeAction = tenantAction(
  { auth: "none", input: z.object({ token: secret(100) }) },
  async ({ tenant, input, meta, deps }) => {
    const result = await confirmEmailChange(deps, tenant, input.token, meta);
    if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
    redirect(`/${tenant.slug}/confirm-email-change?done=1`);
  },
);
