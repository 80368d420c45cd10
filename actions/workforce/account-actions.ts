"use server";
import { redirect } from "next/navigation";
import { formAction, formString } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { checkStaffAction } from "@/lib/next/workforce";
import {
  cancelRecoveryForUser,
  endAccountSessions,
  setAccountDisabled,
  startAssistedRecovery,
  startPasswordResetForUser,
  unlockAccount,
  type TAccountActionResult,
  type TStaffActor,
} from "@/lib/workforce/account-actions";
import { accountActionAllowed } from "@/lib/workforce/roles";
import { messageFor } from "@/lib/copy";

/** Every staff action on a customer account: the console's gate (role, fresh step-up), then the domain action. */
export const staffAccountAction = formAction(async (formData) => {
  const console = formString(formData, "console", 16) === "support" ? "support" : "admin";
  const slug = formString(formData, "tenant", 64);
  const action = formString(formData, "action", 32);
  if (!accountActionAllowed(console, action)) return { status: "error", message: "That action is not available here." };
  const gate = await checkStaffAction(console, slug);
  if (!gate.ok) return { status: "error", message: messageFor(gate) };
  const deps = getDeps();
  const actor: TStaffActor = { tenant: gate.access.tenant, staffId: gate.access.auth.staff.id, meta: await getRequestMeta() };
  const userId = formString(formData, "userId", 64);
  const reason = formString(formData, "reason", 600);
  const result: TAccountActionResult =
    action === "unlock"
      ? await unlockAccount(deps, actor, { userId, reason })
      : action === "end_sessions"
        ? await endAccountSessions(deps, actor, { userId, reason })
        : action === "disable" || action === "enable"
          ? await setAccountDisabled(deps, actor, { userId, reason, disabled: action === "disable" })
          : action === "reset"
            ? await startPasswordResetForUser(deps, actor, { userId })
            : action === "assisted_recovery"
              ? await startAssistedRecovery(deps, actor, { userId, reason })
              : await cancelRecoveryForUser(deps, actor, { userId, reason });
  if (!result.ok) return { status: "error", message: messageFor(result) };
  // A fresh page shows the account's new state; the outcome travels as a notice key, never as text.
  redirect(`/${console}/${gate.access.tenant.slug}/users/${encodeURIComponent(userId)}?done=${action}`);
});
