import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TTenant } from "../db/store";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { hashToken, isWellFormedToken } from "../security/tokens";
import { methodCount, startPasskeySetupSession, usableSignInMethods } from "./sign-in-methods";
import type { TSession } from "../db/store";

export type TVerifyEmailResult =
  /** `passkeySetup`: only for a user with no way to sign in yet — the session that may create their first passkey. */
  | { ok: true; email: string; passkeySetup?: { token: string; session: TSession } }
  | { ok: false; code: "INVALID_TOKEN"; message: string };

const INVALID = {
  ok: false as const,
  code: "INVALID_TOKEN" as const,
  message: "This confirmation link is invalid, expired or already used. Sign in to request a new one.",
};

/** Is the link still good? Used to render the confirmation page; does not use the token up. */
export async function isVerificationTokenUsable(deps: TDeps, tenant: TTenant, token: unknown): Promise<boolean> {
  if (!isWellFormedToken(token)) return false;
  return (await deps.store.tokens.findUsable(tenant.id, "email_verification", hashToken(token), deps.now())) !== null;
}

/**
 * Confirms an address. The token is consumed by a conditional UPDATE inside the transaction, so
 * two concurrent clicks confirm once; a token of another tenant or purpose matches no row.
 */
export async function verifyEmail(deps: TDeps, tenant: TTenant, token: unknown, meta: TRequestMeta): Promise<TVerifyEmailResult> {
  if (!isWellFormedToken(token)) return INVALID;
  const now = deps.now();
  return deps.store.transaction(async (tx) => {
    const used = await tx.tokens.consume(tenant.id, "email_verification", hashToken(token), now);
    if (!used) return INVALID;
    // The link proves control of the address it was sent to, and only while that is still the user's address.
    const marked = await tx.users.markEmailVerified(tenant.id, used.userId, used.email, now);
    if (!marked) return INVALID;
    await recordAudit(tx, { tenantId: tenant.id, userId: used.userId, type: AUDIT.emailVerified, meta, data: { email: used.email }, at: now });
    // A user with no way to sign in yet (sign-up on a passwordless tenant) creates a passkey right
    // away: the link opens a session that can do only that (see sign-in-methods.ts).
    const noMethod = tenant.allowPasskey && methodCount(await usableSignInMethods(tx, tenant, used.userId)) === 0;
    if (!noMethod) return { ok: true as const, email: used.email };
    return { ok: true as const, email: used.email, passkeySetup: await startPasskeySetupSession(tx, deps, tenant, used.userId, meta) };
  });
}
