"use client";
import { useActionState } from "react";
import { verifySecondFactorAction } from "@/actions/second-factor";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

export function SecondFactorForm({ tenant, returnTo }: { tenant: string; returnTo: string }) {
  const [state, action] = useActionState(verifySecondFactorAction, IDLE);
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <Field
        label="Code"
        name="code"
        autoComplete="one-time-code"
        required
        autoFocus
        spellCheck={false}
        autoCapitalize="none"
        maxLength={32}
        hint="The 6-digit code from your authenticator app, or one of your recovery codes."
      />
      <SubmitButton className="w-full" pendingText="Checking…">
        Continue
      </SubmitButton>
    </form>
  );
}
