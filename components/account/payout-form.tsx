"use client";
import { useActionState } from "react";
import { changePayoutAction } from "@/actions/payout";
import { FormNotice } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

export function PayoutForm({ tenant, holder }: { tenant: string; holder: string }) {
  const [state, action] = useActionState(changePayoutAction, IDLE);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormNotice state={state} />
      <input type="hidden" name="tenant" value={tenant} />
      <Field
        label="Account holder"
        name="holder"
        autoComplete="name"
        maxLength={100}
        defaultValue={state.values?.holder ?? holder}
        error={state.fieldErrors?.holder}
      />
      <Field
        label="IBAN"
        name="iban"
        autoComplete="off"
        spellCheck={false}
        maxLength={42}
        defaultValue={state.values?.iban ?? ""}
        error={state.fieldErrors?.iban}
        hint="For example DE89 3704 0044 0532 0130 00."
      />
      <SubmitButton pendingText="Saving…">Change payout account</SubmitButton>
    </form>
  );
}
