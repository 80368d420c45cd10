// What a user can authenticate with at their tenant: one inventory, loaded once, with the tenant's
// policy applied once (`allowed` on each kind of authenticator). Every question about it ("has a
// second factor?", "what can still sign them in?", "which codes count?") is a function of that
// value, so sign-in, step-up, recovery and the account pages cannot answer it differently.
//
// Enrolled is not the same as allowed. An authenticator the tenant has since turned off is still
// listed (an enrolled second factor is asked for whatever the policy says: skipping it would give a
// one-factor session to a user who chose two), but it opens nothing: a password left over from
// before a tenant went passwordless signs nobody in, and a TOTP code counts only where the tenant
// allows authenticator apps.
import type { TPasswordCredential, TRepositories } from "../db/store";
import type { TTenant } from "../tenancy/types";

/**
 * - "hardware": device-bound with an attestation that chained to a root the tenant trusts (AAL3
 *   with user verification);
 * - "device_bound": not backup-eligible by the authenticator's own word only (AAL2);
 * - "synced": backup-eligible, may be copied to other devices (AAL2).
 */
export type TPasskeyKind = "hardware" | "device_bound" | "synced";

export type TPasskeyAuthenticator = {
  id: string;
  name: string;
  kind: TPasskeyKind;
  /** The level an assertion with user verification reaches. */
  maxAal: 2 | 3;
};

export type TAuthenticators = {
  userId: string;
  password: { allowed: boolean } | null;
  passkeys: { allowed: boolean; list: TPasskeyAuthenticator[] };
  /** A confirmed authenticator app (a set-up not yet confirmed is not an authenticator). */
  totp: { allowed: boolean } | null;
  /** Unused recovery codes. They back up a second factor and are accepted as one. */
  recoveryCodes: { remaining: number };
};

type TPasskeyRow = { id: string; name: string; backupEligible: boolean; attestationRoot: string | null };

export function passkeyKind(row: Pick<TPasskeyRow, "backupEligible" | "attestationRoot">): TPasskeyKind {
  if (row.backupEligible) return "synced";
  return row.attestationRoot !== null ? "hardware" : "device_bound";
}

/**
 * `known.password`: the password credential when the caller has just read it (the sign-in hot
 * path), so it is not read twice.
 */
export async function loadAuthenticators(
  tx: Pick<TRepositories, "passwords" | "passkeys" | "totp" | "recoveryCodes">,
  tenant: Pick<TTenant, "id" | "allowPassword" | "allowPasskey" | "allowTotp">,
  userId: string,
  known: { password?: TPasswordCredential | null } = {},
): Promise<TAuthenticators> {
  const [password, passkeys, totp, recoveryCodes] = await Promise.all([
    known.password !== undefined ? known.password : tx.passwords.findByUserId(tenant.id, userId),
    tx.passkeys.listForUser(tenant.id, userId),
    tx.totp.findByUserId(tenant.id, userId),
    tx.recoveryCodes.countRemaining(tenant.id, userId),
  ]);
  return {
    userId,
    password: password ? { allowed: tenant.allowPassword } : null,
    passkeys: {
      allowed: tenant.allowPasskey,
      list: passkeys.map((p: TPasskeyRow) => {
        const kind = passkeyKind(p);
        return { id: p.id, name: p.name, kind, maxAal: kind === "hardware" ? 3 : 2 };
      }),
    },
    totp: totp?.confirmedAt != null ? { allowed: tenant.allowTotp } : null,
    recoveryCodes: { remaining: recoveryCodes },
  };
}

export function passkeyCount(a: TAuthenticators): number {
  return a.passkeys.list.length;
}

/**
 * An enrolled possession factor: sign-in asks for it after the password, and step-up holds the user
 * to the action's two-factor level. Enrolled, not allowed (see the top of this file).
 */
export function hasSecondFactor(a: TAuthenticators): boolean {
  return a.totp !== null || passkeyCount(a) > 0;
}

/** Something a password reset must not bypass. Recovery codes count: they are a second factor too. */
export function hasAnySecondFactor(a: TAuthenticators): boolean {
  return hasSecondFactor(a) || a.recoveryCodes.remaining > 0;
}

/** The tenant accepts a TOTP code from this user. */
export function totpUsable(a: TAuthenticators): boolean {
  return a.totp?.allowed === true;
}

/** A code (authenticator app or recovery code) could prove this user's second factor. */
export function acceptsCode(a: TAuthenticators): boolean {
  return a.totp !== null || a.recoveryCodes.remaining > 0;
}

/** A passkey could sign this user in (or prove their second factor). */
export function passkeyUsable(a: TAuthenticators): boolean {
  return a.passkeys.allowed && passkeyCount(a) > 0;
}

export type TSignInMethods = { password: boolean; passkeys: number };

/** What can sign the user in right now: what they have and the tenant allows. */
export function signInMethods(a: TAuthenticators): TSignInMethods {
  return { password: a.password?.allowed === true, passkeys: a.passkeys.allowed ? passkeyCount(a) : 0 };
}

/** The number of ways to sign in; 0 means the user is shut out. */
export function signInMethodCount(a: TAuthenticators): number {
  const methods = signInMethods(a);
  return (methods.password ? 1 : 0) + methods.passkeys;
}

/** What the account pages and the support console show: enrolled, whatever the policy. */
export type TAuthenticatorSummary = { password: boolean; totp: boolean; passkeys: number; recoveryCodes: number };

export function summarizeAuthenticators(a: TAuthenticators): TAuthenticatorSummary {
  return {
    password: a.password !== null,
    totp: a.totp !== null,
    passkeys: passkeyCount(a),
    recoveryCodes: a.recoveryCodes.remaining,
  };
}
