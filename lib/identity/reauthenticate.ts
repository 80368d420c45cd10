import { AUDIT, recordAudit } from "../audit/events";
import type { TSession, TTenant, TUser } from "../db/store";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { clearSignInFailures, reserveSignInAttempt } from "../risk/login-throttle";
import { formatWait } from "../risk/rate-limit";
import { methodTimesOf } from "../sessions/recent-proof";
import { verifyPassword } from "./password-hasher";
import { recordPasswordFailure } from "./record-password-failure";

export type TReauthResult = { ok: true } | { ok: false; code: "WRONG_PASSWORD" | "THROTTLED" | "NO_PASSWORD"; message: string };

/** Proves the password again inside a session (before factor changes); guesses count like sign-in. */
export async function reauthenticateWithPassword(
  deps: TDeps,
  tenant: TTenant,
  auth: { session: TSession; user: TUser },
  password: string,
  meta: TRequestMeta,
): Promise<TReauthResult> {
  const { session, user } = auth;
  // A password left from before the tenant went passwordless proves nothing there.
  if (!tenant.allowPassword) return { ok: false, code: "NO_PASSWORD", message: `${tenant.name} does not use passwords. Confirm it is you with your passkey.` };
  const credential = await deps.store.passwords.findByUserId(tenant.id, user.id);
  if (!credential) return { ok: false, code: "NO_PASSWORD", message: "This account has no password." };
  const now = deps.now();
  const decision = await reserveSignInAttempt(deps.store, tenant, user.email, now);
  if (decision.kind !== "allow") {
    return { ok: false, code: "THROTTLED", message: decision.retryAfterSeconds === null ? "Too many wrong passwords." : `Too many wrong passwords. Try again in ${formatWait(decision.retryAfterSeconds)}.` };
  }
  if (!(await verifyPassword(credential.hash, password))) {
    await deps.store.transaction((tx) => recordPasswordFailure(tx, deps, { tenant, user, reservedCount: decision.reservedCount, meta, context: "password_change" }));
    return { ok: false, code: "WRONG_PASSWORD", message: "That password is not correct." };
  }
  await clearSignInFailures(deps.store, tenant.id, user.email);
  await deps.store.transaction(async (tx) => {
    await tx.users.resetFailures(tenant.id, user.id);
    await tx.sessions.recordProof(tenant.id, session.id, { ...methodTimesOf(session), pwd: now.toISOString() });
    await recordAudit(tx, { tenantId: tenant.id, userId: user.id, type: AUDIT.userReauthenticated, meta, data: { method: "password" }, at: now });
  });
  return { ok: true };
}
