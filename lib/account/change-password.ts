import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TSession } from "../sessions/types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { queueMail, tenantUrl } from "../mail/queue-mail";
import { templates } from "../mail/templates";
import { clearPasswordFailures, reservePasswordAttempt } from "../risk/login-throttle";
import { hashPassword, verifyPassword } from "../identity/password-hasher";
import { recordPasswordFailure } from "../identity/record-password-failure";
import { refuseNewPassword } from "../identity/check-new-password";
import { checkStepUp, needsStepUp, type TNeedsStepUp } from "../step-up/step-up";
import { fail, type TFailure } from "../kernel/outcome";
import { PASSWORD } from "../identity/account-outcomes";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";
import { endAppSessions } from "../sessions/app-sessions";

export type TChangePasswordResult = TNeedsStepUp | { ok: true; endedSessions: number } | TFailure<typeof PASSWORD>;

/**
 * Changing the password needs the current one (ASVS V6.2.3); guesses here count against the same
 * throttle as sign-in, so a stolen session cannot be used to brute-force the password. The other
 * sessions end and the user gets a mail.
 */
export async function changePassword(
  deps: TDeps,
  tenant: TTenant,
  auth: { session: TSession; user: TUser },
  input: { currentPassword: string; newPassword: string; confirmPassword: string },
  meta: TRequestMeta,
): Promise<TChangePasswordResult> {
  const { user, session } = auth;
  const credential = await deps.store.passwords.findByUserId(tenant.id, user.id);
  if (!credential) return fail(PASSWORD, "NO_PASSWORD");
  // The current password alone is one factor: a user with a second factor also steps up.
  const gate = await checkStepUp(deps, tenant, auth, "password.change", meta);
  if (!gate.ok) return needsStepUp(gate);
  const refused = await refuseNewPassword(
    deps,
    tenant,
    user,
    { password: input.newPassword, confirmPassword: input.confirmPassword },
    "password_change",
    meta,
  );
  if (refused) return refused;
  const now = deps.now();
  const decision = await reservePasswordAttempt(deps.store, tenant, user.email, meta.deviceHash, now);
  if (decision.kind !== "allow") {
    return fail(PASSWORD, "RATE_LIMITED", { retryAfterSeconds: decision.retryAfterSeconds });
  }
  if (!(await verifyPassword(credential.hash, input.currentPassword))) {
    const { applied: lock } = await withTransaction(deps, (txDeps) =>
      recordPasswordFailure(txDeps, {
        tenant,
        user,
        reservedCount: decision.reservedCount,
        meta,
        context: "password_change",
        device: decision.device,
      }),
    );
    return fail(PASSWORD, "WRONG_PASSWORD", { locked: lock.locked });
  }
  await clearPasswordFailures(deps.store, tenant.id, user.email, decision.device);
  // A known device's success leaves the new-device budget alone (see signInWithPassword).
  if (!decision.device) await deps.store.users.resetFailures(tenant.id, user.id);
  if (await verifyPassword(credential.hash, input.newPassword)) {
    return fail(PASSWORD, "SAME_PASSWORD");
  }
  const hash = await hashPassword(input.newPassword);
  const endedSessions = await withTransaction(deps, async (txDeps) => {
    await txDeps.store.passwords.set(tenant.id, user.id, hash, now);
    await txDeps.store.users.markCredentialsChanged(tenant.id, user.id, now);
    const ended = await txDeps.store.sessions.revokeAllForUser(tenant.id, user.id, "password_changed", now, session.id);
    await endAppSessions(txDeps.store, tenant, user.id, now);
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: user.id,
      type: AUDIT.passwordChanged,
      meta,
      data: { endedSessions: ended },
      at: now,
    });
    await queueMail(
      txDeps,
      tenant,
      user.email,
      templates.passwordChanged(tenant, "changed", tenantUrl(txDeps, tenant, "forgot-password")),
    );
    return ended;
  });
  return { ok: true, endedSessions };
}
