"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE, type TFormState } from "@/lib/next/form-state";

/** A link from a mail is used up only by a button press: a scanner's GET must not consume it. */
export function TokenConfirmForm({
  action,
  tenant,
  token,
  label,
  pendingText,
}: {
  action: (state: TFormState, formData: FormData) => Promise<TFormState>;
  tenant: string;
  token: string;
  label: string;
  pendingText: string;
}) {
  const [state, formAction] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="space-y-4">
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton className="w-full" pendingText={pendingText}>
        {label}
      </SubmitButton>
    </form>
  );
}
