// Recovery on a passwordless tenant: there is no password to set, so a reset link ends in a
// passkey setup session instead. The link alone is enough only when the user has no passkey left,
// or after a delayed recovery waited out its period (their lost passkeys are then removed); a
// user who still has a passkey signs in with it, or starts a delayed recovery.
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TSession } from "../sessions/types";
import { startPasskeySetupSession } from "../identity/sign-in-methods";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { queueMail, tenantUrl } from "../mail/queue-mail";
import { templates } from "../mail/templates";
import {
  completeDelayedRecovery,
  findResetLink,
  forgetUnprovenSetup,
  markAccountRecovered,
  resetRequirement,
} from "./reset-password";
import { fail, type TFailure } from "../kernel/outcome";
import { RECOVERY } from "./outcomes";
import type { TTenant } from "../tenancy/types";
import { endAppSessions } from "../sessions/app-sessions";

export type TRecoverWithPasskeyResult =
  | { ok: true; token: string; session: TSession }
  | TFailure<typeof RECOVERY, "INVALID_LINK" | "METHOD_NOT_ALLOWED" | "FACTOR_REQUIRED">;

const INVALID = fail(RECOVERY, "INVALID_LINK", { link: "passwordless_reset" });

export async function recoverWithNewPasskey(
  deps: TDeps,
  tenant: TTenant,
  input: { token: unknown },
  meta: TRequestMeta,
): Promise<TRecoverWithPasskeyResult> {
  if (tenant.allowPassword || !tenant.allowPasskey) return fail(RECOVERY, "METHOD_NOT_ALLOWED");
  const now = deps.now();
  const link = await findResetLink(deps, tenant, input.token, now);
  if (!link || link.user.status === "disabled") return INVALID;
  const { user, tokenHash } = link;
  const { open, requirement } = await resetRequirement(deps, tenant, user, now);
  if (requirement === "second_factor") {
    return fail(RECOVERY, "FACTOR_REQUIRED", { passwordless: true });
  }
  const created = await withTransaction<Awaited<ReturnType<typeof startPasskeySetupSession>> | null>(
    deps,
    async (txDeps, rollback) => {
      const consumed = await txDeps.store.tokens.consume(tenant.id, "password_reset", tokenHash, now);
      if (!consumed || consumed.userId !== user.id) return rollback(null);
      let removed = null;
      if (open && requirement === "delayed_recovery_ready") {
        removed = await completeDelayedRecovery(txDeps.store, tenant, user, open, meta, now);
        if (!removed) rollback(null);
      } else if (requirement === "unverified_email") {
        // The first proof of the mailbox: passkeys added before it were not added by a proven owner.
        removed = await forgetUnprovenSetup(txDeps.store, tenant, user, open, now);
      }
      const ended = await txDeps.store.sessions.revokeAllForUser(tenant.id, user.id, "account_recovered", now);
      await endAppSessions(txDeps.store, tenant, user.id, now);
      await markAccountRecovered(txDeps.store, tenant, user, consumed.email, now);
      await recordAudit(txDeps.store, {
        tenantId: tenant.id,
        userId: user.id,
        type: AUDIT.passwordReset,
        meta,
        data: {
          method: requirement === "unverified_email" ? "first_mailbox_proof" : removed ? "delayed_recovery" : "link",
          passwordless: true,
          endedSessions: ended,
          ...(requirement === "unverified_email" ? { removedFactors: removed } : {}),
        },
        at: now,
      });
      await queueMail(
        txDeps,
        tenant,
        user.email,
        templates.accountRecovered(
          tenant,
          removed && removed.passkeys > 0 ? "your old passkeys were removed" : "no passkey had to be removed",
          tenantUrl(txDeps, tenant, "forgot-password"),
        ),
      );
      return startPasskeySetupSession(txDeps, tenant, user.id, meta);
    },
  );
  if (!created) return INVALID;
  return { ok: true, token: created.token, session: created.session };
}
