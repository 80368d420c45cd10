"use client";
import { useActionState } from "react";
import { orgMemberAction } from "@/actions/organisation";
import { FormNotice } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

export type TMemberIntent = "end_sessions" | "recovery" | "remove";

/** One administrator action on one member: a plain form (works without JavaScript) with its reason. */
export function MemberActionForm({
  tenant,
  memberId,
  intent,
  title,
  description,
  button,
}: {
  tenant: string;
  memberId: string;
  intent: TMemberIntent;
  title: string;
  description: string;
  button: string;
}) {
  const [state, action] = useActionState(orgMemberAction, IDLE);
  const id = `reason-${intent}`;
  return (
    <form
      action={action}
      className="space-y-3 rounded-lg border border-gray-300 bg-white p-4"
      aria-labelledby={`${id}-title`}
      noValidate
    >
      <h3 id={`${id}-title`} className="font-semibold">
        {title}
      </h3>
      <p className="text-sm text-gray-800">{description}</p>
      <FormNotice state={state} />
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="memberId" value={memberId} />
      <label htmlFor={id} className="block text-sm font-medium text-gray-900">
        Reason (kept in the audit log)
      </label>
      <textarea
        id={id}
        name="reason"
        required
        minLength={3}
        maxLength={500}
        rows={2}
        defaultValue={state.values?.reason ?? ""}
        className="block w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-base text-gray-900"
      />
      <SubmitButton variant={intent === "remove" ? "danger" : "secondary"} pendingText="Working…">
        {button}
      </SubmitButton>
    </form>
  );
}
