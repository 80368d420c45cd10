"use server";
import { redirect } from "next/navigation";
import { formAction, formString, redirectingFormAction } from "@/lib/next/action";
import { messageFor } from "@/lib/copy";
import { getDeps } from "@/lib/next/deps";
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

function returnToOf(formData: FormData, console: TConsole): string {
  return safeConsoleReturnTo(console, formString(formData, "returnTo", 600));
}

export const staffSignInAction = formAction(async (formData) => {
  const console = consoleOf(formData);
  const email = formString(formData, "email", 320);
  const result = await signInStaff(
    getDeps(),
    { email, password: formString(formData, "password", 2048) },
    await getRequestMeta(),
  );
  if (!result.ok) return { status: "error", message: messageFor(result), values: { email } };
  await setStaffCookie(result.token, result.expiresAt);
  const next = result.stage === "factor" ? "verify" : "enrol";
  redirect(`/${console}/login/${next}?returnTo=${encodeURIComponent(returnToOf(formData, console))}`);
});

/** The code form of the second sign-in step, the first enrolment and step-up. */
export const staffCodeAction = formAction(async (formData) => {
  const console = consoleOf(formData);
  const mode = formString(formData, "mode", 16);
  const code = formString(formData, "code", 32);
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
  redirect(returnToOf(formData, console));
});

export const staffSetupAction = formAction(async (formData) => {
  const result = await completeStaffSetup(
    getDeps(),
    {
      token: formString(formData, "token", 64),
      password: formString(formData, "password", 2048),
      confirm: formString(formData, "confirm", 2048),
    },
    await getRequestMeta(),
  );
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
