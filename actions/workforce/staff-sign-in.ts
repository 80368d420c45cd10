"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { formAction, formString, redirectingFormAction } from "@/lib/next/action";
import { messageFor } from "@/lib/copy";
import { getDeps } from "@/lib/next/deps";
import { consoleField, formFields, secret, text } from "@/lib/next/form-input";
import type { TFieldName } from "@/lib/next/form-state";
import { getRequestMeta } from "@/lib/next/request";
import {
  clearStaffCookie,
  getPendingStaffAuth,
  getStaffAuth,
  safeConsoleReturnTo,
  setStaffCookie,
} from "@/lib/next/workforce";
import { completeStaffSetup } from "@/lib/workforce/provision";
import type { TConsole } from "@/lib/workforce/roles";
import { confirmStaffTotp, signOutStaff, stepUpStaff, verifyStaffSecondFactor } from "@/lib/workforce/staff-factor";
import { removeStaffPasskey } from "@/lib/workforce/staff-passkeys";
import { signInStaff } from "@/lib/workforce/staff-sign-in";

function consoleOf(formData: FormData): TConsole {
  return formString(formData, "console", 16) === "support" ? "support" : "admin";
}

/** The fields of the staff sign-in forms; the states they get back name only these. */
const ZStaffSignInInput = z.object({
  console: consoleField(),
  returnTo: text(600),
  email: text(320),
  password: secret(2048),
});
const ZStaffCodeInput = z.object({ console: consoleField(), returnTo: text(600), mode: text(16), code: secret(32) });
const ZStaffSetupInput = z.object({ token: secret(64), password: secret(2048), confirm: secret(2048) });

export const staffSignInAction = formAction<TFieldName<typeof ZStaffSignInInput>>(async (formData) => {
  const { console, returnTo, email, password } = ZStaffSignInInput.parse(formFields(ZStaffSignInInput, formData));
  const result = await signInStaff(getDeps(), { email, password }, await getRequestMeta());
  if (!result.ok) return { status: "error", message: messageFor(result), values: { email } };
  await setStaffCookie(result.token, result.expiresAt);
  const next = result.stage === "factor" ? "verify" : "enrol";
  redirect(`/${console}/login/${next}?returnTo=${encodeURIComponent(safeConsoleReturnTo(console, returnTo))}`);
});

/** The code form of the second sign-in step, the first enrolment and step-up. */
export const staffCodeAction = formAction<TFieldName<typeof ZStaffCodeInput>>(async (formData) => {
  const { console, returnTo, mode, code } = ZStaffCodeInput.parse(formFields(ZStaffCodeInput, formData));
  const deps = getDeps();
  const meta = await getRequestMeta();
  const auth =
    mode === "step-up" ? await getStaffAuth() : await getPendingStaffAuth(mode === "enrol" ? "enrol" : "factor");
  if (!auth) redirect(`/${console}/login?notice=session-ended`);
  const result =
    mode === "step-up"
      ? await stepUpStaff(deps, auth, code, meta)
      : mode === "enrol"
        ? await confirmStaffTotp(deps, auth, code, meta)
        : await verifyStaffSecondFactor(deps, auth, code, meta);
  if (!result.ok) {
    if (result.code === "RATE_LIMITED" || result.code === "WRONG_STAGE") {
      await clearStaffCookie();
      redirect(`/${console}/login?notice=too-many-codes`);
    }
    return { status: "error", message: messageFor(result) };
  }
  await setStaffCookie(result.token, result.expiresAt);
  redirect(safeConsoleReturnTo(console, returnTo));
});

export const staffSetupAction = formAction<TFieldName<typeof ZStaffSetupInput>>(async (formData) => {
  const input = ZStaffSetupInput.parse(formFields(ZStaffSetupInput, formData));
  const result = await completeStaffSetup(getDeps(), input, await getRequestMeta());
  if (!result.ok) return { status: "error", message: messageFor(result) };
  await setStaffCookie(result.token, result.expiresAt);
  redirect("/admin/login/enrol");
});

export const staffSignOutAction = redirectingFormAction(async (formData) => {
  const console = consoleOf(formData);
  const auth = await getStaffAuth();
  if (auth) await signOutStaff(getDeps(), auth, await getRequestMeta());
  await clearStaffCookie();
  redirect(`/${console}/login?notice=signed-out`);
});

/**
 * Removes one of the signed-in member's own passkeys (needs a fresh step-up; never the last factor). Works without
 * JavaScript.
 */
export const staffRemovePasskeyAction = redirectingFormAction(async (formData) => {
  const console = consoleOf(formData);
  const auth = await getStaffAuth();
  if (!auth) redirect(`/${console}/login?notice=session-ended`);
  const result = await removeStaffPasskey(
    getDeps(),
    auth,
    formString(formData, "passkeyId", 64),
    await getRequestMeta(),
  );
  redirect(`/${console}/account?${result.ok ? "done=removed" : `problem=${result.code}`}`);
});
