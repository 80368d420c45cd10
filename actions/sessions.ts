"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { TTenant } from "@/lib/tenancy/types";
import { text } from "@/lib/next/form-input";
import { clearSessionCookie } from "@/lib/next/session";
import { stepUpOrError } from "@/lib/next/step-up";
import { tenantAction } from "@/lib/next/tenant-action";
import { revokeOtherSessions, revokeSession } from "@/lib/account/revoke-session";
import { messageFor } from "@/lib/copy";
import { notice } from "@/lib/copy/words";

const sessionsPath = (tenant: TTenant) => `/${tenant.slug}/account/sessions`;

export const revokeSessionAction = tenantAction(
  { auth: "signed-in", input: z.object({ sessionId: text(64) }), signInReturnTo: sessionsPath },
  async ({ tenant, auth: { session }, input, meta, deps }) => {
    const result = await revokeSession(deps, tenant, session, input.sessionId, meta);
    if (!result.ok) return { status: "error", message: messageFor(result) };
    if (result.endedCurrent) {
      await clearSessionCookie(tenant);
      redirect(`/${tenant.slug}/login?notice=signed-out`);
    }
    revalidatePath(sessionsPath(tenant));
    return { status: "success", message: notice("session_ended") };
  },
);

export const revokeOtherSessionsAction = tenantAction(
  { auth: "signed-in", input: z.object({}), signInReturnTo: sessionsPath },
  async ({ tenant, auth, meta, deps }) => {
    const result = await revokeOtherSessions(deps, tenant, auth, meta);
    if (!result.ok) return stepUpOrError(tenant, result, sessionsPath(tenant));
    const { count } = result;
    revalidatePath(sessionsPath(tenant));
    return {
      status: "success",
      message: notice("other_sessions_ended", { count }),
    };
  },
);
