"use client";
import { useActionState } from "react";
import { orgInvitationAction } from "@/actions/organisation";
import { FormNotice } from "@/components/ui/alert";
import { Field, SelectField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { Button } from "@/components/ui/button";
import { IDLE } from "@/lib/next/form-state";

function ReasonBox({ id, value }: { id: string; value?: string }) {
  return (
    <>
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
        defaultValue={value ?? ""}
        className="block w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-base text-gray-900"
      />
    </>
  );
}

/** Invites someone to the administrator's organisation (the organisation is never part of the form). */
export function OrgInviteForm({ tenant }: { tenant: string }) {
  const [state, action] = useActionState(orgInvitationAction, IDLE);
  return (
    <form
      action={action}
      className="space-y-3 rounded-lg border border-gray-300 bg-white p-4"
      aria-labelledby="org-invite-title"
      noValidate
    >
      <h3 id="org-invite-title" className="font-semibold">
        Invite someone
      </h3>
      <FormNotice state={state} />
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="intent" value="invite" />
      <Field
        label="Email address"
        name="email"
        type="email"
        required
        autoComplete="off"
        defaultValue={state.values?.email}
      />
      <SelectField label="Role" name="role" defaultValue={state.values?.role ?? "member"}>
        <option value="member">Member</option>
        <option value="org_admin">Administrator</option>
      </SelectField>
      <ReasonBox id="reason-invite" value={state.values?.reason} />
      <SubmitButton pendingText="Sending…">Send invitation</SubmitButton>
    </form>
  );
}

/** Sends an open invitation again, or revokes it: one reason, two buttons (the one pressed is the intent). */
export function OrgInvitationForm({
  tenant,
  invitationId,
  email,
}: {
  tenant: string;
  invitationId: string;
  email: string;
}) {
  const [state, action, pending] = useActionState(orgInvitationAction, IDLE);
  return (
    <form action={action} className="space-y-2" aria-label={`Invitation to ${email}`} noValidate>
      <FormNotice state={state} />
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="invitationId" value={invitationId} />
      <ReasonBox id={`reason-invitation-${invitationId}`} value={state.values?.reason} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" name="intent" value="resend" variant="secondary" disabled={pending}>
          Send again
        </Button>
        <Button type="submit" name="intent" value="revoke" variant="danger" disabled={pending}>
          Revoke
        </Button>
      </div>
    </form>
  );
}
