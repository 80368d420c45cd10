import "server-only";
import { redirect } from "next/navigation";
import { messageFor } from "../copy";
import { copyContextOf } from "../copy/words";
import type { TTenant } from "../tenancy/types";
import { safeReturnTo } from "../security/return-to";
import { stepUpPath, type TNeedsStepUp } from "../step-up/step-up";
import type { TFormState } from "./form-state";

/**
 * A sensitive action that needs a fresher or stronger proof sends the browser to the step-up page,
 * which comes back to `returnTo`; a refusal (blocked, no usable method) is shown in the form.
 */
export function stepUpOrError(tenant: TTenant, failure: TNeedsStepUp, returnTo: string): TFormState {
  if (failure.code === "REQUIRED")
    redirect(stepUpPath(tenant.slug, failure.params.action, safeReturnTo(tenant.slug, returnTo)));
  return { status: "error", message: messageFor(failure, copyContextOf(tenant)) };
}
