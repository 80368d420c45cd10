"use client";
import { useActionState, useState, type FormEvent, type ReactNode } from "react";
import { saveBrandingAction, type TBrandingValues } from "@/actions/workforce/branding";
import {
  saveAttestationAction,
  savePolicyAction,
  type TPolicyField,
  type TPolicyValues,
} from "@/actions/workforce/policies";
import {
  removeActionPolicyAction,
  saveActionPolicyAction,
  type TActionPolicyState,
  type TActionPolicyValues,
} from "@/actions/workforce/step-up-policies";
import { Alert } from "@/components/ui/alert";
import { Field, SelectField as Select, TextAreaField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE, type TFormState } from "@/lib/next/form-state";
import { BrandPreview } from "./brand-preview";

function StateAlert({ state }: { state: Pick<TFormState, "status" | "message"> }) {
  if (!state.message) return null;
  return (
    <Alert tone={state.status === "error" ? "error" : state.status === "success" ? "success" : "info"}>
      {state.message}
    </Alert>
  );
}

function Checkbox({
  label,
  name,
  defaultChecked,
  error,
  value = "on",
  id,
  hint,
}: {
  label: string;
  name: string;
  defaultChecked: boolean;
  error?: string;
  value?: string;
  id?: string;
  hint?: string;
}) {
  const inputId = id ?? `field-${name}`;
  const describedBy =
    [hint ? `${inputId}-hint` : null, error ? `${inputId}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={inputId} className="flex items-center gap-2 text-sm text-gray-900">
        <input
          id={inputId}
          type="checkbox"
          name={name}
          value={value}
          defaultChecked={defaultChecked}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className="h-4 w-4"
        />
        {label}
      </label>
      {hint ? (
        <p id={`${inputId}-hint`} className="ml-6 text-sm text-gray-700">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${inputId}-error`} className="text-sm font-medium text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function Fieldset({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="space-y-4 rounded-lg border border-gray-300 bg-white p-4">
      <legend className="px-1 text-base font-semibold">{legend}</legend>
      {children}
    </fieldset>
  );
}

