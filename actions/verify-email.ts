"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { verifyEmail } from "@/lib/identity/verify-email";
import { secret } from "@/lib/next/form-input";
import { clearSessionCookie, setSessionCookie } from "@/lib/next/session";
import { failureMessage } from "@/lib/next/failure-message";
import { tenantAction } from "@/lib/next/tenant-action";

export const verifyEmailAction = tenantAction(
  { auth: "none", input: z.object({ token: secret(100) }) },
  async ({ tenant, input, meta, deps }) => {
    const result = await verifyEmail(deps, tenant, input.token, meta);
    if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
    if (result.choosePassword) {
      // The link was opened away from the browser that signed up: the sign-up's password is gone and
      // every session ended; this browser goes on to choose the account's password.
      await clearSessionCookie(tenant);
      redirect(
        `/${tenant.slug}/reset-password?${new URLSearchParams({ token: result.choosePassword, confirmed: "1" }).toString()}`,
      );
    }
    if (result.passkeySetup) {
      // No way to sign in yet (passwordless sign-up): straight on to creating the first passkey.
      await setSessionCookie(tenant, result.passkeySetup.token, result.passkeySetup.session.absoluteExpiresAt);
      redirect(`/${tenant.slug}/login/enrol`);
    }
    redirect(`/${tenant.slug}/verify-email?done=1`);
  },
);
