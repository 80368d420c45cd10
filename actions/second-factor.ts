"use server";
import { redirect } from "next/navigation";
import { failureMessage } from "@/lib/next/failure-message";
import { z } from "zod";
import { verifySecondFactor } from "@/lib/identity/verify-second-factor";
import { secret, text } from "@/lib/next/form-input";
import { setSessionCookie } from "@/lib/next/session";
import { tenantAction } from "@/lib/next/tenant-action";
import { safeReturnTo } from "@/lib/security/return-to";

const SECOND_FACTOR_NOTICES = {
  SIGN_IN_ENDED: "session-ended",
  RATE_LIMITED: "too-many-codes",
  LOCKED: "second-factor-locked",
} as const;

const ZSecondFactorInput = z.object({ code: secret(64), returnTo: text(600) });

export const verifySecondFactorAction = tenantAction(
  { auth: "pending", stage: "second_factor", input: ZSecondFactorInput, meta: "sign-in" },
  async ({ tenant, auth: pending, input, meta, deps }) => {
    const result = await verifySecondFactor(deps, tenant, pending, { code: input.code }, meta);
    // A pending sign-in that has ended (completed elsewhere, out of attempts, account locked) sends the user back to
    // the start.
    if (!result.ok && result.code !== "WRONG_CODE")
      redirect(`/${tenant.slug}/login?notice=${SECOND_FACTOR_NOTICES[result.code]}`);
    if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
    await setSessionCookie(tenant, result.token, result.session.absoluteExpiresAt);
    redirect(safeReturnTo(tenant.slug, input.returnTo));
  },
);