/** `limits` come from the server page: the validator module uses node:crypto and stays out of the client bundle. */
export function BrandingForm({
  tenant,
  initial,
  logoUrl,
  limits,
}: {
  tenant: string;
  initial: TBrandingValues;
  logoUrl: string | null;
  limits: { name: number; tagline: number; supportEmail: number };
}) {
  const [state, action] = useActionState(saveBrandingAction, IDLE);
  const v = state.values ?? initial;
  const e = state.fieldErrors ?? {};
  // With JavaScript the preview follows every keystroke; without it, the Preview button renders it on the server.
  const [draft, setDraft] = useState<TBrandingValues | null>(null);
  const onInput = (event: FormEvent<HTMLFormElement>) => {
    const entries = [...new FormData(event.currentTarget).entries()].filter(
      (entry): entry is [string, string] => typeof entry[1] === "string",
    );
    // The form's own fields (and its hidden tenant, which the preview does not read).
    setDraft(Object.fromEntries(entries) as TBrandingValues);
  };
  const colour = (
    name: "primaryColor" | "brandTextColor" | "accentColor",
    label: string,
    placeholder: string,
    hint: string,
    required?: boolean,
  ) => (
    <Field
      label={label}
      name={name}
      defaultValue={v[name]}
      placeholder={placeholder}
      maxLength={7}
      required={required}
      error={e[name]}
      hint={hint}
    />
  );
  const shown = draft ?? v;
  const removing = shown.removeLogo === "yes";
  return (
    <div className="space-y-6">
      {state.extra?.preview || draft ? (
        <section aria-labelledby="preview-heading" className="space-y-2">
          <h2 id="preview-heading" className="text-lg font-semibold">
            Preview
          </h2>
          <BrandPreview
            name={shown.name ?? ""}
            tagline={shown.tagline ?? ""}
            primaryColor={shown.primaryColor ?? ""}
            brandTextColor={shown.brandTextColor ?? ""}
            accentColor={shown.accentColor ?? ""}
            logoUrl={removing ? null : logoUrl}
          />
        </section>
      ) : null}
      <form
        action={action}
        onInput={onInput}
        className="space-y-6"
        noValidate
        key={JSON.stringify([state.values ?? null, state.extra ?? null])}
      >
        <StateAlert state={state} />
        <input type="hidden" name="tenant" value={tenant} />
        <Fieldset legend="Name and texts">
          <Field label="Name" name="name" defaultValue={v.name} maxLength={limits.name} required error={e.name} />
          <Field
            label="Tagline (under the name on the sign-in pages)"
            name="tagline"
            defaultValue={v.tagline}
            maxLength={limits.tagline}
            error={e.tagline}
            hint="Optional. Plain text, one line."
          />
          <Field
            label="Support email"
            name="supportEmail"
            type="email"
            defaultValue={v.supportEmail}
            maxLength={limits.supportEmail}
            error={e.supportEmail}
            hint="Shown in the footer of the customer pages. Optional."
          />
        </Fieldset>
        <Fieldset legend="Colours">
          {colour(
            "primaryColor",
            "Primary colour",
            "#1e40af",
            "Header and buttons. A hex colour: # and six digits.",
            true,
          )}
          {colour(
            "brandTextColor",
            "Text colour on the primary colour",
            "#ffffff",
            "Leave empty to use black or white, whichever reads better. Must reach 4.5:1 contrast (WCAG AA).",
          )}
          {colour(
            "accentColor",
            "Accent colour",
            "#fde68a",
            "The line under the header. Leave empty to use the primary colour.",
          )}
        </Fieldset>
        <Fieldset legend="Logo">
          <Field
            label="Upload a new logo"
            name="logo"
            type="file"
            accept="image/png,image/jpeg,image/webp"
            error={e.logo}
            hint="PNG, JPEG or WebP, at most 256 KB, shown at 36 × 36 pixels. SVG is not accepted."
          />
          {logoUrl ? (
            <label className="flex items-center gap-2 text-sm text-gray-900">
              <input type="checkbox" name="removeLogo" value="yes" className="h-4 w-4" />
              Remove the current logo (the sign-in pages then show the name only)
            </label>
          ) : null}
        </Fieldset>
        <div className="flex flex-wrap gap-3">
          <SubmitButton pendingText="Saving…">Save branding</SubmitButton>
          <button
            type="submit"
            name="intent"
            value="preview"
            className="inline-flex items-center justify-center rounded-md border border-gray-400 bg-white px-4 py-2 text-sm font-semibold text-gray-900 hover:bg-gray-50"
          >
            Preview
          </button>
        </div>
      </form>
    </div>
  );
}

const RISK_OPTIONS = [
  ["allow", "Allow"],
  ["step_up", "Ask for more proof"],
  ["block", "Block"],
] as const;
const SHIFT_OPTIONS = [
  ["keep", "Keep the session"],
  ["downgrade", "Lower its assurance"],
  ["end", "End the session"],
] as const;

