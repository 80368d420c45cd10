"use client";
import { useActionState } from "react";
import { resendEmailCodeAction, verifyEmailCodeAction } from "@/actions/email-code";
import { Alert, FormNotice } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

/** The code from the sign-in email; plain forms, so both work without JavaScript. */
export function EmailCodeForm({ tenant, returnTo }: { tenant: string; returnTo: string }) {
  const [state, action] = useActionState(verifyEmailCodeAction, IDLE);
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <Field
        label="Code from the email"
        name="code"
        autoComplete="one-time-code"
        inputMode="numeric"
        pattern="[0-9]*"
        required
        autoFocus
        spellCheck={false}
        autoCapitalize="none"
        maxLength={12}
        className="block w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-lg tracking-widest text-gray-900 shadow-sm aria-[invalid=true]:border-red-700"
        hint="6 digits. The code works once and expires 10 minutes after we send it."
      />
      <SubmitButton className="w-full" pendingText="Checking…">
        Continue
      </SubmitButton>
    </form>
  );
}

export function ResendEmailCodeForm({ tenant }: { tenant: string }) {
  const [state, action] = useActionState(resendEmailCodeAction, IDLE);
  return (
    <form action={action} className="space-y-3">
      <FormNotice state={state} />
      <input type="hidden" name="tenant" value={tenant} />
      <SubmitButton variant="secondary" className="w-full" pendingText="Sending…">
        Send a new code
      </SubmitButton>
    </form>
  );
}
