"use client";
import { useActionState, type ReactNode } from "react";
import { resendVerificationAction } from "@/actions/account";
import { FormNotice } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

export function ResendVerificationForm({ tenant, email }: { tenant: string; email: string }) {
  return (
    <ConfirmNotice tenant={tenant} title="Confirm your email address">
      We sent a link to <span className="font-semibold">{email}</span>. Until you open it you cannot add or remove
      sign-in methods, change your address or use protected actions, and you can recover your account only through that
      address.
    </ConfirmNotice>
  );
}

/** On pages whose controls wait for the confirmation (Security): why they are unavailable, and a new link. */
export function ConfirmEmailFirstNotice({ tenant, email }: { tenant: string; email: string }) {
  return (
    <ConfirmNotice tenant={tenant} title="Confirm your email address first">
      Open the link we sent to <span className="font-semibold">{email}</span> to add an authenticator app, passkeys or
      recovery codes. This keeps the account safe if someone else signed up with your address.
    </ConfirmNotice>
  );
}

function ConfirmNotice({ tenant, title, children }: { tenant: string; title: string; children: ReactNode }) {
  const [state, action] = useActionState(resendVerificationAction, IDLE);
  return (
    <section aria-labelledby="verify-heading" className="rounded-lg border border-amber-600 bg-amber-50 p-4">
      <h2 id="verify-heading" className="font-semibold text-gray-900">
        {title}
      </h2>
      <p className="mt-1 text-sm text-gray-900">{children}</p>
      <form action={action} className="mt-3 space-y-3">
        <FormNotice state={state} />
        <input type="hidden" name="tenant" value={tenant} />
        <SubmitButton variant="secondary" pendingText="Sending…">
          Send a new link
        </SubmitButton>
      </form>
    </section>
  );
}
