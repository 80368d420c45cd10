"use client";
import { useActionState } from "react";
import { cancelOwnRecoveryAction } from "@/actions/own-recovery";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

/** A waiting recovery is shown to the signed-in user, who can end it with one press (it may not be them). */
export function PendingRecovery({ tenant, availableAtText }: { tenant: string; availableAtText: string }) {
  const [state, action] = useActionState(cancelOwnRecoveryAction, IDLE);
  return (
    <section aria-labelledby="pending-recovery-heading" className="rounded-lg border-2 border-red-700 bg-white p-6">
      <h2 id="pending-recovery-heading" className="mb-2 text-lg font-semibold">
        Account recovery pending
      </h2>
      <p className="mb-4 text-gray-800">
        Someone asked to recover this account without its second factor. From {availableAtText} a new password could be
        set and your second factors removed. If this was not you, or you have your second factor again, cancel it.
      </p>
      <form action={action} className="space-y-3">
        {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
        <input type="hidden" name="tenant" value={tenant} />
        <SubmitButton variant="danger" pendingText="Cancelling…">
          Cancel the recovery
        </SubmitButton>
      </form>
    </section>
  );
}
