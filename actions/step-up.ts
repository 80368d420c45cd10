"use server";
import { redirect } from "next/navigation";
import type { TTenant } from "@/lib/db/store";
import { formAction, formString, tenantFromForm, type TFormState } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { requireAuth, setSessionCookie } from "@/lib/next/session";
import { safeReturnTo } from "@/lib/security/return-to";
import type { TValidSession } from "@/lib/sessions/validate-session";
import { isActionName } from "@/lib/step-up/policies";
import { copyContextOf, wordsFor } from "@/lib/copy/words";
import { stepUpWithCode, stepUpWithPassword, type TStepUpResult } from "@/lib/step-up/verify";

type TPerform = (tenant: TTenant, auth: TValidSession, action: string) => Promise<TStepUpResult>;

async function run(formData: FormData, perform: TPerform): Promise<TFormState> {
  const tenant = await tenantFromForm(formData);
  if (!tenant) return { status: "error", message: "This page is no longer valid." };
  const action = formString(formData, "action", 200);
  if (!isActionName(action)) return { status: "error", message: "This confirmation link is not valid." };
  const returnTo = safeReturnTo(tenant.slug, formString(formData, "returnTo", 600));
  const auth = await requireAuth(tenant, `/${tenant.slug}/step-up?action=${encodeURIComponent(action)}&returnTo=${encodeURIComponent(returnTo)}`);
  const result = await perform(tenant, auth, action);
  if (!result.ok) return { status: "error", message: wordsFor(result, copyContextOf(tenant)) };
  await setSessionCookie(tenant, result.token, result.session.absoluteExpiresAt);
  redirect(returnTo);
}

export const stepUpPasswordAction = formAction(async (formData) =>
  run(formData, async (tenant, auth, action) => stepUpWithPassword(getDeps(), tenant, auth, action, formString(formData, "password", 1025), await getRequestMeta())),
);

export const stepUpCodeAction = formAction(async (formData) =>
  run(formData, async (tenant, auth, action) => stepUpWithCode(getDeps(), tenant, auth, action, formString(formData, "code", 64), await getRequestMeta())),
);
