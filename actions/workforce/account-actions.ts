"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { consoleField, text } from "@/lib/next/form-input";
import { staffAction } from "@/lib/next/staff-action";
import {
  cancelRecoveryForUser,
  endAccountSessions,
  setAccountDisabled,
  startAssistedRecovery,
  startPasswordResetForUser,
  unlockAccount,
  type TAccountActionResult,
} from "@/lib/workforce/account-actions";
import type { TConsoleActor } from "@/lib/workforce/console-gate";
import {
  approveLinkAtNextSignIn,
  revokeLinkApproval,
  type TLinkApprovalResult,
} from "@/lib/workforce/federation-links";
import { accountActionAllowed } from "@/lib/workforce/roles";
import { messageFor } from "@/lib/copy";

const ZAccountActionInput = z
  .object({ console: consoleField(), action: text(32), userId: text(64), reason: text(600), approvalId: text(64) })
  .refine((input) => accountActionAllowed(input.console, input.action));

/** Every staff action on a customer account: the console's gate (role, fresh step-up), then the domain action. */
export const staffAccountAction = staffAction(
  {
    console: "form",
    stepUp: "fresh",
    input: ZAccountActionInput,
    invalid: () => ({ status: "error", message: "That action is not available here." }),
  },
  async ({ authority, console, input: { action, userId, reason, approvalId }, meta, deps }) => {
    const by: TConsoleActor = { authority, meta };
    const result: TAccountActionResult | TLinkApprovalResult =
      action === "approve_link"
        ? await approveLinkAtNextSignIn(deps, by, { userId, reason })
        : action === "revoke_link"
          ? await revokeLinkApproval(deps, by, { userId, approvalId, reason })
          : action === "unlock"
            ? await unlockAccount(deps, by, { userId, reason })
            : action === "end_sessions"
              ? await endAccountSessions(deps, by, { userId, reason })
              : action === "disable" || action === "enable"
                ? await setAccountDisabled(deps, by, { userId, reason, disabled: action === "disable" })
                : action === "reset"
                  ? await startPasswordResetForUser(deps, by, { userId })
                  : action === "assisted_recovery"
                    ? await startAssistedRecovery(deps, by, { userId, reason })
                    : await cancelRecoveryForUser(deps, by, { userId, reason });
    if (!result.ok) return { status: "error", message: messageFor(result) };
    // A fresh page shows the account's new state; the outcome travels as a notice key, never as text.
    redirect(`/${console}/${authority.tenant.slug}/users/${encodeURIComponent(userId)}?done=${action}`);
  },
);
