"use server";
import { z } from "zod";
import { resendVerificationByTicket } from "@/lib/identity/email-confirmation";
import { readConfirmationTicket } from "@/lib/next/email-confirmation";
import { failureMessage } from "@/lib/next/failure-message";
import { tenantAction } from "@/lib/next/tenant-action";
import { notice } from "@/lib/copy/words";

export const resendConfirmationAction = tenantAction(
  { auth: "none", input: z.object({}) },
  async ({ tenant, deps }) => {
    const result = await resendVerificationByTicket(deps, tenant, await readConfirmationTicket(tenant));
    if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
    return { status: "success", message: notice("confirmation_resent", { email: result.email }) };
  },
);
