// Delivers queued back-channel logout tokens (lib/oidc/backchannel.ts) to the apps. Any node may
// run it: a token is claimed with a conditional UPDATE, so of two nodes one sends it; it is signed
// at delivery (fresh iat/exp, same jti on every retry), POSTed as `logout_token`, and a failure
// (network error, timeout, non-2xx answer) is retried with backoff, then given up and audited.
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TOidcLogout } from "../db/store";
import type { TDeps } from "../kernel/deps";
import { logoutTokenClaims, signLogoutToken } from "./backchannel";
import { issuerFor } from "./provider";

const BATCH = 20;
/** Attempts before a token is given up (backoff 2, 4, 8 … seconds, at most 10 minutes apart: about half an hour). */
export const MAX_LOGOUT_ATTEMPTS = 10;
const TIMEOUT_MS = 5_000;

export type TBackchannelDispatcher = { kick(): void; stop(): Promise<void>; drain(): Promise<number> };

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

export function backoffMs(attempts: number): number {
  return Math.min(2 ** attempts * 1000, 10 * 60_000);
}

export function createBackchannelDispatcher(options: {
  deps: TDeps;
  post?: TPostLogoutToken;
  pollMs?: number;
  log?: (message: string) => void;
}): TBackchannelDispatcher {
  const { deps } = options;
  const post = options.post ?? postLogoutToken;
  const log = options.log ?? ((message: string) => console.warn(message));
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = false;

  async function deliver(row: TOidcLogout): Promise<boolean> {
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
    return true;
  }

  async function runOnce(): Promise<number> {
    let sent = 0;
    await deps.store.oidcLogouts.requeueStale(new Date(deps.now().getTime() - 5 * 60_000));
    for (;;) {
      const batch = await deps.store.oidcLogouts.claimDue(deps.now(), BATCH);
      if (batch.length === 0) return sent;
      for (const row of batch) {
        try {
          await deliver(row);
          await deps.store.transaction(async (tx) => {
            await tx.oidcLogouts.markSent(row.id, deps.now());
            await recordAudit(tx, {
              tenantId: row.tenantId,
              userId: row.sub,
              type: AUDIT.oidcBackchannelLogoutSent,
              data: { clientId: row.clientId, sid: row.sid, jti: row.jti, attempts: row.attempts },
              at: deps.now(),
            });
          });
          sent += 1;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const final = row.attempts >= MAX_LOGOUT_ATTEMPTS;
          log(`back-channel logout ${row.id} to ${row.clientId} failed (attempt ${row.attempts}): ${message}`);
          await deps.store.transaction(async (tx) => {
            await tx.oidcLogouts.markFailed(
              row.id,
              message,
              new Date(deps.now().getTime() + backoffMs(row.attempts)),
              final,
            );
            if (final)
              await recordAudit(tx, {
                tenantId: row.tenantId,
                userId: row.sub,
                type: AUDIT.oidcBackchannelLogoutFailed,
                data: {
                  clientId: row.clientId,
                  sid: row.sid,
                  jti: row.jti,
                  attempts: row.attempts,
                  error: message.slice(0, 200),
                },
                at: deps.now(),
              });
          });
        }
      }
    }
  }

  function drain(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = runOnce()
      .catch((error: unknown) => {
        log(`back-channel logout dispatch failed: ${error instanceof Error ? error.message : String(error)}`);
        return 0;
      })
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          void drain();
        }
      });
    return running;
  }

  const timer = setInterval(() => void drain(), options.pollMs ?? 1000);
  timer.unref();

  return {
    kick: () => void drain(),
    drain,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
