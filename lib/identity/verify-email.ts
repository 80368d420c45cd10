// Confirming an address, and what that proof means for an account nobody had confirmed before.
//
// Pre-account hijacking: anyone can sign up with someone else's address, choose a password and wait
// for the owner. Until the first confirmation the account belongs to whoever holds the mailbox, and
// everything set up before that proof is the signer-up's, not necessarily the owner's. So the first
// verification ties the mailbox to the password only when both come from the same browser: sign-up
// records the SHA-256 of the browser's device cookie (`User.signupDeviceHash`), and a link opened in
// that browser keeps the password. A link opened anywhere else (another browser, another device, a
// legacy account with no record) is the owner proving the mailbox without the password: it removes
// the password and every factor, ends every session, marks the address verified and sends the person
// straight to choosing a password (a fresh reset token, handed to this browser, never mailed). The
// owner who signed up on a laptop and opens the mail on a phone simply chooses a password again.
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TRepositories } from "../db/store";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { fail, type TFailure } from "../kernel/outcome";
import { RESET_TTL_MINUTES } from "./verification-token";
import { generateToken, hashToken, isWellFormedToken } from "../security/tokens";
import { loadAuthenticators, signInMethodCount } from "./authenticators";
import { startPasskeySetupSession } from "./sign-in-methods";
import { forgetSignInHistory } from "../risk/sign-in-risk";
import { SIGN_UP } from "./outcomes";
import type { TSession } from "../sessions/types";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "./types";
import { endAppSessions } from "../sessions/app-sessions";

export type TVerifyEmailResult =
  | {
      ok: true;
      email: string;
      /**
       * `passkeySetup`: only for a user with no way to sign in yet — the session that may create their first passkey.
       */
      passkeySetup?: { token: string; session: TSession };
      /** A reset token for the page that sets the account's first password after the link removed the sign-up's. */
      choosePassword?: string;
    }
  | TFailure<typeof SIGN_UP, "INVALID_LINK">;

const INVALID = fail(SIGN_UP, "INVALID_LINK");

/** Is the link still good? Used to render the confirmation page; does not use the token up. */
export async function isVerificationTokenUsable(deps: TDeps, tenant: TTenant, token: unknown): Promise<boolean> {
  if (!isWellFormedToken(token)) return false;
  return (await deps.store.tokens.findUsable(tenant.id, "email_verification", hashToken(token), deps.now())) !== null;
}

/** Did the browser opening the link sign the account up? Only then is the mailbox tied to the password. */
export function isSignupBrowser(user: Pick<TUser, "signupDeviceHash">, meta: TRequestMeta): boolean {
  return (
    user.signupDeviceHash !== null && typeof meta.deviceHash === "string" && meta.deviceHash === user.signupDeviceHash
  );
}

/** Takes away what the sign-up set up before anyone proved the mailbox. */
async function clearUnprovenAccount(tx: TRepositories, tenant: TTenant, userId: string, now: Date) {
  const removedFactors = await tx.recoveryFactors.removeAll(tenant.id, userId);
  const removedPassword = (await tx.recoveryFactors.removePassword(tenant.id, userId)) > 0;
  const endedSessions = await tx.sessions.revokeAllForUser(tenant.id, userId, "email_verified_elsewhere", now);
  await endAppSessions(tx, tenant, userId, now);
  const forgotten = await forgetSignInHistory(tx, tenant.id, userId);
  return { removedFactors, removedPassword, endedSessions, forgotten };
}

async function issueChoosePasswordToken(
  tx: TRepositories,
  tenant: TTenant,
  userId: string,
  email: string,
  now: Date,
): Promise<string> {
  await tx.tokens.revokeOutstanding(tenant.id, userId, "password_reset", now);
  const token = generateToken();
  await tx.tokens.create({
    tenantId: tenant.id,
    userId,
    purpose: "password_reset",
    tokenHash: hashToken(token),
    email,
    expiresAt: new Date(now.getTime() + RESET_TTL_MINUTES * 60_000),
    at: now,
  });
  return token;
}

/**
 * Confirms an address. The token is consumed by a conditional UPDATE inside the transaction, so
 * two concurrent clicks confirm once; a token of another tenant or purpose matches no row.
 */
export async function verifyEmail(
  deps: TDeps,
  tenant: TTenant,
  token: unknown,
  meta: TRequestMeta,
): Promise<TVerifyEmailResult> {
  if (!isWellFormedToken(token)) return INVALID;
  const now = deps.now();
  return withTransaction<TVerifyEmailResult>(deps, async (txDeps, rollback) => {
    const used = await txDeps.store.tokens.consume(tenant.id, "email_verification", hashToken(token), now);
    if (!used) return INVALID;
    const user = await txDeps.store.users.findById(tenant.id, used.userId);
    if (!user) return INVALID;
    const firstProof = user.emailVerifiedAt === null;
    const sameBrowser = isSignupBrowser(user, meta);
    const cleared = firstProof && !sameBrowser ? await clearUnprovenAccount(txDeps.store, tenant, user.id, now) : null;
    // The link proves control of the address it was sent to, and only while that is still the user's address.
    // (A rollback, not a return: the removals above must not outlive a link that no longer counts.)
    const marked = await txDeps.store.users.markEmailVerified(tenant.id, used.userId, used.email, now);
    if (!marked) rollback(INVALID);
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: used.userId,
      type: AUDIT.emailVerified,
      meta,
      data: { email: used.email, firstProof, signupBrowser: sameBrowser, ...(cleared ?? {}) },
      at: now,
    });
    if (signInMethodCount(await loadAuthenticators(txDeps.store, tenant, used.userId)) > 0)
      return { ok: true as const, email: used.email };
    // No way to sign in (yet, or any more): a password tenant asks for a password, a passwordless
    // one opens a session that can only create the first passkey (see sign-in-methods.ts).
    if (tenant.allowPassword)
      return {
        ok: true as const,
        email: used.email,
        choosePassword: await issueChoosePasswordToken(txDeps.store, tenant, used.userId, used.email, now),
      };
    if (!tenant.allowPasskey) return { ok: true as const, email: used.email };
    return {
      ok: true as const,
      email: used.email,
      passkeySetup: await startPasskeySetupSession(txDeps, tenant, used.userId, meta),
    };
  });
}
