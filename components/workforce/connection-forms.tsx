"use client";
import { useActionState } from "react";
import { saveConnectionAction, testConnectionAction } from "@/actions/workforce/connection";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

export type TConnectionValues = {
  issuer: string;
  clientId: string;
  scopes: string;
  claimEmail: string;
  claimEmailVerified: string;
  claimName: string;
  jit: boolean;
  trustIdpAssurance: boolean;
};

function Checkbox({
  id,
  name,
  label,
  defaultChecked,
}: {
  id: string;
  name: string;
  label: string;
  defaultChecked: boolean;
}) {
  return (
    <div className="flex items-center gap-2">
      <input id={id} type="checkbox" name={name} value="on" defaultChecked={defaultChecked} className="h-4 w-4" />
      <label htmlFor={id} className="text-sm text-gray-900">
        {label}
      </label>
    </div>
  );
}

/** The connection's settings; the client secret is write-only (empty keeps the stored one). */
export function ConnectionForm({
  tenant,
  organisation,
  initial,
  exists,
}: {
  tenant: string;
  organisation: string;
  initial: TConnectionValues;
  exists: boolean;
}) {
  const [state, action] = useActionState(saveConnectionAction, IDLE);
  const v = state.values;
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.message ? <Alert tone={state.status === "error" ? "error" : "success"}>{state.message}</Alert> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="organisation" value={organisation} />
      <Field
        label="Issuer URL"
        name="issuer"
        type="url"
        required
        defaultValue={v?.issuer ?? initial.issuer}
        error={e.issuer}
        hint="The IdP's issuer; Portico reads {issuer}/.well-known/openid-configuration."
      />
      <Field
        label="Client ID"
        name="clientId"
        required
        defaultValue={v?.clientId ?? initial.clientId}
        error={e.clientId}
      />
      <Field
        label="Client secret"
        name="clientSecret"
        type="password"
        autoComplete="off"
        error={e.clientSecret}
        hint={
          exists ? "Leave empty to keep the current secret. It is never shown." : "Stored encrypted; never shown again."
        }
      />
      <Field
        label="Scopes"
        name="scopes"
        defaultValue={v?.scopes ?? initial.scopes}
        error={e.scopes}
        hint="Separated by spaces; must include openid."
      />
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-gray-900">Claim mapping (optional)</legend>
        <p className="text-sm text-gray-700">
          Leave a field empty to use the standard claim. Names are 1 to 64 letters, digits or _ : . -
        </p>
        <Field
          label="Claim for the email address"
          name="claimEmail"
          defaultValue={v?.claimEmail ?? initial.claimEmail}
          error={e.claimEmail}
          hint="Standard: email"
        />
        <Field
          label="Claim for whether the address is verified"
          name="claimEmailVerified"
          defaultValue={v?.claimEmailVerified ?? initial.claimEmailVerified}
          hint="Standard: email_verified"
        />
        <Field
          label="Claim for the name"
          name="claimName"
          defaultValue={v?.claimName ?? initial.claimName}
          hint="Standard: name"
        />
      </fieldset>
      <Checkbox
        id="connection-jit"
        name="jit"
        label="Create accounts on first sign-in (just-in-time provisioning)"
        defaultChecked={v ? v.jit === "on" : initial.jit}
      />
      <Checkbox
        id="connection-trust"
        name="trustIdpAssurance"
        label="Trust the IdP's acr/amr for the assurance level (multi-factor at the IdP counts as AAL2)"
        defaultChecked={v ? v.trustIdpAssurance === "on" : initial.trustIdpAssurance}
      />
      <SubmitButton pendingText="Saving…">{exists ? "Save changes" : "Create connection"}</SubmitButton>
    </form>
  );
}

/** "Test connection": what the IdP's discovery document says. */
export function TestConnectionForm({ tenant, organisation }: { tenant: string; organisation: string }) {
  const [state, action] = useActionState(testConnectionAction, IDLE);
  const report = state.extra;
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="organisation" value={organisation} />
      <SubmitButton pendingText="Testing…">Test connection</SubmitButton>
      {state.message ? <Alert tone={state.status === "error" ? "error" : "success"}>{state.message}</Alert> : null}
      {report ? (
        <dl className="grid gap-1 text-sm sm:grid-cols-[auto_1fr] sm:gap-x-4" data-testid="discovery-report">
          <dt className="font-medium">Issuer</dt>
          <dd className="break-all">
            {report.issuer} {report.issuerMatches ? "(matches)" : "(does not match)"}
          </dd>
          <dt className="font-medium">Authorization endpoint</dt>
          <dd className="break-all">{report.authorizationEndpoint ?? "missing"}</dd>
          <dt className="font-medium">Token endpoint</dt>
          <dd className="break-all">{report.tokenEndpoint ?? "missing"}</dd>
          <dt className="font-medium">JWKS</dt>
          <dd className="break-all">{report.jwksUri ?? "missing"}</dd>
          <dt className="font-medium">PKCE (S256)</dt>
          <dd>{report.pkceS256 ? "supported" : "not listed"}</dd>
          <dt className="font-medium">Scopes</dt>
          <dd>{report.scopesSupported.join(" ") || "not listed"}</dd>
          <dt className="font-medium">Claims</dt>
          <dd>{report.claimsSupported.join(" ") || "not listed"}</dd>
          {report.missingScopes.length ? (
            <>
              <dt className="font-medium">Not offered</dt>
              <dd>{report.missingScopes.join(" ")}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </form>
  );
}
