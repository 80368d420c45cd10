"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { messageFor } from "@/lib/copy";
import { ORG_POLICY_WORDS } from "@/lib/copy/en";
import { checkbox, list, text } from "@/lib/next/form-input";
import type { TFormState } from "@/lib/next/form-state";
import { staffAction } from "@/lib/next/staff-action";
import { saveOrganisationPolicy, type TOrgPolicyForm } from "@/lib/workforce/organisation-policy";

// Each step-up override is a row of three fields posted in the same order (the action's name in a
// hidden field, its level and its maximum age); unticked method boxes are absent.
const ZOrgPolicyInput = z.object({
  organisation: text(64),
  mfaRequired: checkbox(),
  methods: list(3, 16),
  minAal: text(2),
  aal1Absolute: text(8),
  aal1Idle: text(8),
  aal2Absolute: text(8),
  aal2Idle: text(8),
  aal3Absolute: text(8),
  aal3Idle: text(8),
  stepUpAction: list(64, 64),
  stepUpMinAal: list(64, 2),
  stepUpMaxAge: list(64, 8),
});

export type TOrgPolicyState = TFormState<"organisation">;

function formOf(input: z.output<typeof ZOrgPolicyInput>): TOrgPolicyForm {
  return {
    mfaRequired: input.mfaRequired,
    methods: input.methods,
    minAal: input.minAal,
    limits: {
      "1": { absolute: input.aal1Absolute, idle: input.aal1Idle },
      "2": { absolute: input.aal2Absolute, idle: input.aal2Idle },
      "3": { absolute: input.aal3Absolute, idle: input.aal3Idle },
    },
    stepUp: input.stepUpAction.map((action, i) => ({
      action,
      minAal: input.stepUpMinAal[i] ?? "",
      maxAge: input.stepUpMaxAge[i] ?? "",
    })),
  };
}

export const saveOrgPolicyAction = staffAction(
  { console: "admin", stepUp: "fresh", input: ZOrgPolicyInput },
  async ({ authority, input, meta, deps }): Promise<TOrgPolicyState> => {
    const result = await saveOrganisationPolicy(deps, {
      authority,
      slug: input.organisation,
      form: formOf(input),
      meta,
    });
    if (!result.ok) return { status: "error", message: messageFor(result) };
    revalidatePath(`/admin/${authority.tenant.slug}/organisations/${input.organisation}/policy`);
    return { status: "success", message: result.changed ? ORG_POLICY_WORDS.saved : ORG_POLICY_WORDS.unchanged };
  },
);
