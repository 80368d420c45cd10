"use client";
import { useActionState } from "react";
import { changePasswordAction } from "@/actions/change-password";
import { Alert } from "@/components/ui/alert";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

export function ChangePasswordForm({ tenant, email, minLength }: { tenant: string; email: string; minLength: number }) {
  const [state, action] = useActionState(changePasswordAction, IDLE);
  return (
    // The key resets the fields after a successful change.
    <form key={state.status === "success" ? state.message : "form"} action={action} className="space-y-4" noValidate>
      {state.message ? <Alert tone={state.status === "success" ? "success" : "error"}>{state.message}</Alert> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <PasswordField
        label="Current password"
        name="currentPassword"
        autoComplete="current-password"
        error={state.fieldErrors?.currentPassword}
      />
      <PasswordField
        label="New password"
        name="newPassword"
        autoComplete="new-password"
        minLength={minLength}
        error={state.fieldErrors?.newPassword}
        hint={`At least ${minLength} characters.`}
      />
      <PasswordField
        label="Confirm new password"
        name="confirmPassword"
        autoComplete="new-password"
        minLength={minLength}
        error={state.fieldErrors?.confirmPassword}
      />
      <p className="text-sm text-gray-800">Changing your password signs out every other device.</p>
      <SubmitButton pendingText="Changing…">Change password</SubmitButton>
    </form>
  );
}
