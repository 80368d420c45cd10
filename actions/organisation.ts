"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { text } from "@/lib/next/form-input";
import { stepUpOrError } from "@/lib/next/step-up";
import { tenantAction } from "@/lib/next/tenant-action";
import { messageFor } from "@/lib/copy";
import { copyContextOf } from "@/lib/copy/words";
import { endMemberSessions, removeMember, startMemberRecovery } from "@/lib/org-admin/members";
import { isStepUpFailure } from "@/lib/step-up/step-up";
import type { TTenant } from "@/lib/tenancy/types";

const organisationPath = (tenant: TTenant) => `/${tenant.slug}/account/organisation`;

const MEMBER_ACTIONS = {
  end_sessions: endMemberSessions,
  recovery: startMemberRecovery,
  remove: removeMember,
} as const;

const ZMemberActionInput = z.object({
  intent: z.enum(["end_sessions", "recovery", "remove"]),
  memberId: text(64),
  reason: text(600),
});

/**
 * An organisation administrator's action on a member: whose organisation and role are the use
 * case's to read; the form names only the member and the reason.
 */
export const orgMemberAction = tenantAction(
  {
    auth: "signed-in",
    input: ZMemberActionInput,
    signInReturnTo: organisationPath,
    invalid: () => ({ status: "error", message: "That action is not available here." }),
  },
  async ({ tenant, auth, input: { intent, memberId, reason }, meta, deps }) => {
    const here = `${organisationPath(tenant)}?member=${encodeURIComponent(memberId)}`;
    const result = await MEMBER_ACTIONS[intent](deps, tenant, auth, { memberId, reason }, meta);
    if (isStepUpFailure(result)) return stepUpOrError(tenant, result, here);
    if (!result.ok) return { status: "error", message: messageFor(result, copyContextOf(tenant)), values: { reason } };
    // A fresh page shows the organisation's new state; the outcome travels as a notice key.
    redirect(`${organisationPath(tenant)}?done=${intent}`);
  },
);
