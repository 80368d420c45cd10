"use server";
import { revalidatePath } from "next/cache";
import { formAction, formString } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { checkStaffAction } from "@/lib/next/workforce";
import { TRUST_LIST_LIMITS } from "@/lib/identity/attestation";
import { updateAttestationPolicy } from "@/lib/tenancy/attestation-policy";
import { POLICY_FIELDS, updateTenantPolicy, type TTenantPolicyForm } from "@/lib/tenancy/tenant-policy";
import { messageFor } from "@/lib/copy";

export const savePolicyAction = formAction(async (formData) => {
  const slug = formString(formData, "tenant", 64);
  const form: TTenantPolicyForm = {};
  const values: Record<string, string> = {};
  for (const field of POLICY_FIELDS) {
    const raw = formData.get(field);
    // Unchecked boxes are absent from the form; present ones arrive as "on".
    if (typeof raw === "string") form[field] = raw.slice(0, 32);
    values[field] = typeof raw === "string" ? raw.slice(0, 32) : "";
  }
  const check = await checkStaffAction("admin", slug);
  if (!check.ok) return { status: "error", message: messageFor(check), values };
  const { auth, tenant } = check.access;
  const result = await updateTenantPolicy(getDeps(), { staffId: auth.staff.id, tenant, stepUpFresh: true, form, meta: await getRequestMeta() });
  if (!result.ok) return { status: "error", message: messageFor(result), fieldErrors: result.code === "INVALID_INPUT" ? result.params.fieldErrors : undefined, values };
  revalidatePath(`/admin/${tenant.slug}/policies`);
  const count = Object.keys(result.changed).length;
  return { status: "success", message: count === 0 ? "Nothing changed." : `Saved. ${count} setting${count === 1 ? "" : "s"} changed.`, values };
});

export const saveAttestationAction = formAction(async (formData) => {
  const slug = formString(formData, "tenant", 64);
  // One character over the limit is kept, so the use case answers "too long" instead of a cut-off certificate.
  const form = { requireAttestation: formString(formData, "requireAttestation", 8) === "on", roots: formString(formData, "attestationRoots", TRUST_LIST_LIMITS.characters + 1) };
  const values = { requireAttestation: form.requireAttestation ? "on" : "", attestationRoots: form.roots };
  const check = await checkStaffAction("admin", slug);
  if (!check.ok) return { status: "error", message: messageFor(check), values };
  const { auth, tenant } = check.access;
  const result = await updateAttestationPolicy(getDeps(), { staffId: auth.staff.id, tenant, stepUpFresh: true, form, meta: await getRequestMeta() });
  if (!result.ok) return { status: "error", message: messageFor(result), fieldErrors: result.code === "INVALID_INPUT" ? result.params.fieldErrors : undefined, values };
  revalidatePath(`/admin/${tenant.slug}/policies`);
  const count = Object.keys(result.changed).length;
  return { status: "success", message: count === 0 ? "Nothing changed." : "Saved. Passkeys registered from now on are checked against this list.", values };
});
