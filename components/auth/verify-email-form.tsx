"use client";
import { useActionState } from "react";
import { verifyEmailAction } from "@/actions/verify-email";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

/** Confirmation takes a button press: a GET from a mail scanner's link preview must not use the link up. */
export function VerifyEmailForm({ tenant, token }: { tenant: string; token: string }) {
  const [state, action] = useActionState(verifyEmailAction, IDLE);
  return (
    <form action={action} className="space-y-4">
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton className="w-full" pendingText="Confirming…">
        Confirm my email address
      </SubmitButton>
    </form>
  );
}
