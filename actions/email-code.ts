"use server";
import { redirect } from "next/navigation";
import { failureMessage } from "@/lib/next/failure-message";
import { z } from "zod";
import { resendSignInEmailCode, verifySignInEmailCode } from "@/lib/identity/sign-in-email-code";
import { secret, text } from "@/lib/next/form-input";
import { setSessionCookie } from "@/lib/next/session";
import { tenantAction } from "@/lib/next/tenant-action";
import { safeReturnTo } from "@/lib/security/return-to";
import { notice } from "@/lib/copy/words";

const ZEmailCodeInput = z.object({ code: secret(64), returnTo: text(600) });

export const verifyEmailCodeAction = tenantAction(
  { auth: "pending", stage: "email_code", input: ZEmailCodeInput, meta: "sign-in" },
  async ({ tenant, auth: pending, input, meta, deps }) => {
    const returnTo = safeReturnTo(tenant.slug, input.returnTo);
    const result = await verifySignInEmailCode(deps, tenant, pending, { code: input.code }, meta);
    if (!result.ok) {
      // The cookie stays: the pending session it names is over, and a concurrent request that won may
      // just have replaced it with the new session's cookie (the sign-in page then passes straight on).
      const used = result.code === "RATE_LIMITED" && result.params.scope === "sign_in";
      if (used || result.code === "SIGN_IN_ENDED") {
        redirect(
          `/${tenant.slug}/login?notice=${used ? "code-attempts" : "session-ended"}&returnTo=${encodeURIComponent(returnTo)}`,
        );
      }
      return { status: "error", message: failureMessage(tenant, result) };
    }
    await setSessionCookie(tenant, result.token, result.session.absoluteExpiresAt);
    if (result.next === "enrol_factor")
      redirect(`/${tenant.slug}/login/enrol?returnTo=${encodeURIComponent(returnTo)}`);
    redirect(returnTo);
  },
);

export const resendEmailCodeAction = tenantAction(
  { auth: "pending", stage: "email_code", input: z.object({}), meta: "sign-in" },
  async ({ tenant, auth: pending, meta, deps }) => {
    const result = await resendSignInEmailCode(deps, tenant, pending, meta);
    if (!result.ok) {
      if (result.code === "SIGN_IN_ENDED") redirect(`/${tenant.slug}/login?notice=session-ended`);
      return { status: "error", message: failureMessage(tenant, result) };
    }
    return {
      status: "success",
      message: notice("email_code_resent", { email: pending.user.email }),
    };
  },
);
