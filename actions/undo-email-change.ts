"use server";
import { redirect } from "next/navigation";
import { failureMessage } from "@/lib/next/failure-message";
import { z } from "zod";
import { undoEmailChange } from "@/lib/account/change-email";
import { secret } from "@/lib/next/form-input";
import { clearSessionCookie } from "@/lib/next/session";
import { tenantAction } from "@/lib/next/tenant-action";

export const undoEmailChangeAction = tenantAction(
  { auth: "none", input: z.object({ token: secret(100) }) },
  async ({ tenant, input, meta, deps }) => {
    const result = await undoEmailChange(deps, tenant, input.token, meta);
    if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
    await clearSessionCookie(tenant);
    redirect(`/${tenant.slug}/undo-email-change?done=1`);
  },
);
