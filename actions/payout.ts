"use server";
import { revalidatePath } from "next/cache";
import { isStepUpFailure } from "@/lib/step-up/step-up";
import { z } from "zod";
import { text } from "@/lib/next/form-input";
import type { TFormState } from "@/lib/next/form-state";
import { stepUpOrError } from "@/lib/next/step-up";
import { tenantAction } from "@/lib/next/tenant-action";
import { messageFor } from "@/lib/copy";
import { changePayout } from "@/lib/payout/change-payout";
import { notice } from "@/lib/copy/words";

const ZPayoutInput = z.object({ holder: text(200), iban: text(64) });
export type TPayoutState = TFormState<typeof ZPayoutInput>;

const payoutPath = (slug: string) => `/${slug}/account/payout`;

export const changePayoutAction = tenantAction(
  { auth: "signed-in", input: ZPayoutInput, signInReturnTo: (tenant) => payoutPath(tenant.slug) },
  async ({ tenant, auth, input, meta, deps }) => {
    const here = payoutPath(tenant.slug);
    const result = await changePayout(deps, tenant, auth, input, meta);
    // Bank details are not carried through the step-up page's URL: they would land in logs.
    if (isStepUpFailure(result)) return stepUpOrError(tenant, result, here);
    if (!result.ok)
      return {
        status: "error",
        message: notice("correct_fields"),
        fieldErrors: { [result.params.field]: messageFor(result) },
        values: input,
      };
    revalidatePath(here);
    return { status: "success", message: notice("payout_changed") };
  },
);
