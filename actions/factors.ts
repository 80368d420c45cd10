"use server";
import { revalidatePath } from "next/cache";
import { failureMessage } from "@/lib/next/failure-message";
import { z } from "zod";
import { removePasskey, renamePasskey } from "@/lib/account/passkey-management";
import {
  confirmTotpEnrolment,
  regenerateRecoveryCodes,
  removeTotp,
  startTotpEnrolment,
} from "@/lib/account/totp-enrolment";
import { checkbox, secret, text } from "@/lib/next/form-input";
import { setSessionCookie } from "@/lib/next/session";
import { tenantAction } from "@/lib/next/tenant-action";
import { notice } from "@/lib/copy/words";

// Each action checks the session itself; the enrolment page (tenant requires a second factor)
// uses the same actions with a session that may only enrol ("factor-setup").

const refresh = (slug: string) => {
  revalidatePath(`/${slug}/account/security`);
  revalidatePath(`/${slug}/login/enrol`);
};

const NO_INPUT = z.object({});

export const startTotpAction = tenantAction(
  { auth: "factor-setup", input: NO_INPUT },
  async ({ tenant, auth, deps }) => {
    const result = await startTotpEnrolment(deps, tenant, auth);
    if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
    refresh(tenant.slug);
    return { status: "success" };
  },
);

export const confirmTotpAction = tenantAction(
  { auth: "factor-setup", input: z.object({ code: secret(32), endOtherSessions: checkbox() }), shows: ["codes"] },
  async ({ tenant, auth, input, meta, deps }) => {
    const result = await confirmTotpEnrolment(deps, tenant, auth, input, meta);
    if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
    if (result.rotated) await setSessionCookie(tenant, result.rotated.token, result.rotated.session.absoluteExpiresAt);
    refresh(tenant.slug);
    return {
      status: "success",
      message: notice("totp_set_up", { endedSessions: result.endedSessions }),
      values: { codes: (result.recoveryCodes ?? []).join("\n") },
    };
  },
);

export const removeTotpAction = tenantAction(
  { auth: "factor-setup", input: z.object({ endOtherSessions: checkbox() }) },
  async ({ tenant, auth, input, meta, deps }) => {
    const result = await removeTotp(deps, tenant, auth, input, meta);
    if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
    if (result.rotated) await setSessionCookie(tenant, result.rotated.token, result.rotated.expires);
    refresh(tenant.slug);
    return { status: "success", message: notice("totp_removed") };
  },
);

export const regenerateCodesAction = tenantAction(
  { auth: "factor-setup", input: NO_INPUT, shows: ["codes"] },
  async ({ tenant, auth, meta, deps }) => {
    const result = await regenerateRecoveryCodes(deps, tenant, auth, meta);
    if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
    refresh(tenant.slug);
    return {
      status: "success",
      message: notice("recovery_codes_replaced"),
      values: { codes: result.recoveryCodes.join("\n") },
    };
  },
);

export const renamePasskeyAction = tenantAction(
  { auth: "factor-setup", input: z.object({ passkeyId: text(64), name: text(200) }) },
  async ({ tenant, auth, input, deps }) => {
    const result = await renamePasskey(deps, tenant, auth, { id: input.passkeyId, name: input.name });
    if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
    refresh(tenant.slug);
    return { status: "success", message: notice("passkey_renamed") };
  },
);

export const removePasskeyAction = tenantAction(
  { auth: "factor-setup", input: z.object({ passkeyId: text(64), endOtherSessions: checkbox() }) },
  async ({ tenant, auth, input, meta, deps }) => {
    const result = await removePasskey(
      deps,
      tenant,
      auth,
      { id: input.passkeyId, endOtherSessions: input.endOtherSessions },
      meta,
    );
    if (!result.ok) return { status: "error", message: failureMessage(tenant, result) };
    if (result.rotated) await setSessionCookie(tenant, result.rotated.token, result.rotated.expires);
    refresh(tenant.slug);
    return { status: "success", message: notice("passkey_removed") };
  },
);
