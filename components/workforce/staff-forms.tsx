"use client";
import { useActionState } from "react";
import { staffCodeAction, staffSetupAction, staffSignInAction } from "@/actions/workforce/staff-sign-in";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

export function StaffSignInForm({ console, returnTo }: { console: string; returnTo: string }) {
  const [state, action] = useActionState(staffSignInAction, IDLE);
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="console" value={console} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <Field
        label="Work email"
        name="email"
        type="email"
        autoComplete="username"
        required
        autoFocus
        defaultValue={state.values?.email}
      />
      <PasswordField label="Password" name="password" autoComplete="current-password" />
      <SubmitButton className="w-full" pendingText="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}

/** One code field, for the second step of sign-in, the first enrolment, and step-up. */
export function StaffCodeForm({
  console,
  mode,
  returnTo,
  submit,
}: {
  console: string;
  mode: "verify" | "enrol" | "step-up";
  returnTo: string;
  submit: string;
}) {
  const [state, action] = useActionState(staffCodeAction, IDLE);
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="console" value={console} />
      <input type="hidden" name="mode" value={mode} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <Field
        label="Code from your authenticator app"
        name="code"
        autoComplete="one-time-code"
        inputMode="numeric"
        required
        autoFocus
        maxLength={10}
      />
      <SubmitButton className="w-full" pendingText="Checking…">
        {submit}
      </SubmitButton>
    </form>
  );
}

export function StaffSetupForm({ token }: { token: string }) {
  const [state, action] = useActionState(staffSetupAction, IDLE);
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      <PasswordField
        label="New password"
        name="password"
        autoComplete="new-password"
        minLength={15}
        hint="At least 15 characters. A few unrelated words work well."
      />
      <PasswordField label="Confirm password" name="confirm" autoComplete="new-password" minLength={15} />
      <SubmitButton className="w-full" pendingText="Saving…">
        Save password and continue
      </SubmitButton>
    </form>
  );
}
