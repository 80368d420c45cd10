"use client";
import { useActionState } from "react";
import { signUpAction } from "@/actions/sign-up";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { NewPasswordFields } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

/** `passwordless`: the tenant signs in with passkeys only, so only the address (and a name) is asked for. */
export function SignupForm({
  tenant,
  returnTo,
  minLength,
  passwordless = false,
}: {
  tenant: string;
  returnTo: string;
  minLength: number;
  passwordless?: boolean;
}) {
  const [state, action] = useActionState(signUpAction, IDLE);
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <Field
        label="Email address"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        error={state.fieldErrors?.email}
        inputMode="email"
      />
      <Field
        label="Name (optional)"
        name="displayName"
        type="text"
        autoComplete="name"
        maxLength={100}
        defaultValue={state.values?.displayName}
      />
      {passwordless ? null : (
        <NewPasswordFields
          name="password"
          label="Password"
          confirmLabel="Confirm password"
          minLength={minLength}
          hint={`At least ${minLength} characters. Spaces and any characters are welcome; a few unrelated words work well.`}
          errors={state.fieldErrors}
        />
      )}
      <SubmitButton className="w-full" pendingText="Creating your account…">
        Create account
      </SubmitButton>
    </form>
  );
}
