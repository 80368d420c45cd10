// The second step of sign-in: after a correct password, a user with a second factor proves it with
// a code from their authenticator app or a recovery code. Attempts are throttled and audited; a
// failure mails the user (their password is known to whoever is trying). Success replaces the
// pending session with a new one (new token) at the assurance level now reached.
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TSession, TTenant, TUser } from "../db/store";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { queueMail, tenantUrl } from "../mail/queue-mail";
import { templates } from "../mail/templates";
import { consumeRateLimit, formatWait } from "../risk/rate-limit";
import { completeSignIn } from "../risk/sign-in-risk";
import { createSession } from "../sessions/create-session";
import { methodTimesOf } from "../sessions/recent-proof";
import { computeAssurance } from "./assurance";
import { proveCode } from "./prove-code";

export const SECOND_FACTOR_ATTEMPTS = { limit: 5, windowSeconds: 15 * 60 } as const;

export type TSecondFactorResult =
  | { ok: true; token: string; session: TSession; method: "totp" | "recovery_code" }
  | { ok: false; code: "WRONG_CODE" | "THROTTLED"; message: string };

export async function verifySecondFactor(
  deps: TDeps,
  tenant: TTenant,
  pending: { session: TSession; user: TUser },
  input: { code: string },
  meta: TRequestMeta,
): Promise<TSecondFactorResult> {
  const { session, user } = pending;
  const now = deps.now();
  const limit = await consumeRateLimit(deps.store, `mfa:${tenant.id}:${user.id}`, SECOND_FACTOR_ATTEMPTS.limit, SECOND_FACTOR_ATTEMPTS.windowSeconds, now);
  if (!limit.allowed) return { ok: false, code: "THROTTLED", message: `Too many attempts. Try again in ${formatWait(limit.retryAfterSeconds)}.` };

  const { method, kind } = await proveCode(deps, tenant, user, input.code, now);

  if (!method) {
    const notice = await consumeRateLimit(deps.store, `mfa:notice:${tenant.id}:${user.id}`, 1, 60 * 60, now);
    await deps.store.transaction(async (tx) => {
      await recordAudit(tx, { tenantId: tenant.id, userId: user.id, type: AUDIT.secondFactorFailed, meta, data: { kind }, at: now });
      if (notice.allowed) await queueMail(tx, deps, tenant, user.email, templates.secondFactorFailed(tenant, tenantUrl(deps, tenant, "forgot-password")));
    });
    deps.onMailQueued?.();
    return { ok: false, code: "WRONG_CODE", message: "That code is not right. Enter the current code from your authenticator app, or one of your recovery codes." };
  }

  const { aal, amr } = computeAssurance([{ method: "password" }, { method }]);
  const methodTimes = { ...methodTimesOf(session), otp: now.toISOString() };
  const created = await deps.store.transaction(async (tx) => {
    await tx.sessions.revoke(tenant.id, user.id, session.id, "second_factor_completed", now);
    const next = await createSession(tx, deps, { tenant, userId: user.id, meta, aal, amr, methodTimes, authTime: session.authTime });
    await recordAudit(tx, { tenantId: tenant.id, userId: user.id, type: AUDIT.secondFactorSucceeded, meta, data: { method, sessionId: next.session.id, aal }, at: now });
    await completeSignIn(tx, deps, { tenant, user, sessionId: next.session.id, meta, method: `password+${method}` });
    return next;
  });
  deps.onMailQueued?.();
  return { ok: true, token: created.token, session: created.session, method };
}
