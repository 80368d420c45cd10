"use client";
import { useActionState } from "react";
import { requestEmailChangeAction } from "@/actions/account";
import { FormNotice } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

export function EmailChangeForm({ tenant, draft }: { tenant: string; draft: string }) {
  const [state, action] = useActionState(requestEmailChangeAction, IDLE);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormNotice state={state} />
      <input type="hidden" name="tenant" value={tenant} />
      <Field
        label="New email address"
        name="email"
        type="email"
        autoComplete="email"
        maxLength={320}
        defaultValue={state.values?.email ?? draft}
        error={state.fieldErrors?.email}
        hint="We send a link to the new address; your account moves there once you open it."
      />
      <SubmitButton variant="secondary" pendingText="Sending…">
        Change email address
      </SubmitButton>
    </form>
  );
}
