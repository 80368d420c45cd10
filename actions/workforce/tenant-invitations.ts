"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { messageFor } from "@/lib/copy";
import { inviteToTenant, resendInvitation, revokeInvitation } from "@/lib/invitations/invitations";
import { text } from "@/lib/next/form-input";
import { staffAction } from "@/lib/next/staff-action";
import type { TOrgActor } from "@/lib/organisations/actor";

const ZTenantInvitationInput = z.object({
  intent: text(16),
  email: text(320),
  organisation: text(64),
  role: text(16),
  invitationId: text(64),
});

/**
 * A tenant admin's invitations of customers and partners, behind the console gate (admin console,
 * fresh step-up). The invitation's link goes to the invitee's mailbox only: nothing here shows it.
 */
export const tenantInvitationAction = staffAction(
  {
    console: "admin",
    stepUp: "fresh",
    input: ZTenantInvitationInput,
    keep: (input) => ({ email: input.email, organisation: input.organisation, role: input.role }),
  },
  async ({ authority, input, meta, deps }) => {
    const by: TOrgActor = { kind: "console", authority, meta };
    const { intent } = input;
    if (intent !== "invite" && intent !== "resend" && intent !== "revoke")
      return { status: "error", message: "Unknown action." };
    const result =
      intent === "invite"
        ? await inviteToTenant(deps, by, { email: input.email, organisation: input.organisation, role: input.role })
        : intent === "resend"
          ? await resendInvitation(deps, by, { invitationId: input.invitationId })
          : await revokeInvitation(deps, by, { invitationId: input.invitationId });
    if (!result.ok)
      return {
        status: "error",
        message: messageFor(result, { tenantName: authority.tenant.name }),
        values:
          intent === "invite" ? { email: input.email, organisation: input.organisation, role: input.role } : undefined,
      };
    const done = intent === "invite" ? "sent" : intent === "resend" ? "resent" : "revoked";
    redirect(`/admin/${authority.tenant.slug}/users?done=${done}`);
  },
);