export function PolicyForm({ tenant, initial }: { tenant: string; initial: TPolicyValues }) {
  const [state, action] = useActionState(savePolicyAction, IDLE);
  const v = state.values ?? initial;
  const e = state.fieldErrors ?? {};
  const num = (name: TPolicyField, label: string, hint?: string) => (
    <Field label={label} name={name} inputMode="numeric" defaultValue={v[name]} error={e[name]} hint={hint} />
  );
  const risk = (name: TPolicyField, label: string) => (
    <Select label={label} name={name} defaultValue={v[name]} error={e[name]}>
      {RISK_OPTIONS.map(([value, text]) => (
        <option key={value} value={value}>
          {text}
        </option>
      ))}
    </Select>
  );
  const shift = (name: TPolicyField, label: string) => (
    <Select label={label} name={name} defaultValue={v[name]} error={e[name]}>
      {SHIFT_OPTIONS.map(([value, text]) => (
        <option key={value} value={value}>
          {text}
        </option>
      ))}
    </Select>
  );
  return (
    <form action={action} className="space-y-6" noValidate key={JSON.stringify(state.values ?? null)}>
      <StateAlert state={state} />
      <input type="hidden" name="tenant" value={tenant} />
      <Fieldset legend="Sign-in methods">
        <Checkbox
          label="Password"
          name="allowPassword"
          defaultChecked={v.allowPassword === "on"}
          error={e.allowPassword}
        />
        <Checkbox label="Passkey" name="allowPasskey" defaultChecked={v.allowPasskey === "on"} />
        <Checkbox
          label="Authenticator app (second factor only)"
          name="allowTotp"
          defaultChecked={v.allowTotp === "on"}
        />
        <Select label="Sign-up" name="signupMode" defaultValue={v.signupMode} error={e.signupMode}>
          <option value="open">Open: anyone can create an account</option>
          <option value="invite_only">Invitation only</option>
        </Select>
        <Checkbox
          label="Require a confirmed email address to sign in"
          name="requireVerifiedEmail"
          defaultChecked={v.requireVerifiedEmail === "on"}
          hint="Either way, an account cannot add or remove sign-in methods, change its address or use custom actions until its address is confirmed."
        />
        <Select
          label="Second factor"
          name="mfaPolicy"
          defaultValue={v.mfaPolicy}
          error={e.mfaPolicy}
          hint="Required: every customer sets one up before anything else works."
        >
          <option value="off">Off</option>
          <option value="optional">Optional</option>
          <option value="required">Required</option>
        </Select>
        {num(
          "minPasswordLength",
          "Minimum password length",
          "8–64; at least 15 unless a second factor is required (NIST SP 800-63B-4).",
        )}
      </Fieldset>
      <Fieldset legend="Lockout">
        {num("lockoutThreshold", "Temporary lock after this many failed passwords")}
        {num("lockoutMinutes", "Temporary lock length (minutes)")}
        {num("permanentLockoutThreshold", "Lock until recovery or support after this many failures", "At most 100.")}
      </Fieldset>
      <Fieldset legend="Session lifetimes (minutes)">
        {num("sessionAbsoluteMinutes", "Maximum session length, all levels")}
        {num("sessionIdleMinutes", "Inactivity limit, all levels", "Empty: none beyond the per-level limits.")}
        {num("aal1Absolute", "AAL1 maximum length", "At most 43200 (30 days).")}
        {num("aal1Idle", "AAL1 inactivity limit", "Empty: none.")}
        {num("aal2Absolute", "AAL2 maximum length", "At most 1440 (24 hours).")}
        {num("aal2Idle", "AAL2 inactivity limit", "At most 60.")}
        {num("aal3Absolute", "AAL3 maximum length", "At most 720 (12 hours).")}
        {num("aal3Idle", "AAL3 inactivity limit", "At most 15.")}
      </Fieldset>
      <Fieldset legend="Recovery">
        {num("recoveryWaitHours", "Delayed recovery wait (hours)", "When every second factor is lost.")}
        {num("recoveryCooldownHours", "Cool-down after a recovery (hours)")}
      </Fieldset>
      <Fieldset legend="Risk responses">
        {risk("risk_newDeviceAndNetwork", "Sign-in from a new device on a new network")}
        {risk("risk_newDeviceOrNetwork", "Sign-in from a new device or a new network")}
        {risk("risk_automatedUserAgent", "Sign-in from an automated browser")}
        {num("risk_accountFailureThreshold", "Failed passwords on an account before asking for more proof")}
        {num("risk_ipFailureThreshold", "Failed passwords from one address per hour")}
        {risk("risk_ipFailureResponse", "Then, for sign-ins from that address")}
        <Select
          label="Custom actions during the cool-down after a recovery"
          name="risk_afterRecovery"
          defaultValue={v.risk_afterRecovery}
          error={e.risk_afterRecovery}
        >
          <option value="block">Block</option>
          <option value="strongest">Need the strongest factor</option>
        </Select>
        {num(
          "risk_credentialsChangedHours",
          "Hours after a password or factor change during which custom actions need fresh proof",
        )}
        {shift("risk_ipPrefixShift", "When a session's network changes")}
        {shift("risk_userAgentShift", "When a session's browser changes")}
        <Checkbox
          label="Mail customers about sign-ins from new devices"
          name="risk_notifyNewDevice"
          defaultChecked={v.risk_notifyNewDevice === "on"}
        />
      </Fieldset>
      <SubmitButton pendingText="Saving…">Save policies</SubmitButton>
    </form>
  );
}

