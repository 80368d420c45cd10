// The apps' sessions end with the Portico session that signed them in (the design is described in
// lib/oidc/backchannel.ts): `endAppSessions`, called in the transaction that ends Portico sessions,
// ends the provider sessions bound to them, revokes their grants and tokens, and queues a
// back-channel logout token for each of their apps that registered a back-channel logout URI.
// Plain repository work, so every domain that ends sessions may call it.
import type { TRepositories } from "../db/store";
import type { TTenant } from "../tenancy/types";
import type { TSession } from "./types";

/** The repositories ending app sessions needs: a transaction's (`txDeps.store`, or `tx`). */
type TAppSessionStore = Pick<
  TRepositories,
  "oidcSessionLinks" | "oidcState" | "oidcClients" | "oidcLogouts" | "sessions"
>;

/** Values of the provider that belong to one grant and die with it. */
const GRANT_MODELS = [
  "AccessToken",
  "AuthorizationCode",
  "RefreshToken",
  "DeviceCode",
  "BackchannelAuthenticationRequest",
] as const;

/** Queues a logout token for `clientId` when the app registered a back-channel logout URI; true when queued. */
export async function queueLogoutToken(
  store: Pick<TRepositories, "oidcClients" | "oidcLogouts">,
  tenantId: string,
  input: { clientId: string; sub: string; sid: string },
  at: Date,
): Promise<boolean> {
  const client = await store.oidcClients.find(tenantId, input.clientId);
  if (!client?.backchannelLogoutUri) return false;
  await store.oidcLogouts.enqueue({ tenantId, ...input, uri: client.backchannelLogoutUri, at });
  return true;
}

type TAuthorization = { sid?: unknown; grantId?: unknown };

function authorizationsOf(
  payload: Record<string, unknown>,
): Array<{ clientId: string; sid: string | null; grantId: string | null }> {
  const raw = payload.authorizations;
  if (!raw || typeof raw !== "object") return [];
  return Object.entries(raw as Record<string, TAuthorization>).map(([clientId, entry]) => ({
    clientId,
    sid: typeof entry?.sid === "string" ? entry.sid : null,
    grantId: typeof entry?.grantId === "string" ? entry.grantId : null,
  }));
}

/**
 * Ends the provider session bound to `providerSessionUid` (see the file comment): its grants and
 * tokens, the session itself, and queues the logout tokens of its apps. Returns how many were queued.
 */
async function endProviderSession(
  store: TAppSessionStore,
  tenantId: string,
  providerSessionUid: string,
  now: Date,
): Promise<number> {
  if (!(await store.oidcSessionLinks.remove(tenantId, providerSessionUid))) return 0;
  const row = await store.oidcState.findByUid(tenantId, "Session", providerSessionUid, now);
  if (!row) return 0;
  const accountId = typeof row.payload.accountId === "string" ? row.payload.accountId : null;
  let queued = 0;
  for (const { clientId, sid, grantId } of authorizationsOf(row.payload)) {
    if (grantId) {
      for (const model of GRANT_MODELS) await store.oidcState.revokeByGrantId(tenantId, model, grantId);
      await store.oidcState.destroy(tenantId, "Grant", grantId);
    }
    if (accountId && sid && (await queueLogoutToken(store, tenantId, { clientId, sub: accountId, sid }, now)))
      queued += 1;
  }
  await store.oidcState.destroy(tenantId, "Session", row.id);
  return queued;
}

/** A Portico session is live until it is ended or passes its absolute or idle timeout. */
export function isLiveSession(
  session: Pick<TSession, "revokedAt" | "absoluteExpiresAt" | "idleExpiresAt">,
  now: Date,
): boolean {
  if (session.revokedAt) return false;
  if (session.absoluteExpiresAt <= now) return false;
  return !session.idleExpiresAt || session.idleExpiresAt > now;
}

/**
 * Call with the repositories of the transaction that ended one or more of `userId`'s Portico
 * sessions, after they were ended: every provider session bound to a Portico session of theirs
 * that is no longer live (ended, expired or gone) ends, with its grants and tokens, and its apps
 * are sent logout tokens. Returns how many logout tokens were queued.
 */
export async function endAppSessions(
  store: TAppSessionStore,
  tenant: Pick<TTenant, "id">,
  userId: string,
  now: Date,
): Promise<number> {
  const links = await store.oidcSessionLinks.listForUser(tenant.id, userId);
  let queued = 0;
  for (const link of links) {
    const session = await store.sessions.findById(tenant.id, link.porticoSessionId);
    if (session && session.userId === userId && isLiveSession(session, now)) continue;
    queued += await endProviderSession(store, tenant.id, link.providerSessionUid, now);
  }
  return queued;
}
