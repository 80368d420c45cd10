"use client";
import { useActionState } from "react";
import { teamAction } from "@/actions/workforce/team";
import { Alert } from "@/components/ui/alert";
import { Field, SelectField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";
import { ReasonField } from "./reason-field";

export function AddMemberForm({ tenant }: { tenant: string }) {
  const [state, action] = useActionState(teamAction, IDLE);
  return (
    <form action={action} className="space-y-3 rounded-lg border border-gray-300 bg-white p-6" noValidate>
      <h2 className="text-lg font-semibold">Add a staff member</h2>
      <p className="text-sm text-gray-800">
        Someone new gets a set-up link at their address. Someone who already has a staff sign-in (for example at another
        tenant) is invited instead: they get the role only when they accept it, and their sign-in stays theirs.
      </p>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="intent" value="add" />
      <Field
        label="Work email"
        name="email"
        type="email"
        autoComplete="off"
        required
        defaultValue={state.values?.email}
      />
      <Field label="Name" name="name" autoComplete="off" required maxLength={100} defaultValue={state.values?.name} />
      <SelectField label="Role" name="role" defaultValue="support">
        <option value="support">Support: works the queue of locked and flagged accounts</option>
        <option value="admin">Administrator: also changes settings and manages accounts</option>
        <option value="owner">Owner: also manages the staff</option>
      </SelectField>
      <SubmitButton pendingText="Adding…">Add or invite</SubmitButton>
    </form>
  );
}

export function MemberActionForm({
  tenant,
  staffId,
  email,
  intent,
  label,
}: {
  tenant: string;
  staffId: string;
  email: string;
  intent: "reset" | "remove";
  label: string;
}) {
  const [state, action] = useActionState(teamAction, IDLE);
  const id = `reason-${intent}-${staffId}`;
  return (
    <form action={action} className="space-y-2" noValidate>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="staffId" value={staffId} />
      <ReasonField id={id} label={`Why? (${label.toLowerCase()} for ${email})`} />
      <SubmitButton variant={intent === "remove" ? "danger" : "secondary"} pendingText="Working…">
        {label}
      </SubmitButton>
    </form>
  );
}

export function WithdrawInvitationForm({
  tenant,
  invitationId,
  email,
}: {
  tenant: string;
  invitationId: string;
  email: string;
}) {
  const [state, action] = useActionState(teamAction, IDLE);
  return (
    <form action={action} className="space-y-2" noValidate>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="intent" value="withdraw" />
      <input type="hidden" name="invitationId" value={invitationId} />
      <SubmitButton
        variant="secondary"
        pendingText="Withdrawing…"
      >{`Withdraw the invitation to ${email}`}</SubmitButton>
    </form>
  );
}
