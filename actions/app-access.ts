"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { text } from "@/lib/next/form-input";
import { answerConsent, consentAnsweredPath, consentPath } from "@/lib/next/oidc";
import { tenantAction } from "@/lib/next/tenant-action";
import { revokeAppAccess } from "@/lib/oidc/consent";
import { messageFor } from "@/lib/copy";
import { APP_ACCESS } from "@/lib/copy/en";
import { notice } from "@/lib/copy/words";

const ZAnswer = z.object({ uid: text(128), answer: z.enum(["allow", "deny"]) });

/** The consent page's Allow or Deny: the interaction finishes, and the browser goes back to the provider. */
export const answerConsentAction = tenantAction(
  { auth: "signed-in", input: ZAnswer, signInReturnTo: (tenant, input) => consentPath(tenant.slug, input.uid) },
  async ({ tenant, input, meta }) => {
    const result = await answerConsent(tenant, input.uid, input.answer, meta);
    if (!result.ok) return { status: "error", message: messageFor(result) };
    // The answer is saved; the browser goes on to the app through Portico's own step (see consentAnsweredPath).
    redirect(consentAnsweredPath(tenant.slug, input.uid));
  },
);

/** Connected apps' Revoke: the person's consent to the app ends, with its grants and tokens. */
export const revokeAppAccessAction = tenantAction(
  {
    auth: "signed-in",
    input: z.object({ clientId: text(128) }),
    signInReturnTo: (tenant) => `/${tenant.slug}/account/apps`,
  },
  async ({ tenant, auth: { user }, input, meta, deps }) => {
    const result = await revokeAppAccess(deps, tenant, user.id, input.clientId, meta);
    if (!result.ok) return { status: "error", message: messageFor(result) };
    revalidatePath(`/${tenant.slug}/account/apps`);
    return {
      status: "success",
      message: notice("app_access_revoked", { app: result.appName ?? APP_ACCESS.removedApp }),
    };
  },
);
