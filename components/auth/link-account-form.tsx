"use client";
import { useActionState } from "react";
import { linkAccountAction } from "@/actions/federation";
import { Alert } from "@/components/ui/alert";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

/** Proves the local account once with its password, so the organisation's sign-in can be linked to it. */
export function LinkAccountForm({ tenant, email }: { tenant: string; email: string }) {
  const [state, action] = useActionState(linkAccountAction, IDLE);
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="username" value={email} autoComplete="username" />
      <PasswordField label="Password" name="password" autoComplete="current-password" />
      <SubmitButton className="w-full" pendingText="Linking…">
        Link and sign in
      </SubmitButton>
    </form>
  );
}
