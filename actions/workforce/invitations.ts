"use server";
import { redirect } from "next/navigation";
import { formString } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { getStaffAuth } from "@/lib/next/workforce";
import { answerStaffInvitation } from "@/lib/workforce/staff-invitations";

/**
 * Accepts or declines one of the signed-in member's own invitations (fresh step-up needed). Works without JavaScript.
 */
export const answerInvitationAction = async (formData: FormData) => {
  const console = formString(formData, "console", 16) === "support" ? "support" : "admin";
  const auth = await getStaffAuth();
  if (!auth) redirect(`/${console}/login?notice=session-ended`);
  const accept = formString(formData, "answer", 8) === "accept";
  const result = await answerStaffInvitation(
    getDeps(),
    auth,
    { invitationId: formString(formData, "invitationId", 64), accept },
    await getRequestMeta(),
  );
  redirect(
    `/${console}/invitations?${result.ok ? `done=${result.accepted ? "accepted" : "declined"}` : `problem=${result.code}`}`,
  );
};
