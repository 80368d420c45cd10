"use client";
import { useActionState } from "react";
import { saveOrgPolicyAction } from "@/actions/workforce/organisation-policy";
import { Alert } from "@/components/ui/alert";
import { Field, SelectField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";
import type { TOrgPolicyForm } from "@/lib/workforce/organisation-policy";

const METHOD_LABELS: Record<string, string> = {
  password: "Password",
  passkey: "Passkey",
  totp: "Authenticator app (second factor)",
};

/** An organisation's tightening of the tenant's policy; blank fields keep the tenant's values. */
export function OrgPolicyForm({
  tenant,
  organisation,
  initial,
  tenantMethods,
  actions,
}: {
  tenant: string;
  organisation: { slug: string; name: string };
  initial: TOrgPolicyForm;
  tenantMethods: string[];
  actions: { action: string; label: string }[];
}) {
  const [state, action] = useActionState(saveOrgPolicyAction, IDLE);
  const labelOf = (name: string) => actions.find((a) => a.action === name)?.label ?? name;
  return (
    <form action={action} className="space-y-6" noValidate>
      {state.message ? <Alert tone={state.status === "error" ? "error" : "success"}>{state.message}</Alert> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="organisation" value={organisation.slug} />
      <fieldset className="space-y-3 rounded-lg border border-gray-300 bg-white p-4">
        <legend className="px-1 text-lg font-semibold">Sign-in</legend>
        <label className="flex items-center gap-2 text-sm text-gray-900">
          <input type="checkbox" name="mfaRequired" defaultChecked={initial.mfaRequired} className="h-4 w-4" />
          Require a second factor of every member
        </label>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-gray-900">Methods members may use</legend>
          {tenantMethods.map((method) => (
            <label key={method} className="flex items-center gap-2 text-sm text-gray-900">
              <input
                type="checkbox"
                name="methods"
                value={method}
                defaultChecked={initial.methods.includes(method)}
                className="h-4 w-4"
              />
              {METHOD_LABELS[method] ?? method}
            </label>
          ))}
        </fieldset>
        <SelectField
          label="Minimum sign-in level"
          name="minAal"
          defaultValue={initial.minAal}
          hint="A member whose sign-in stays below it sets up a second factor (or a passkey) before anything else."
        >
          <option value="1">Level 1 (the tenant&apos;s)</option>
          <option value="2">Level 2: two factors, or a passkey</option>
          <option value="3">Level 3: hardware passkey</option>
        </SelectField>
      </fieldset>
      <fieldset className="space-y-3 rounded-lg border border-gray-300 bg-white p-4">
        <legend className="px-1 text-lg font-semibold">Session lifetimes</legend>
        <p className="text-sm text-gray-800">In minutes, per level; a blank field keeps the tenant&apos;s limit.</p>
        {(["1", "2", "3"] as const).map((level) => (
          <div key={level} className="grid gap-3 sm:grid-cols-2">
            <Field
              label={`Level ${level}: at most`}
              name={`aal${level}Absolute`}
              inputMode="numeric"
              defaultValue={initial.limits[level].absolute}
            />
            <Field
              label={`Level ${level}: idle at most`}
              name={`aal${level}Idle`}
              inputMode="numeric"
              defaultValue={initial.limits[level].idle}
            />
          </div>
        ))}
      </fieldset>
      <fieldset className="space-y-3 rounded-lg border border-gray-300 bg-white p-4">
        <legend className="px-1 text-lg font-semibold">Stricter step-up per action</legend>
        {initial.stepUp.map((row) => (
          <div key={row.action} className="grid gap-3 sm:grid-cols-2">
            <input type="hidden" name="stepUpAction" value={row.action} />
            <SelectField
              label={`${labelOf(row.action)}: level`}
              id={`stepUp-${row.action}-level`}
              name="stepUpMinAal"
              defaultValue={row.minAal}
            >
              <option value="">The tenant&apos;s</option>
              <option value="2">At least level 2</option>
              <option value="3">Level 3</option>
            </SelectField>
            <Field
              label={`${labelOf(row.action)}: proof at most (minutes)`}
              id={`stepUp-${row.action}-age`}
              name="stepUpMaxAge"
              inputMode="numeric"
              defaultValue={row.maxAge}
            />
          </div>
        ))}
      </fieldset>
      <SubmitButton>{`Save the policy of ${organisation.name}`}</SubmitButton>
    </form>
  );
}
