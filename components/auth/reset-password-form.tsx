"use client";
import { useActionState } from "react";
import { resetPasswordAction } from "@/app/[tenant]/(auth)/reset-password/actions";
import { Alert } from "@/components/ui/alert";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

export function ResetPasswordForm({ tenant, token, minLength, email }: { tenant: string; token: string; minLength: number; email: string }) {
  const [state, action] = useActionState(resetPasswordAction, IDLE);
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="token" value={token} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <PasswordField
        label="New password"
        name="password"
        autoComplete="new-password"
        minLength={minLength}
        error={state.fieldErrors?.password}
        hint={`At least ${minLength} characters.`}
        autoFocus
      />
      <PasswordField label="Confirm new password" name="confirmPassword" autoComplete="new-password" minLength={minLength} error={state.fieldErrors?.confirmPassword} />
      <SubmitButton className="w-full" pendingText="Saving…">
        Set new password
      </SubmitButton>
    </form>
  );
}
