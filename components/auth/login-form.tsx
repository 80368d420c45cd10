"use client";
import Link from "next/link";
import { useActionState } from "react";
import { signInAction } from "@/actions/sign-in";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

/** `email`: an address to fill in (an app's `login_hint`). */
export function LoginForm({ tenant, returnTo, email }: { tenant: string; returnTo: string; email?: string }) {
  const [state, action] = useActionState(signInAction, IDLE);
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <Field
        label="Email address"
        name="email"
        type="email"
        autoComplete="username webauthn"
        required
        defaultValue={state.values?.email ?? email}
        autoFocus
        inputMode="email"
      />
      <PasswordField label="Password" name="password" autoComplete="current-password" />
      <p className="text-sm">
        <Link href={`/${tenant}/forgot-password`} className="font-medium underline">
          Forgot your password?
        </Link>
      </p>
      <SubmitButton className="w-full" pendingText="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}
