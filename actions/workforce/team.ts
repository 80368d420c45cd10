"use server";
import { redirect } from "next/navigation";
import { formAction, formString } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { checkStaffAction } from "@/lib/next/workforce";
import { canManageStaff } from "@/lib/workforce/roles";
import { addTeamMember, removeTeamMember, resetTeamMember, withdrawTeamInvitation, type TTeamActor } from "@/lib/workforce/team";
import { messageFor } from "@/lib/copy";
import { wordsFor } from "@/lib/copy/words";

/** Owners' changes to their tenant's staff, behind the console gate (owner role, fresh step-up). */
export const teamAction = formAction(async (formData) => {
  const slug = formString(formData, "tenant", 64);
  const gate = await checkStaffAction("admin", slug, canManageStaff);
  if (!gate.ok) return { status: "error", message: messageFor(gate) };
  const actor: TTeamActor = { tenant: gate.access.tenant, staffId: gate.access.auth.staff.id, meta: await getRequestMeta() };
  const intent = formString(formData, "intent", 16);
  const deps = getDeps();
  const result =
    intent === "add"
      ? await addTeamMember(deps, actor, { email: formString(formData, "email", 320), name: formString(formData, "name", 200), role: formString(formData, "role", 16) })
      : intent === "reset"
        ? await resetTeamMember(deps, actor, { staffId: formString(formData, "staffId", 64), reason: formString(formData, "reason", 600) })
        : intent === "remove"
          ? await removeTeamMember(deps, actor, { staffId: formString(formData, "staffId", 64), reason: formString(formData, "reason", 600) })
          : intent === "withdraw"
            ? await withdrawTeamInvitation(deps, actor, { invitationId: formString(formData, "invitationId", 64) })
            : ({ ok: false, message: "Unknown action." } as const);
  if (!result.ok) return { status: "error", message: wordsFor(result), values: intent === "add" ? { email: formString(formData, "email", 320), name: formString(formData, "name", 200) } : undefined };
  redirect(`/admin/${gate.access.tenant.slug}/team?done=${intent === "add" ? (result.outcome ?? "add") : intent}`);
});
