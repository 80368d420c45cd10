// A customer's own passkeys on the account page: the list, a new name, removal. The last way to
// sign in cannot be removed.
import { tenantForUser } from "../organisations/policy";
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TSession } from "../sessions/types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { endOtherSessions } from "./other-sessions";
import { fail, type TFailure } from "../kernel/outcome";
import { queueChangeNotice } from "../mail/queue-mail";
import { rotateSessionToken } from "../sessions/rotate-session";
import { factorChangeGate, type TFactorChangeRefusal } from "../step-up/step-up";
import { isAttested } from "../identity/attestation";
import { PASSKEY } from "../identity/passkey-outcomes";
import { loadAuthenticators, signInMethodCount } from "../identity/authenticators";
import { isSignedIn } from "../sessions/sign-in-stage";
import { passkeyName } from "../identity/webauthn-rp";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";

type TAuth = { session: TSession; user: TUser };

/** `verified`: its attestation chains to a root the tenant trusts (the only passkeys that reach AAL3). */
export type TPasskeyView = {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  synced: boolean;
  verified: boolean;
};

export async function listPasskeys(deps: TDeps, tenant: TTenant, user: TUser): Promise<TPasskeyView[]> {
  return (await deps.store.passkeys.listForUser(tenant.id, user.id)).map((c) => ({
    id: c.id,
    name: c.name,
    createdAt: c.createdAt,
    lastUsedAt: c.lastUsedAt,
    synced: c.backupEligible,
    verified: isAttested(tenant, c),
  }));
}

export async function renamePasskey(
  deps: TDeps,
  tenant: TTenant,
  auth: TAuth,
  input: { id: string; name: string },
): Promise<{ ok: true } | TFailure<typeof PASSKEY, "NAME_REQUIRED" | "NOT_FOUND">> {
  const name = passkeyName(input.name);
  if (!name) return fail(PASSKEY, "NAME_REQUIRED");
  return (await deps.store.passkeys.rename(tenant.id, auth.user.id, input.id, name))
    ? { ok: true }
    : fail(PASSKEY, "NOT_FOUND");
}

/**
 * Removes a passkey; the last remaining way to sign in cannot be removed. What counts is what
 * the tenant lets the user sign in with: on a passwordless tenant a password does not keep a
 * user's last passkey removable; on a password tenant a user with a password may remove all.
 */
export async function removePasskey(
  deps: TDeps,
  tenant: TTenant,
  auth: TAuth,
  input: { id: string; endOtherSessions: boolean },
  meta: TRequestMeta,
): Promise<
  | { ok: true; rotated: Awaited<ReturnType<typeof rotateSessionToken>> }
  | TFailure<typeof PASSKEY, "REAUTH_REQUIRED" | "NOT_FOUND" | "LAST_METHOD">
  | TFactorChangeRefusal
> {
  const now = deps.now();
  if (!isSignedIn(auth.session)) return fail(PASSKEY, "REAUTH_REQUIRED", { passwordOffered: tenant.allowPassword });
  const gate = await factorChangeGate(deps, tenant, auth, "factor.remove", meta);
  if (!gate.ok) return gate;
  const target = (await deps.store.passkeys.listForUser(tenant.id, auth.user.id)).find((p) => p.id === input.id);
  if (!target) return fail(PASSKEY, "NOT_FOUND");
  const removed = await withTransaction<"gone" | "last" | { rotated: Awaited<ReturnType<typeof rotateSessionToken>> }>(
    deps,
    async (txDeps, rollback) => {
      // Recording the credential change first also locks the user's row until commit, so two
      // concurrent removals (two passkeys, two tabs) run one after the other and the second sees
      // the first's delete in its count below (READ COMMITTED on PostgreSQL).
      await txDeps.store.users.markCredentialsChanged(tenant.id, auth.user.id, now);
      if (!(await txDeps.store.passkeys.remove(tenant.id, auth.user.id, target.id))) return "gone" as const;
      // Counted after the delete, inside the transaction: what is left must still sign the user in.
      // (The rollback undoes the delete.)
      // What can still sign the user in, under their organisation's methods for a member.
      const memberTenant = await tenantForUser(txDeps, tenant, auth.user);
      const methods = await loadAuthenticators(txDeps.store, memberTenant, auth.user.id);
      if (signInMethodCount(methods) === 0) rollback("last");
      const ended = await endOtherSessions(txDeps, tenant, auth, input.endOtherSessions, "factor_removed", now);
      await recordAudit(txDeps.store, {
        tenantId: tenant.id,
        userId: auth.user.id,
        type: AUDIT.factorRemoved,
        meta,
        data: { factor: "passkey", passkeyId: target.id, endedSessions: ended },
        at: now,
      });
      await queueChangeNotice(txDeps, tenant, auth.user.email, `A passkey ("${target.name}") was removed`);
      return { rotated: await rotateSessionToken(txDeps.store, tenant, auth.session) };
    },
  );
  if (removed === "last") return fail(PASSKEY, "LAST_METHOD", { passwordOffered: tenant.allowPassword });
  if (removed === "gone") return fail(PASSKEY, "NOT_FOUND");
  return { ok: true, rotated: removed.rotated };
}
