"use client";
import { useActionState } from "react";
import { resendConfirmationAction } from "@/actions/confirm-email";
import { FormNotice } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

/** "Send a new link" on the "confirm your email first" page of a password sign-in (works without JavaScript). */
export function ResendConfirmationForm({ tenant }: { tenant: string }) {
  const [state, action] = useActionState(resendConfirmationAction, IDLE);
  return (
    <form action={action} className="space-y-3">
      <FormNotice state={state} />
      <input type="hidden" name="tenant" value={tenant} />
      <SubmitButton className="w-full" pendingText="Sending…">
        Send a new link
      </SubmitButton>
    </form>
  );
}
