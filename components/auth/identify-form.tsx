"use client";
import { useActionState, useEffect } from "react";
import { identifyAction } from "@/actions/federation";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

/** Identifier-first sign-in: the address alone decides the next step (organisation sign-in or password). */
export function IdentifyForm({ tenant, returnTo, email }: { tenant: string; returnTo: string; email?: string }) {
  const [state, action] = useActionState(identifyAction, IDLE);
  // The organisation's IdP, where the sign-in continues (its flow was started by the action).
  const location = state.status === "success" ? state.values?.location : undefined;
  useEffect(() => {
    if (location) window.location.assign(location);
  }, [location]);
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      {location ? (
        <Alert tone="info">
          <a href={location} className="font-semibold underline">
            {state.message}
          </a>
        </Alert>
      ) : null}
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <Field
        label="Email address"
        name="email"
        type="email"
        autoComplete="username webauthn"
        required
        defaultValue={state.values?.email ?? email}
        error={state.fieldErrors?.email}
        autoFocus
        inputMode="email"
      />
      <SubmitButton className="w-full" pendingText="Continuing…">
        Continue
      </SubmitButton>
    </form>
  );
}
