"use client";
import { useActionState } from "react";
import { staffAccountAction } from "@/actions/workforce/account-actions";
import { FormNotice } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";
import { ReasonField } from "./reason-field";

/** One staff action on a customer account; actions that override a control ask why. */
export function AccountActionForm(props: {
  console: string;
  tenant: string;
  userId: string;
  action: string;
  label: string;
  withReason: boolean;
  /** The pre-approval a revoke_link action is about. */
  approvalId?: string;
  variant?: "primary" | "secondary" | "danger";
}) {
  const [state, action] = useActionState(staffAccountAction, IDLE);
  const id = `reason-${props.action}`;
  return (
    <form action={action} className="space-y-2 rounded-md border border-gray-300 p-4" noValidate>
      <FormNotice state={state} />
      <input type="hidden" name="console" value={props.console} />
      <input type="hidden" name="tenant" value={props.tenant} />
      <input type="hidden" name="userId" value={props.userId} />
      <input type="hidden" name="action" value={props.action} />
      {props.approvalId ? <input type="hidden" name="approvalId" value={props.approvalId} /> : null}
      {props.withReason ? (
        <div className="space-y-1">
          <ReasonField id={id} label={`Why? (${props.label.toLowerCase()}, recorded in the audit log)`} />
        </div>
      ) : null}
      <SubmitButton variant={props.variant ?? "secondary"} pendingText="Working…">
        {props.label}
      </SubmitButton>
    </form>
  );
}
