"use server";
import { messageFor } from "@/lib/copy";
import { redirect } from "next/navigation";
import { z } from "zod";
import { text } from "@/lib/next/form-input";
import { staffAction } from "@/lib/next/staff-action";
import type { TConsoleActor } from "@/lib/workforce/console-gate";
import { canManageStaff } from "@/lib/workforce/roles";
import { addTeamMember, removeTeamMember, resetTeamMember, withdrawTeamInvitation } from "@/lib/workforce/team";

const ZTeamInput = z.object({
  intent: text(16),
  email: text(320),
  name: text(200),
  role: text(16),
  staffId: text(64),
  reason: text(600),
  invitationId: text(64),
});

/** Owners' changes to their tenant's staff, behind the console gate (owner role, fresh step-up). */
export const teamAction = staffAction(
  { console: "admin", role: canManageStaff, stepUp: "fresh", input: ZTeamInput },
  async ({ authority, input, meta, deps }) => {
    const by: TConsoleActor = { authority, meta };
    const { intent } = input;
    if (intent !== "add" && intent !== "reset" && intent !== "remove" && intent !== "withdraw")
      return { status: "error", message: "Unknown action." };
    const result =
      intent === "add"
        ? await addTeamMember(deps, by, { email: input.email, name: input.name, role: input.role })
        : intent === "reset"
          ? await resetTeamMember(deps, by, { staffId: input.staffId, reason: input.reason })
          : intent === "remove"
            ? await removeTeamMember(deps, by, { staffId: input.staffId, reason: input.reason })
            : await withdrawTeamInvitation(deps, by, { invitationId: input.invitationId });
    if (!result.ok)
      return {
        status: "error",
        message: messageFor(result),
        values: intent === "add" ? { email: input.email, name: input.name } : undefined,
      };
    redirect(`/admin/${authority.tenant.slug}/team?done=${intent === "add" ? (result.outcome ?? "add") : intent}`);
  },
);
