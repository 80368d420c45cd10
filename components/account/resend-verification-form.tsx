"use client";
import { useActionState } from "react";
import { resendVerificationAction } from "@/app/[tenant]/account/actions";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

export function ResendVerificationForm({ tenant, email }: { tenant: string; email: string }) {
  const [state, action] = useActionState(resendVerificationAction, IDLE);
  return (
    <section aria-labelledby="verify-heading" className="rounded-lg border border-amber-600 bg-amber-50 p-4">
      <h2 id="verify-heading" className="font-semibold text-gray-900">
        Confirm your email address
      </h2>
      <p className="mt-1 text-sm text-gray-900">
        We sent a link to <span className="font-semibold">{email}</span>. Confirming it lets you recover your account if you forget your password.
      </p>
      <form action={action} className="mt-3 space-y-3">
        {state.message ? <Alert tone={state.status === "success" ? "success" : "error"}>{state.message}</Alert> : null}
        <input type="hidden" name="tenant" value={tenant} />
        <SubmitButton variant="secondary" pendingText="Sending…">
          Send a new link
        </SubmitButton>
      </form>
    </section>
  );
}
