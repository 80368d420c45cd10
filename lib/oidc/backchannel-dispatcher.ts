// Delivers queued back-channel logout tokens (lib/oidc/backchannel.ts) to the apps through the
// outbox loop (lib/kernel/outbox-loop.ts): every node may run it, a token is claimed with a
// conditional UPDATE, so of two nodes one sends it; it is signed at delivery (fresh iat/exp, same
// jti on every retry), POSTed as `logout_token`, and a failure (network error, timeout, non-2xx
// answer) is retried with backoff, then given up and audited.
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TOidcLogout } from "../db/store";
import type { TDeps } from "../kernel/deps";
import { createOutboxDispatcher, type TOutboxDispatcher } from "../kernel/outbox-loop";
import { withTransaction } from "../kernel/transaction";
import { logoutTokenClaims, signLogoutToken } from "./backchannel";
import { issuerFor } from "./provider";

/** Attempts before a token is given up (backoff 2, 4, 8 … seconds, at most 10 minutes apart: about half an hour). */
export const MAX_LOGOUT_ATTEMPTS = 10;
const TIMEOUT_MS = 5_000;

export type TBackchannelDispatcher = TOutboxDispatcher;

export type TPostLogoutToken = (uri: string, logoutToken: string) => Promise<void>;

/** POSTs the token the way section 2.5 says: a form with `logout_token`, no redirects followed, 2xx expected. */
export const postLogoutToken: TPostLogoutToken = async (uri, logoutToken) => {
  const response = await fetch(uri, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ logout_token: logoutToken }).toString(),
    redirect: "manual",
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  await response.body?.cancel();
  if (response.status < 200 || response.status >= 300) throw new Error(`the app answered ${response.status}`);
};

const auditOf = (row: TOidcLogout) => ({ tenantId: row.tenantId, userId: row.sub });
const dataOf = (row: TOidcLogout) => ({ clientId: row.clientId, sid: row.sid, jti: row.jti, attempts: row.attempts });

export function createBackchannelDispatcher(options: {
  deps: TDeps;
  post?: TPostLogoutToken;
  pollMs?: number;
  log?: (message: string) => void;
}): TBackchannelDispatcher {
  const { deps } = options;
  const post = options.post ?? postLogoutToken;
  const { oidcLogouts } = deps.store;
  return createOutboxDispatcher<TOidcLogout>({
    name: "back-channel logout",
    maxAttempts: MAX_LOGOUT_ATTEMPTS,
    now: deps.now,
    pollMs: options.pollMs,
    log: options.log ?? ((message: string) => console.warn(message)),
    outbox: {
      requeueStale: (olderThan) => oidcLogouts.requeueStale(olderThan),
      claimDue: (now, limit) => oidcLogouts.claimDue(now, limit),
      deliver: async (row) => {
        const tenant = await deps.store.tenants.findById(row.tenantId);
        if (!tenant) throw new Error("the tenant no longer exists");
        const claims = logoutTokenClaims({
          issuer: issuerFor(deps.baseUrl, tenant.slug),
          clientId: row.clientId,
          sub: row.sub,
          sid: row.sid,
          jti: row.jti,
          now: deps.now(),
        });
        await post(row.uri, await signLogoutToken(deps, tenant, claims));
      },
      markSent: (row, at) =>
        withTransaction(deps, async ({ store: tx }) => {
          await tx.oidcLogouts.markSent(row.id, at);
          await recordAudit(tx, { ...auditOf(row), type: AUDIT.oidcBackchannelLogoutSent, data: dataOf(row), at });
        }),
      markFailed: (row, error, nextTryAt, final) =>
        withTransaction(deps, async ({ store: tx }) => {
          await tx.oidcLogouts.markFailed(row.id, error, nextTryAt, final);
          const data = { ...dataOf(row), error: error.slice(0, 200) };
          if (final)
            await recordAudit(tx, { ...auditOf(row), type: AUDIT.oidcBackchannelLogoutFailed, data, at: deps.now() });
        }),
      describeFailure: (row, error) =>
        `back-channel logout ${row.id} to ${row.clientId} failed (attempt ${row.attempts}): ${error}`,
    },
  });
}
