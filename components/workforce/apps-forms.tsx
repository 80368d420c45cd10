"use client";
import { useActionState } from "react";
import {
  registerAppAction,
  removeAppAction,
  rotateAppSecretAction,
  rotateKeysAction,
  updateAppAction,
  type TAppValues,
  type TShownSecret,
} from "@/actions/workforce/apps";
import { Alert } from "@/components/ui/alert";
import { Field, SelectField, TextAreaField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE, type TFormState } from "@/lib/next/form-state";
import { ReasonField } from "./reason-field";

function StateAlert({ state }: { state: Pick<TFormState, "status" | "message"> }) {
  if (!state.message) return null;
  return <Alert tone={state.status === "error" ? "error" : "success"}>{state.message}</Alert>;
}

/** The secret, shown in this answer only: Portico keeps its hash and cannot show it again. */
function ShownSecret({ shown }: { shown: TShownSecret | undefined }) {
  if (!shown?.clientSecret) return null;
  return (
    <div className="space-y-2 rounded-md border-2 border-gray-900 bg-white p-4" data-testid="shown-secret">
      <p className="text-sm font-semibold text-gray-900">
        Copy the client secret of {shown.name} now: it is shown only this once.
      </p>
      <dl className="grid gap-1 text-sm sm:grid-cols-[auto_1fr] sm:gap-x-4">
        <dt className="font-medium text-gray-900">Client ID</dt>
        <dd>
          <code data-testid="shown-client-id" className="break-all">
            {shown.clientId}
          </code>
        </dd>
        <dt className="font-medium text-gray-900">Client secret</dt>
        <dd>
          <code data-testid="shown-client-secret" className="break-all">
            {shown.clientSecret}
          </code>
        </dd>
      </dl>
    </div>
  );
}

const SCOPE_OPTIONS = [
  ["email", "email: the address and whether it is verified"],
  ["profile", "profile: the display name"],
  ["offline_access", "offline_access: refresh tokens (stays signed in)"],
] as const;

function Checkbox({
  id,
  label,
  name,
  value,
  defaultChecked,
}: {
  id: string;
  label: string;
  name: string;
  value?: string;
  defaultChecked: boolean;
}) {
  return (
    <div className="flex items-center gap-2">
      <input
        id={id}
        type="checkbox"
        name={name}
        value={value ?? "on"}
        defaultChecked={defaultChecked}
        className="h-4 w-4"
      />
      <label htmlFor={id} className="text-sm text-gray-900">
        {label}
      </label>
    </div>
  );
}

function AppFields({
  idPrefix,
  v,
  e,
  editing,
}: {
  idPrefix: string;
  v: Partial<TAppValues>;
  e: Partial<Record<keyof TAppValues, string>>;
  editing: boolean;
}) {
  const scopes = (v.scopes ?? "").split(",");
  return (
    <>
      <Field
        id={`${idPrefix}-name`}
        label="Name"
        name="name"
        maxLength={100}
        required
        defaultValue={v.name}
        error={e.name}
        hint="Shown to people on the consent page of a third-party app."
      />
      {editing ? (
        <input type="hidden" name="type" value={v.type} />
      ) : (
        <SelectField id={`${idPrefix}-type`} label="Type" name="type" defaultValue={v.type} error={e.type}>
          <option value="confidential">Confidential web app (runs on a server, has a client secret)</option>
          <option value="public">Public app (single-page or native: no secret, signs in with PKCE)</option>
        </SelectField>
      )}
      <TextAreaField
        id={`${idPrefix}-redirectUris`}
        label="Redirect URIs"
        name="redirectUris"
        rows={2}
        required
        defaultValue={v.redirectUris}
        error={e.redirectUris}
        hint="One per line, matched exactly. https, or http only on 127.0.0.1, [::1] or localhost."
      />
      <TextAreaField
        id={`${idPrefix}-postLogoutRedirectUris`}
        label="Post-logout redirect URIs"
        name="postLogoutRedirectUris"
        rows={2}
        defaultValue={v.postLogoutRedirectUris}
        error={e.postLogoutRedirectUris}
        hint="One per line: where the app may send people after they signed out (optional)."
      />
      <Field
        id={`${idPrefix}-backchannelLogoutUri`}
        label="Back-channel logout URI"
        name="backchannelLogoutUri"
        defaultValue={v.backchannelLogoutUri}
        error={e.backchannelLogoutUri}
        hint="Where Portico posts a logout token when someone's session ends (optional)."
      />
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-gray-900">Allowed scopes (openid is always allowed)</legend>
        <div className="flex flex-col gap-1">
          {SCOPE_OPTIONS.map(([value, label]) => (
            <Checkbox
              key={value}
              id={`${idPrefix}-scope-${value}`}
              label={label}
              name="scopes"
              value={value}
              defaultChecked={scopes.includes(value)}
            />
          ))}
        </div>
        {e.scopes ? <p className="text-sm font-medium text-red-800">{e.scopes}</p> : null}
      </fieldset>
      <Checkbox
        id={`${idPrefix}-firstParty`}
        label="First-party: the tenant's own app (people are not asked to consent)"
        name="firstParty"
        defaultChecked={v.firstParty === "on"}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          id={`${idPrefix}-minAal`}
          label="Minimum assurance level"
          name="minAal"
          defaultValue={v.minAal}
          error={e.minAal}
        >
          <option value="1">AAL1: one factor</option>
          <option value="2">AAL2: two factors or a passkey</option>
          <option value="3">AAL3: a passkey</option>
        </SelectField>
        <Field
          id={`${idPrefix}-accessTokenTtlMinutes`}
          label="Access token lifetime (minutes)"
          name="accessTokenTtlMinutes"
          inputMode="numeric"
          defaultValue={v.accessTokenTtlMinutes}
          error={e.accessTokenTtlMinutes}
          hint="1 to 1440. ID tokens last 10 minutes, refresh tokens 14 days."
        />
      </div>
    </>
  );
}

