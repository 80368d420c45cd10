"use client";
import { useActionState, type ReactNode } from "react";
import { organisationConsoleAction } from "@/actions/workforce/organisations";
import { FormNotice } from "@/components/ui/alert";
import { Field, SelectField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { Button } from "@/components/ui/button";
import { IDLE } from "@/lib/next/form-state";

type THidden = { tenant: string; intent: string; organisation?: string; slug?: string; extra?: Record<string, string> };

function Hidden({ tenant, intent, organisation, slug, extra }: THidden) {
  return (
    <>
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="intent" value={intent} />
      {organisation ? <input type="hidden" name="organisation" value={organisation} /> : null}
      {slug ? <input type="hidden" name="slug" value={slug} /> : null}
      {Object.entries(extra ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

/** A small console form: its hidden fields, a button, and the refusal when there is one. */
export function OrganisationButtonForm({
  label,
  fullLabel,
  variant = "secondary",
  ...hidden
}: THidden & {
  label: string;
  /** The button's accessible name when the visible label leans on its row (e.g. it names the member). */
  fullLabel?: string;
  variant?: "primary" | "secondary" | "danger";
}) {
  const [state, action, pending] = useActionState(organisationConsoleAction, IDLE);
  return (
    <form action={action} className="space-y-2" noValidate>
      <FormNotice state={state} />
      <Hidden {...hidden} />
      <Button type="submit" variant={variant} disabled={pending} aria-label={fullLabel}>
        {pending ? "Working…" : label}
      </Button>
    </form>
  );
}

export function NewOrganisationForm({ tenant }: { tenant: string }) {
  const [state, action] = useActionState(organisationConsoleAction, IDLE);
  return (
    <form
      action={action}
      className="space-y-3 rounded-lg border border-gray-300 bg-white p-6"
      aria-labelledby="new-org"
      noValidate
    >
      <h2 id="new-org" className="text-lg font-semibold">
        New organisation
      </h2>
      <FormNotice state={state} />
      <Hidden tenant={tenant} intent="create" />
      <Field label="Name" name="name" required maxLength={100} autoComplete="off" defaultValue={state.values?.name} />
      <Field
        label="Slug"
        name="slug"
        maxLength={48}
        autoComplete="off"
        spellCheck={false}
        hint="Lower-case letters, digits and hyphens, used in the console's addresses. Left empty, it is made from the name."
        defaultValue={state.values?.slug}
      />
      <DomainsField defaultValue={state.values?.domains} />
      <SubmitButton pendingText="Creating…">Create organisation</SubmitButton>
    </form>
  );
}

function DomainsField({ defaultValue }: { defaultValue?: string }) {
  return (
    <div className="space-y-1">
      <label htmlFor="field-domains" className="block text-sm font-medium text-gray-900">
        Email domains
      </label>
      <p id="field-domains-hint" className="text-sm text-gray-800">
        One a line, for example initech.test. People at these domains sign in as members of this organisation.
      </p>
      <textarea
        id="field-domains"
        name="domains"
        rows={3}
        aria-describedby="field-domains-hint"
        spellCheck={false}
        defaultValue={defaultValue}
        className="block w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-base text-gray-900"
      />
    </div>
  );
}

export function RenameForm({
  tenant,
  organisation,
  slug,
  name,
}: {
  tenant: string;
  organisation: string;
  slug: string;
  name: string;
}) {
  const [state, action] = useActionState(organisationConsoleAction, IDLE);
  return (
    <form action={action} className="space-y-3" aria-label="Rename" noValidate>
      <FormNotice state={state} />
      <Hidden tenant={tenant} intent="rename" organisation={organisation} slug={slug} />
      <Field
        label="Name"
        name="name"
        required
        maxLength={100}
        autoComplete="off"
        defaultValue={state.values?.name ?? name}
      />
      <SubmitButton variant="secondary" pendingText="Saving…">
        Rename
      </SubmitButton>
    </form>
  );
}

export function DomainsForm({
  tenant,
  organisation,
  slug,
  domains,
}: {
  tenant: string;
  organisation: string;
  slug: string;
  domains: string[];
}) {
  const [state, action] = useActionState(organisationConsoleAction, IDLE);
  return (
    <form action={action} className="space-y-3" aria-label="Email domains" noValidate>
      <FormNotice state={state} />
      <Hidden tenant={tenant} intent="domains" organisation={organisation} slug={slug} />
      <DomainsField defaultValue={state.values?.domains ?? domains.join("\n")} />
      <SubmitButton variant="secondary" pendingText="Saving…">
        Save domains
      </SubmitButton>
    </form>
  );
}

export function InviteForm({ tenant, slug, children }: { tenant: string; slug: string; children?: ReactNode }) {
  const [state, action] = useActionState(organisationConsoleAction, IDLE);
  return (
    <form
      action={action}
      className="space-y-3 rounded-lg border border-gray-300 bg-white p-6"
      aria-labelledby="invite-heading"
      noValidate
    >
      <h2 id="invite-heading" className="text-lg font-semibold">
        Invite someone
      </h2>
      {children}
      <FormNotice state={state} />
      <Hidden tenant={tenant} intent="invite" slug={slug} />
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
        <option value="org_admin">Administrator of the organisation</option>
      </SelectField>
      <SubmitButton pendingText="Sending…">Send invitation</SubmitButton>
    </form>
  );
}
