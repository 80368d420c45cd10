"use server";
import { redirect } from "next/navigation";
import { formAction, tenantFromForm } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { failureMessage } from "@/lib/next/failure-message";
import { getRequestMeta } from "@/lib/next/request";
import { requireAuth } from "@/lib/next/session";
import { cancelOwnRecovery } from "@/lib/recovery/cancel-recovery";

export const cancelOwnRecoveryAction = formAction(async (formData) => {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const auth = await requireAuth(tenant, `/${tenant.slug}/account/security`);
  const result = await cancelOwnRecovery(getDeps(), tenant, auth, await getRequestMeta());
  if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
  redirect(`/${tenant.slug}/account/security?notice=recovery-cancelled`);
});
