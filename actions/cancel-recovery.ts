"use server";
import { redirect } from "next/navigation";
import { failureMessage } from "@/lib/next/failure-message";
import { z } from "zod";
import { secret } from "@/lib/next/form-input";
import { tenantAction } from "@/lib/next/tenant-action";
import { cancelRecoveryByLink } from "@/lib/recovery/cancel-recovery";

export const cancelRecoveryAction = tenantAction(
  { auth: "none", input: z.object({ token: secret(100) }) },
  async ({ tenant, input, meta, deps }) => {
    const result = await cancelRecoveryByLink(deps, tenant, { token: input.token }, meta);
    if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
    redirect(`/${tenant.slug}/recover/cancel?done=1`);
  },
);
