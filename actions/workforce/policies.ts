"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { checkbox, optionalText, text } from "@/lib/next/form-input";
import type { TFieldName, TFormValues } from "@/lib/next/form-state";
import { savedSettingsMessage, settingsRefusal, staffAction } from "@/lib/next/staff-action";
import { TRUST_LIST_LIMITS } from "@/lib/identity/attestation";
import { updateAttestationPolicy } from "@/lib/tenancy/attestation-policy";
import { POLICY_FIELDS, updateTenantPolicy, type TTenantPolicyForm } from "@/lib/tenancy/tenant-policy";

// Unchecked boxes are absent from the form; present ones arrive as "on".
const ZPolicyInput = z.object(
  Object.fromEntries(POLICY_FIELDS.map((field) => [field, optionalText(32)])) as Record<
    keyof TTenantPolicyForm,
    ReturnType<typeof optionalText>
  >,
);
export type TPolicyField = TFieldName<typeof ZPolicyInput>;
export type TPolicyValues = TFormValues<typeof ZPolicyInput>;

const policyValues = (form: TTenantPolicyForm) =>
  Object.fromEntries(POLICY_FIELDS.map((field) => [field, form[field] ?? ""])) as Record<TPolicyField, string>;

export const savePolicyAction = staffAction(
  { console: "admin", stepUp: "fresh", input: ZPolicyInput, keep: policyValues },
  async ({ authority, input, meta, deps }) => {
    const form = Object.fromEntries(
      Object.entries(input).filter(([, value]) => value !== undefined),
    ) as TTenantPolicyForm;
    const values = policyValues(form);
    const result = await updateTenantPolicy(deps, { authority, form, meta });
    if (!result.ok) return settingsRefusal(result, values);
    revalidatePath(`/admin/${authority.tenant.slug}/policies`);
    return { status: "success", message: savedSettingsMessage(result), values };
  },
);

// One character over the limit is kept, so the use case answers "too long" instead of a cut-off certificate.
const ZAttestationInput = z.object({
  requireAttestation: checkbox(),
  attestationRoots: text(TRUST_LIST_LIMITS.characters + 1),
});
const attestationValues = (input: z.output<typeof ZAttestationInput>) => ({
  requireAttestation: input.requireAttestation ? "on" : "",
  attestationRoots: input.attestationRoots,
});

export const saveAttestationAction = staffAction(
  { console: "admin", stepUp: "fresh", input: ZAttestationInput, keep: attestationValues },
  async ({ authority, input, meta, deps }) => {
    const values = attestationValues(input);
    const result = await updateAttestationPolicy(deps, {
      authority,
      form: { requireAttestation: input.requireAttestation, roots: input.attestationRoots },
      meta,
    });
    if (!result.ok) return settingsRefusal(result, values);
    revalidatePath(`/admin/${authority.tenant.slug}/policies`);
    const count = Object.keys(result.changed).length;
    return {
      status: "success",
      message:
        count === 0 ? "Nothing changed." : "Saved. Passkeys registered from now on are checked against this list.",
      values,
    };
  },
);
