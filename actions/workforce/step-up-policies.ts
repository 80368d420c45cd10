"use server";
import { revalidatePath } from "next/cache";
import { formAction, formString } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { checkStaffAction } from "@/lib/next/workforce";
import { removeActionPolicy, saveActionPolicy, type TActionPolicyForm } from "@/lib/step-up/action-settings";
import { messageFor } from "@/lib/copy";

function rowOf(formData: FormData): TActionPolicyForm {
  return {
    action: formString(formData, "action", 200),
    label: formString(formData, "label", 200),
    minAal: formString(formData, "minAal", 4),
    singleFactorAal: formString(formData, "singleFactorAal", 4),
    maxAgeMinutes: formString(formData, "maxAgeMinutes", 8),
    methods: formData.getAll("methods").filter((m): m is string => typeof m === "string").slice(0, 8).map((m) => m.slice(0, 32)),
    singleUse: formString(formData, "singleUse", 4) || undefined,
  };
}

function valuesOf(row: TActionPolicyForm): Record<string, string> {
  return { action: row.action, label: row.label, minAal: row.minAal, singleFactorAal: row.singleFactorAal, maxAgeMinutes: row.maxAgeMinutes, methods: row.methods.join(","), singleUse: row.singleUse ?? "" };
}

export const saveActionPolicyAction = formAction(async (formData) => {
  const slug = formString(formData, "tenant", 64);
  const row = rowOf(formData);
  const mode = formString(formData, "mode", 8) === "create" ? "create" : "update";
  const check = await checkStaffAction("admin", slug);
  if (!check.ok) return { status: "error", message: messageFor(check), values: valuesOf(row) };
  const { auth, tenant } = check.access;
  const result = await saveActionPolicy(getDeps(), { staffId: auth.staff.id, tenant, stepUpFresh: true, mode, form: row, meta: await getRequestMeta() });
  if (!result.ok) return { status: "error", message: messageFor(result), fieldErrors: result.code === "INVALID_INPUT" ? result.params.fieldErrors : undefined, values: valuesOf(row) };
  revalidatePath(`/admin/${tenant.slug}/step-up`);
  const count = Object.keys(result.changed).length;
  return { status: "success", message: mode === "create" ? `Added ${result.value.action}.` : count === 0 ? "Nothing changed." : `Saved ${result.value.action}.`, values: mode === "create" ? {} : valuesOf(row) };
});

export const removeActionPolicyAction = formAction(async (formData) => {
  const slug = formString(formData, "tenant", 64);
  const check = await checkStaffAction("admin", slug);
  if (!check.ok) return { status: "error", message: messageFor(check) };
  const { auth, tenant } = check.access;
  const result = await removeActionPolicy(getDeps(), { staffId: auth.staff.id, tenant, stepUpFresh: true, action: formString(formData, "action", 200), meta: await getRequestMeta() });
  if (!result.ok) return { status: "error", message: messageFor(result) };
  revalidatePath(`/admin/${tenant.slug}/step-up`);
  return { status: "success", message: "Removed." };
});
