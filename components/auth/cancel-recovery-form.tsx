"use client";
import { useActionState } from "react";
import { cancelRecoveryAction } from "@/actions/cancel-recovery";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

/** Cancelling takes a button press: a mail scanner following the link must not cancel anything. */
export function CancelRecoveryForm({ tenant, token }: { tenant: string; token: string }) {
  const [state, action] = useActionState(cancelRecoveryAction, IDLE);
  return (
    <form action={action} className="space-y-4">
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton variant="danger" className="w-full" pendingText="Cancelling…">
        Cancel the recovery
      </SubmitButton>
    </form>
  );
}