export type TTrustedRootView = { subject: string; sha256: string; notAfter: string };

/** Passkey attestation: whether it is asked for, and the roots it must chain to for AAL3. */
export function AttestationForm({
  tenant,
  initial,
  roots,
}: {
  tenant: string;
  initial: { requireAttestation: boolean; roots: string };
  roots: TTrustedRootView[];
}) {
  const [state, action] = useActionState(saveAttestationAction, IDLE);
  const v = state.values ?? {
    requireAttestation: initial.requireAttestation ? "on" : "",
    attestationRoots: initial.roots,
  };
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-6" noValidate key={JSON.stringify(state.values ?? null)}>
      <StateAlert state={state} />
      <input type="hidden" name="tenant" value={tenant} />
      <Fieldset legend="Passkey attestation (AAL3)">
        <p className="text-sm text-gray-800">
          A passkey reaches AAL3 only when its maker&apos;s attestation chains to a root certificate you trust here, and
          it is bound to one device. Every other passkey with a PIN or biometric check is AAL2.
        </p>
        <Checkbox
          label="Ask new passkeys for attestation and check it against the roots below"
          name="requireAttestation"
          defaultChecked={v.requireAttestation === "on"}
          hint="Browsers may ask customers to allow this. Passkeys registered before keep AAL2."
        />
        {roots.length > 0 ? (
          <div>
            <h3 className="text-sm font-semibold text-gray-900">Trusted roots now</h3>
            <ul className="mt-2 space-y-2 text-sm text-gray-900" aria-label="Trusted roots">
              {roots.map((root) => (
                <li key={root.sha256} className="rounded-md border border-gray-300 p-2">
                  <span className="font-medium">{root.subject}</span>
                  <br />
                  <span className="break-all font-mono text-xs text-gray-700">SHA-256 {root.sha256}</span>
                  <br />
                  <span className="text-gray-700">valid until {root.notAfter}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <TextAreaField
          label="Trusted root certificates (PEM)"
          name="attestationRoots"
          rows={8}
          spellCheck={false}
          defaultValue={v.attestationRoots}
          error={e.attestationRoots}
          hint="Paste the makers' root certificates, each from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----. At most 10; each must be a root CA certificate that is valid now. Removing a root demotes its passkeys to AAL2 at once."
        />
      </Fieldset>
      <SubmitButton pendingText="Saving…">Save attestation settings</SubmitButton>
    </form>
  );
}

export type TActionRow = { values: TActionPolicyValues; builtIn: boolean };

const METHOD_OPTIONS = [
  ["password", "Password"],
  ["totp", "Authenticator app"],
  ["recovery_code", "Recovery code"],
  ["passkey", "Passkey"],
] as const;

function ActionFields({
  idPrefix,
  v,
  e,
}: {
  idPrefix: string;
  v: Partial<TActionPolicyValues>;
  e: NonNullable<TActionPolicyState["fieldErrors"]>;
}) {
  const methods = (v.methods ?? "").split(",");
  return (
    <>
      <Field
        id={`${idPrefix}-label`}
        label="Label shown to customers"
        name="label"
        defaultValue={v.label}
        maxLength={80}
        error={e.label}
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <Select id={`${idPrefix}-minAal`} label="Required level" name="minAal" defaultValue={v.minAal} error={e.minAal}>
          <option value="1">AAL1</option>
          <option value="2">AAL2</option>
          <option value="3">AAL3</option>
        </Select>
        <Select
          id={`${idPrefix}-singleFactorAal`}
          label="Without a second factor"
          name="singleFactorAal"
          defaultValue={v.singleFactorAal}
          error={e.singleFactorAal}
        >
          <option value="">Same as required</option>
          <option value="1">AAL1</option>
          <option value="2">AAL2</option>
          <option value="3">AAL3</option>
        </Select>
        <Field
          id={`${idPrefix}-maxAgeMinutes`}
          label="Maximum age (minutes)"
          name="maxAgeMinutes"
          inputMode="numeric"
          defaultValue={v.maxAgeMinutes}
          error={e.maxAgeMinutes}
        />
      </div>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-gray-900">
          Allowed methods (none ticked: every method that reaches the level)
        </legend>
        <div className="flex flex-wrap gap-4">
          {METHOD_OPTIONS.map(([value, text]) => (
            <Checkbox
              key={value}
              id={`${idPrefix}-method-${value}`}
              label={text}
              name="methods"
              value={value}
              defaultChecked={methods.includes(value)}
            />
          ))}
        </div>
        {e.methods ? <p className="text-sm font-medium text-red-800">{e.methods}</p> : null}
      </fieldset>
      <Checkbox
        id={`${idPrefix}-singleUse`}
        label="Single use: each proof allows the action once"
        name="singleUse"
        defaultChecked={v.singleUse === "on"}
      />
    </>
  );
}

export function ActionPolicyForm({ tenant, row }: { tenant: string; row: TActionRow }) {
  const [state, action] = useActionState(saveActionPolicyAction, IDLE);
  const [removeState, remove] = useActionState(removeActionPolicyAction, IDLE);
  const v = state.values ?? row.values;
  const idPrefix = `action-${row.values.action.replace(/[^a-z0-9]/g, "-")}`;
  return (
    <section
      aria-labelledby={`${idPrefix}-heading`}
      className="space-y-4 rounded-lg border border-gray-300 bg-white p-4"
      data-testid={`action-${row.values.action}`}
    >
      <h2 id={`${idPrefix}-heading`} className="text-lg font-semibold">
        <code>{row.values.action}</code>{" "}
        {row.builtIn ? <span className="text-sm font-normal text-gray-700">(built in)</span> : null}
      </h2>
      <form action={action} className="space-y-4" noValidate key={JSON.stringify(state.values ?? null)}>
        <StateAlert state={state} />
        <input type="hidden" name="tenant" value={tenant} />
        <input type="hidden" name="mode" value="update" />
        <input type="hidden" name="action" value={row.values.action} />
        <ActionFields idPrefix={idPrefix} v={v} e={state.fieldErrors ?? {}} />
        <SubmitButton pendingText="Saving…">{`Save ${row.values.action}`}</SubmitButton>
      </form>
      {row.builtIn ? null : (
        <form action={remove} className="space-y-2">
          <StateAlert state={removeState} />
          <input type="hidden" name="tenant" value={tenant} />
          <input type="hidden" name="action" value={row.values.action} />
          <SubmitButton variant="danger" pendingText="Removing…">{`Remove ${row.values.action}`}</SubmitButton>
        </form>
      )}
    </section>
  );
}

export function NewActionForm({ tenant }: { tenant: string }) {
  const [state, action] = useActionState(saveActionPolicyAction, IDLE);
  const v =
    state.status === "error"
      ? (state.values ?? {})
      : { minAal: "2", singleFactorAal: "", maxAgeMinutes: "5", methods: "", singleUse: "" };
  const e = state.fieldErrors ?? {};
  return (
    <section aria-labelledby="new-action-heading" className="space-y-4 rounded-lg border border-gray-300 bg-white p-4">
      <h2 id="new-action-heading" className="text-lg font-semibold">
        Add a custom action
      </h2>
      <form action={action} className="space-y-4" noValidate key={JSON.stringify(state)}>
        <StateAlert state={state} />
        <input type="hidden" name="tenant" value={tenant} />
        <input type="hidden" name="mode" value="create" />
        <Field
          id="new-action-name"
          label="Action name"
          name="action"
          defaultValue={v.action}
          maxLength={160}
          error={e.action}
          hint="Lower-case words joined by dots or underscores, e.g. invoice.approve. Relying apps ask for it by this name."
        />
        <ActionFields idPrefix="new-action" v={v} e={e} />
        <SubmitButton pendingText="Adding…">Add action</SubmitButton>
      </form>
    </section>
  );
}