const NEW_APP: Partial<TAppValues> = {
  type: "confidential",
  scopes: "email,profile",
  minAal: "1",
  accessTokenTtlMinutes: "10",
};

export function RegisterAppForm({ tenant }: { tenant: string }) {
  const [state, action] = useActionState(registerAppAction, IDLE);
  const v = state.status === "error" ? (state.values ?? NEW_APP) : NEW_APP;
  return (
    <section
      aria-labelledby="register-app-heading"
      className="space-y-4 rounded-lg border border-gray-300 bg-white p-4"
    >
      <h2 id="register-app-heading" className="text-lg font-semibold">
        Register an app
      </h2>
      <StateAlert state={state} />
      <ShownSecret shown={state.status === "success" ? state.extra : undefined} />
      <form
        action={action}
        className="space-y-4"
        noValidate
        key={state.status === "success" ? state.extra?.clientId : JSON.stringify(state.values ?? null)}
      >
        <input type="hidden" name="tenant" value={tenant} />
        <AppFields idPrefix="new-app" v={v} e={state.fieldErrors ?? {}} editing={false} />
        <SubmitButton pendingText="Registering…">Register app</SubmitButton>
      </form>
    </section>
  );
}

export function EditAppForm({ tenant, clientId, initial }: { tenant: string; clientId: string; initial: TAppValues }) {
  const [state, action] = useActionState(updateAppAction, IDLE);
  const v = state.values ?? initial;
  const idPrefix = `app-${clientId.replace(/[^A-Za-z0-9]/g, "-")}`;
  return (
    <form action={action} className="space-y-4" noValidate key={JSON.stringify(state.values ?? null)}>
      <StateAlert state={state} />
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="clientId" value={clientId} />
      <AppFields idPrefix={idPrefix} v={v} e={state.fieldErrors ?? {}} editing />
      <SubmitButton pendingText="Saving…">{`Save ${initial.name}`}</SubmitButton>
    </form>
  );
}

export function RotateSecretForm({ tenant, clientId, name }: { tenant: string; clientId: string; name: string }) {
  const [state, action] = useActionState(rotateAppSecretAction, IDLE);
  const id = `rotate-reason-${clientId.replace(/[^A-Za-z0-9]/g, "-")}`;
  return (
    <div className="space-y-2">
      <StateAlert state={state} />
      <ShownSecret shown={state.status === "success" ? state.extra : undefined} />
      <form action={action} className="space-y-2" key={state.status === "success" ? state.message : "form"}>
        <input type="hidden" name="tenant" value={tenant} />
        <input type="hidden" name="clientId" value={clientId} />
        <ReasonField id={id} label={`Why ${name} gets a new secret (kept in the audit log)`} />
        {state.fieldErrors?.reason ? (
          <p className="text-sm font-medium text-red-800">{state.fieldErrors.reason}</p>
        ) : null}
        <SubmitButton pendingText="Rotating…">{`Rotate the secret of ${name}`}</SubmitButton>
      </form>
    </div>
  );
}

export function RemoveAppForm({ tenant, clientId, name }: { tenant: string; clientId: string; name: string }) {
  const [state, action] = useActionState(removeAppAction, IDLE);
  const id = `remove-reason-${clientId.replace(/[^A-Za-z0-9]/g, "-")}`;
  return (
    <form action={action} className="space-y-2">
      <StateAlert state={state} />
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="clientId" value={clientId} />
      <ReasonField id={id} label={`Why ${name} is removed (kept in the audit log)`} />
      <SubmitButton variant="danger" pendingText="Removing…">{`Remove ${name}`}</SubmitButton>
    </form>
  );
}

export function RotateKeysForm({ tenant }: { tenant: string }) {
  const [state, action] = useActionState(rotateKeysAction, IDLE);
  return (
    <form action={action} className="space-y-2" key={state.status === "success" ? state.message : "form"}>
      <StateAlert state={state} />
      <input type="hidden" name="tenant" value={tenant} />
      <ReasonField id="rotate-keys-reason" label="Why the signing keys are rotated (kept in the audit log)" />
      <SubmitButton pendingText="Rotating…">Rotate signing keys</SubmitButton>
    </form>
  );
}
