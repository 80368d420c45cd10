"use client";
import { useActionState } from "react";
import { tenantInvitationAction } from "@/actions/workforce/tenant-invitations";
import { Alert } from "@/components/ui/alert";
import { Field, SelectField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

export type TOrganisationOption = { slug: string; name: string; domains: string[] };

/** "Invite someone": an address, optionally an organisation and a role there. */
export function InviteForm({ tenant, organisations }: { tenant: string; organisations: TOrganisationOption[] }) {
  const [state, action] = useActionState(tenantInvitationAction, IDLE);
  return (
    <form
      action={action}
      className="space-y-3 rounded-lg border border-gray-300 bg-white p-6"
      noValidate
      aria-labelledby="invite-heading"
    >
      <h2 id="invite-heading" className="text-lg font-semibold">
        Invite someone
      </h2>
      <p className="text-sm text-gray-800">
        They get a link by mail (valid 7 days, single use) to set up their account with a password or a passkey. If the
        address already has an account, the mail asks them to sign in to accept. You are not told which.
      </p>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="intent" value="invite" />
      <Field
        label="Email address"
        name="email"
        type="email"
        autoComplete="off"
        required
        defaultValue={state.values?.email}
      />
      <SelectField
        label="Organisation"
        name="organisation"
        defaultValue={state.values?.organisation ?? ""}
        hint={
          organisations.length > 0
            ? "A person may be invited to an organisation from another domain (partners often use their own); enterprise sign-in still applies only to the organisation's domains."
            : "This tenant has no organisations yet."
        }
      >
        <option value="">None: a customer of the tenant</option>
        {organisations.map((o) => (
          <option key={o.slug} value={o.slug}>
            {o.name}
            {o.domains.length > 0 ? ` (${o.domains.join(", ")})` : ""}
          </option>
        ))}
      </SelectField>
      <SelectField label="Role in the organisation" name="role" defaultValue={state.values?.role ?? "member"}>
        <option value="member">Member</option>
        <option value="org_admin">Organisation administrator: manages the organisation&apos;s members</option>
      </SelectField>
      <SubmitButton pendingText="Sending…">Send invitation</SubmitButton>
    </form>
  );
}

/** Resend (a new link; the old one stops working) or revoke one open invitation. */
export function InvitationActionForm({
  tenant,
  invitationId,
  email,
  intent,
}: {
  tenant: string;
  invitationId: string;
  email: string;
  intent: "resend" | "revoke";
}) {
  const [state, action] = useActionState(tenantInvitationAction, IDLE);
  return (
    <form action={action} className="space-y-2" noValidate>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="invitationId" value={invitationId} />
      <SubmitButton variant={intent === "revoke" ? "danger" : "secondary"} pendingText="Working…">
        {intent === "resend" ? `Resend to ${email}` : `Revoke the invitation to ${email}`}
      </SubmitButton>
    </form>
  );
}
