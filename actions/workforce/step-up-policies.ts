"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { list, text } from "@/lib/next/form-input";
import type { TFieldName, TFormState } from "@/lib/next/form-state";
import { settingsRefusal, staffAction } from "@/lib/next/staff-action";
import { removeActionPolicy, saveActionPolicy, type TActionPolicyForm } from "@/lib/tenancy/step-up-settings";
import { messageFor } from "@/lib/copy";

const ZActionPolicyInput = z.object({
  action: text(200),
  label: text(200),
  minAal: text(4),
  singleFactorAal: text(4),
  maxAgeMinutes: text(8),
  methods: list(8, 32),
  singleUse: text(4),
  mode: text(8),
});

function rowOf({ mode: _mode, singleUse, ...row }: z.output<typeof ZActionPolicyInput>): TActionPolicyForm {
  return { ...row, singleUse: singleUse || undefined };
}

export type TActionPolicyState = TFormState<typeof ZActionPolicyInput>;
/** The fields of an action's assurance level, as its form shows them. */
export type TActionPolicyValues = Omit<Record<TFieldName<typeof ZActionPolicyInput>, string>, "mode">;

function valuesOf(row: TActionPolicyForm): TActionPolicyValues {
  return {
    action: row.action,
    label: row.label,
    minAal: row.minAal,
    singleFactorAal: row.singleFactorAal,
    maxAgeMinutes: row.maxAgeMinutes,
    methods: row.methods.join(","),
    singleUse: row.singleUse ?? "",
  };
}

export const saveActionPolicyAction = staffAction(
  { console: "admin", stepUp: "fresh", input: ZActionPolicyInput, keep: (input) => valuesOf(rowOf(input)) },
  async ({ authority, input, meta, deps }) => {
    const row = rowOf(input);
    const mode = input.mode === "create" ? "create" : "update";
    const result = await saveActionPolicy(deps, { authority, mode, form: row, meta });
    if (!result.ok) return settingsRefusal(result, valuesOf(row));
    revalidatePath(`/admin/${authority.tenant.slug}/step-up`);
    const count = Object.keys(result.changed).length;
    return {
      status: "success",
      message:
        mode === "create"
          ? `Added ${result.value.action}.`
          : count === 0
            ? "Nothing changed."
            : `Saved ${result.value.action}.`,
      values: mode === "create" ? {} : valuesOf(row),
    };
  },
);

export const removeActionPolicyAction = staffAction(
  { console: "admin", stepUp: "fresh", input: z.object({ action: text(200) }) },
  async ({ authority, input, meta, deps }) => {
    const result = await removeActionPolicy(deps, { authority, action: input.action, meta });
    if (!result.ok) return { status: "error", message: messageFor(result) };
    revalidatePath(`/admin/${authority.tenant.slug}/step-up`);
    return { status: "success", message: "Removed." };
  },
);
