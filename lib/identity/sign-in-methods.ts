// What a user can sign in with at their tenant right now. A password counts only where the tenant
// allows passwords, a passkey only where it allows passkeys: a password left over from before a
// tenant went passwordless opens nothing, so it must not keep the last passkey alive either.
import type { TRepositories, TSession, TTenant } from "../db/store";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { createSession } from "../sessions/create-session";

export type TSignInMethods = { password: boolean; passkeys: number };

export async function usableSignInMethods(
  store: Pick<TRepositories, "passwords" | "passkeys">,
  tenant: Pick<TTenant, "id" | "allowPassword" | "allowPasskey">,
  userId: string,
): Promise<TSignInMethods> {
  const [password, passkeys] = await Promise.all([
    tenant.allowPassword ? store.passwords.findByUserId(tenant.id, userId) : null,
    tenant.allowPasskey ? store.passkeys.countForUser(tenant.id, userId) : 0,
  ]);
  return { password: password !== null, passkeys };
}

export function methodCount(methods: TSignInMethods): number {
  return (methods.password ? 1 : 0) + methods.passkeys;
}

/**
 * The `amr` marker of a session opened by an email link for a user who has no way to sign in yet
 * (sign-up on a passwordless tenant). It is not an authenticator: the session is AAL0, stays in
 * the `enrol_factor` stage (which `validateSession` never accepts as signed in), proves nothing
 * for factor changes (no method times, so every "recent proof" check refuses it) and can do one
 * thing only: register the user's first passkey, which turns it into a complete session.
 */
export const PASSKEY_SETUP_AMR = "email_link";

export function isPasskeySetupSession(session: Pick<TSession, "stage" | "amr" | "aal">): boolean {
  if (session.stage !== "enrol_factor" || session.aal !== 0) return false;
  return session.amr.length === 1 && session.amr[0] === PASSKEY_SETUP_AMR;
}

export function startPasskeySetupSession(tx: TRepositories, deps: TDeps, tenant: TTenant, userId: string, meta: TRequestMeta) {
  return createSession(tx, deps, { tenant, userId, meta, aal: 0, amr: [PASSKEY_SETUP_AMR], methodTimes: {}, stage: "enrol_factor" });
}
