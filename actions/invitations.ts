"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import {
  acceptInvitationAsNewAccount,
  acceptInvitationSignedIn,
  type TAcceptNewResult,
} from "@/lib/invitations/accept";
import { failureMessage, fieldFailure } from "@/lib/next/failure-message";
import { secret, text } from "@/lib/next/form-input";
import type { TFormState } from "@/lib/next/form-state";
import { setSessionCookie } from "@/lib/next/session";
import { tenantAction } from "@/lib/next/tenant-action";

const ZAcceptNewInput = z.object({
  token: secret(100),
  method: text(16),
  displayName: text(200),
  password: secret(1025),
  confirmPassword: secret(1025),
});
export type TAcceptInvitationState = TFormState<typeof ZAcceptNewInput>;

/** The form field an accept failure belongs to (the others are shown above the form). */
const ACCEPT_FIELDS: Partial<
  Record<Exclude<TAcceptNewResult, { ok: true }>["code"], "displayName" | "password" | "confirmPassword">
> = {
  INVALID_PASSWORD: "password",
  PASSWORD_MISMATCH: "confirmPassword",
  INVALID_INPUT: "displayName",
};

/** The invitation page's new-account form: a password, or (`method=passkey`) a passkey created next. */
export const acceptInvitationAction = tenantAction(
  {
    auth: "none",
    input: ZAcceptNewInput,
    meta: "sign-in",
    noTenant: "This invitation page is no longer valid. Open the link from your invitation again.",
  },
  async ({ tenant, input, meta, deps }) => {
    const method = input.method === "passkey" ? "passkey" : "password";
    const result = await acceptInvitationAsNewAccount(
      deps,
      tenant,
      input.token,
      { method, displayName: input.displayName, password: input.password, confirmPassword: input.confirmPassword },
      meta,
    );
    if (!result.ok) {
      // A spent link shows the page's own "not valid" answer.
      if (result.code === "INVALID_LINK") redirect(`/${tenant.slug}/invitation?state=invalid`);
      return { ...fieldFailure(tenant, result, ACCEPT_FIELDS), values: { displayName: input.displayName } };
    }
    await setSessionCookie(tenant, result.token, result.session.absoluteExpiresAt);
    // A passkey is created next (the set-up session opens only that); a required second factor is enrolled next.
    if (result.next === "enrol_factor") redirect(`/${tenant.slug}/login/enrol`);
    redirect(`/${tenant.slug}/account?welcome=invitation`);
  },
);

const ZAcceptSignedInInput = z.object({ token: secret(100) });

/** The invitation page's "Accept" button for the signed-in account the invitation was sent to. */
export const acceptInvitationSignedInAction = tenantAction(
  {
    auth: "signed-in",
    input: ZAcceptSignedInInput,
    signInReturnTo: (tenant, input) => `/${tenant.slug}/invitation?token=${encodeURIComponent(input.token)}`,
    noTenant: "This invitation page is no longer valid. Open the link from your invitation again.",
  },
  async ({ tenant, auth, input, meta, deps }) => {
    const result = await acceptInvitationSignedIn(deps, tenant, input.token, auth, meta);
    if (!result.ok) {
      if (result.code === "INVALID_LINK") redirect(`/${tenant.slug}/invitation?state=invalid`);
      return { status: "error", message: failureMessage(tenant, result) };
    }
    redirect(`/${tenant.slug}/account?welcome=invitation`);
  },
);
