"use server";
import { redirect } from "next/navigation";
import { failureMessage } from "@/lib/next/failure-message";
import { z } from "zod";
import type { TTenant } from "@/lib/tenancy/types";
import { secret, text } from "@/lib/next/form-input";
import type { TFormState } from "@/lib/next/form-state";
import { setSessionCookie } from "@/lib/next/session";
import { tenantAction } from "@/lib/next/tenant-action";
import { safeReturnTo } from "@/lib/security/return-to";
import { isActionName } from "@/lib/step-up/policies";
import { stepUpWithCode, stepUpWithPassword, type TStepUpResult } from "@/lib/step-up/verify";
import { notice } from "@/lib/copy/words";

const ZStepUpTarget = { action: text(200).refine(isActionName), returnTo: text(600) };
const ZStepUpPasswordInput = z.object({ ...ZStepUpTarget, password: secret(1025) });
const ZStepUpCodeInput = z.object({ ...ZStepUpTarget, code: secret(64) });

const stepUpSpec = {
  auth: "signed-in",
  invalid: (): TFormState => ({ status: "error", message: notice("invalid_confirmation_link") }),
  signInReturnTo: (tenant: TTenant, { action, returnTo }: { action: string; returnTo: string }) =>
    `/${tenant.slug}/step-up?action=${encodeURIComponent(action)}&returnTo=${encodeURIComponent(safeReturnTo(tenant.slug, returnTo))}`,
} as const;

async function finish(tenant: TTenant, returnTo: string, result: TStepUpResult): Promise<TFormState> {
  if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
  await setSessionCookie(tenant, result.token, result.session.absoluteExpiresAt);
  redirect(safeReturnTo(tenant.slug, returnTo));
}

export const stepUpPasswordAction = tenantAction(
  { ...stepUpSpec, input: ZStepUpPasswordInput },
  async ({ tenant, auth, input, meta, deps }) =>
    finish(tenant, input.returnTo, await stepUpWithPassword(deps, tenant, auth, input.action, input.password, meta)),
);

export const stepUpCodeAction = tenantAction(
  { ...stepUpSpec, input: ZStepUpCodeInput },
  async ({ tenant, auth, input, meta, deps }) =>
    finish(tenant, input.returnTo, await stepUpWithCode(deps, tenant, auth, input.action, input.code, meta)),
);
