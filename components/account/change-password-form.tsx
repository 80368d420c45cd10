"use client";
import { useActionState } from "react";
import { changePasswordAction } from "@/actions/change-password";
import { FormNotice } from "@/components/ui/alert";
import { NewPasswordFields, PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

export function ChangePasswordForm({ tenant, email, minLength }: { tenant: string; email: string; minLength: number }) {
  const [state, action] = useActionState(changePasswordAction, IDLE);
  return (
    // The key resets the fields after a successful change.
    <form key={state.status === "success" ? state.message : "form"} action={action} className="space-y-4" noValidate>
      <FormNotice state={state} />
      <input type="hidden" name="tenant" value={tenant} />
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <PasswordField
        label="Current password"
        name="currentPassword"
        autoComplete="current-password"
        error={state.fieldErrors?.currentPassword}
      />
      <NewPasswordFields
        name="newPassword"
        label="New password"
        confirmLabel="Confirm new password"
        minLength={minLength}
        hint={`At least ${minLength} characters.`}
        errors={{ password: state.fieldErrors?.newPassword, confirmPassword: state.fieldErrors?.confirmPassword }}
      />
      <p className="text-sm text-gray-800">Changing your password signs out every other device.</p>
      <SubmitButton pendingText="Changing…">Change password</SubmitButton>
    </form>
  );
}
