"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { text } from "@/lib/next/form-input";
import { stepUpOrError } from "@/lib/next/step-up";
import { tenantAction } from "@/lib/next/tenant-action";
import { messageFor } from "@/lib/copy";
import { copyContextOf } from "@/lib/copy/words";
import { endMemberSessions, removeMember, startMemberRecovery } from "@/lib/org-admin/members";
import { inviteMember, resendMemberInvitation, revokeMemberInvitation } from "@/lib/org-admin/invitations";
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

const ZInvitationActionInput = z.object({
  intent: z.enum(["invite", "resend", "revoke"]),
  email: text(320),
  role: text(16),
  invitationId: text(64),
  reason: text(600),
});

/** An organisation administrator's invitation: a new one to their organisation, or one of its own resent or revoked. */
export const orgInvitationAction = tenantAction(
  {
    auth: "signed-in",
    input: ZInvitationActionInput,
    signInReturnTo: organisationPath,
    invalid: () => ({ status: "error", message: "That action is not available here." }),
  },
  async ({ tenant, auth, input, meta, deps }) => {
    const here = organisationPath(tenant);
    const { intent, reason } = input;
    const result =
      intent === "invite"
        ? await inviteMember(deps, tenant, auth, { email: input.email, role: input.role, reason }, meta)
        : intent === "resend"
          ? await resendMemberInvitation(deps, tenant, auth, { invitationId: input.invitationId, reason }, meta)
          : await revokeMemberInvitation(deps, tenant, auth, { invitationId: input.invitationId, reason }, meta);
    // (A console's stale step-up cannot come from here: the actor is the administrator.)
    if (isStepUpFailure(result) && result.code !== "STAFF_REQUIRED") return stepUpOrError(tenant, result, here);
    if (!result.ok)
      return {
        status: "error",
        message: messageFor(result, copyContextOf(tenant)),
        values: { email: input.email, role: input.role, reason },
      };
    redirect(`${here}?done=${intent === "invite" ? "invited" : intent}`);
  },
);
