"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signInWithPassword } from "@/lib/identity/sign-in-with-password";
import { setConfirmationTicket } from "@/lib/next/email-confirmation";
import { failureMessage } from "@/lib/next/failure-message";
import { secret, text } from "@/lib/next/form-input";
import type { TFormState } from "@/lib/next/form-state";
import { setSessionCookie } from "@/lib/next/session";
import { tenantAction } from "@/lib/next/tenant-action";
import { safeReturnTo } from "@/lib/security/return-to";

const ZSignInInput = z.object({ email: text(320), password: secret(1025), returnTo: text(600) });
export type TSignInState = TFormState<typeof ZSignInInput>;

export const signInAction = tenantAction(
  {
    auth: "none",
    input: ZSignInInput,
    meta: "sign-in",
    noTenant: "This sign-in page is no longer valid. Reload it and try again.",
  },
  async ({ tenant, input: { email, password, returnTo: requested }, meta, deps }) => {
    const result = await signInWithPassword(deps, tenant, { email, password }, meta);
    if (!result.ok && result.code === "EMAIL_NOT_VERIFIED") {
      await setConfirmationTicket(tenant, result.params.ticket);
      redirect(`/${tenant.slug}/login/confirm-email`);
    }
    if (!result.ok) return { status: "error", message: failureMessage(tenant, result), values: { email } };
    await setSessionCookie(tenant, result.token, result.session.absoluteExpiresAt);
    const returnTo = safeReturnTo(tenant.slug, requested);
    if (result.next === "second_factor")
      redirect(`/${tenant.slug}/login/second-factor?returnTo=${encodeURIComponent(returnTo)}`);
    if (result.next === "email_code")
      redirect(`/${tenant.slug}/login/email-code?returnTo=${encodeURIComponent(returnTo)}`);
    if (result.next === "enrol_factor")
      redirect(`/${tenant.slug}/login/enrol?returnTo=${encodeURIComponent(returnTo)}`);
    redirect(returnTo);
  },
);
