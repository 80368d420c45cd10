"use client";
import { useActionState } from "react";
import { answerConsentAction } from "@/actions/app-access";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

/**
 * Allow and Deny, each its own plain form: either answer works without JavaScript, and neither
 * can be sent by the other's button.
 */
export function ConsentForms({
  tenant,
  uid,
  allowLabel,
  denyLabel,
}: {
  tenant: string;
  uid: string;
  allowLabel: string;
  denyLabel: string;
}) {
  const [allowState, allow] = useActionState(answerConsentAction, IDLE);
  const [denyState, deny] = useActionState(answerConsentAction, IDLE);
  const problem = allowState.message ?? denyState.message;
  return (
    <div className="space-y-4">
      {problem ? <Alert tone="error">{problem}</Alert> : null}
      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
        <form action={deny} className="sm:w-auto">
          <input type="hidden" name="tenant" value={tenant} />
          <input type="hidden" name="uid" value={uid} />
          <input type="hidden" name="answer" value="deny" />
          <SubmitButton variant="secondary" className="w-full sm:w-32">
            {denyLabel}
          </SubmitButton>
        </form>
        <form action={allow} className="sm:w-auto">
          <input type="hidden" name="tenant" value={tenant} />
          <input type="hidden" name="uid" value={uid} />
          <input type="hidden" name="answer" value="allow" />
          <SubmitButton className="w-full sm:w-32">{allowLabel}</SubmitButton>
        </form>
      </div>
    </div>
  );
}
