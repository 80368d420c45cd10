"use client";
import { useActionState } from "react";
import { requestPasswordResetAction } from "@/actions/forgot-password";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

export function ForgotPasswordForm({ tenant }: { tenant: string }) {
  const [state, action] = useActionState(requestPasswordResetAction, IDLE);
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <Field
        label="Email address"
        name="email"
        type="email"
        autoComplete="username"
        required
        defaultValue={state.values?.email}
        inputMode="email"
        autoFocus
      />
      <SubmitButton className="w-full" pendingText="Sending…">
        Send reset link
      </SubmitButton>
    </form>
  );
}
