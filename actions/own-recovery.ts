"use server";
import { redirect } from "next/navigation";
import { failureMessage } from "@/lib/next/failure-message";
import { z } from "zod";
import { tenantAction } from "@/lib/next/tenant-action";
import { cancelOwnRecovery } from "@/lib/recovery/cancel-recovery";

export const cancelOwnRecoveryAction = tenantAction(
  { auth: "signed-in", input: z.object({}), signInReturnTo: (tenant) => `/${tenant.slug}/account/security` },
  async ({ tenant, auth, meta, deps }) => {
    const result = await cancelOwnRecovery(deps, tenant, auth, meta);
    if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
    redirect(`/${tenant.slug}/account/security?notice=recovery-cancelled`);
  },
);
