// Sessions also end by expiry. A request never accepts an expired session (validate-session.ts
// checks both timeouts on every request), but no request arrives to end what it signed in to: the
// expiry sweep (lib/oidc/sweep.ts, on every node) ends each expired session with a compare-and-set
// and, in the same transaction, ends the apps' sessions bound to it the way every other ending
// does (`endAppSessions`), so its apps get their logout tokens exactly once however many nodes
// sweep. It also ends provider sessions still bound to a Portico session that is gone or ended
// without them (a deleted account's sessions go with it).
import type { TDeps } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { endAppSessions, isLiveSession } from "./app-sessions";

const BATCH = 100;
/** Batches per run at most, so one run stays bounded; the next run carries on. */
const MAX_BATCHES = 20;

/**
 * Ends every session past its absolute or idle timeout, each with the provider sessions bound to
 * it. Returns how many sessions this caller ended and how many logout tokens it queued.
 */
export async function endExpiredSessions(
  deps: TDeps,
  log: (message: string) => void = (message) => console.warn(message),
): Promise<{ ended: number; queued: number }> {
  const now = deps.now();
  let ended = 0;
  let queued = 0;
  for (let round = 0; round < MAX_BATCHES; round += 1) {
    const batch = await deps.store.sessions.listExpired(now, BATCH);
    for (const session of batch) {
      let tokens: number | null;
      try {
        // Of two sweeps, the one whose compare-and-set loses writes nothing and queues nothing.
        tokens = await withTransaction<number | null>(deps, async (txDeps) => {
          if (!(await txDeps.store.sessions.endExpired(session.tenantId, session.id, now))) return null;
          return endAppSessions(txDeps.store, { id: session.tenantId }, session.userId, now);
        });
      } catch (error) {
        // One session that cannot be ended now does not hold up the others; the next run retries it.
        log(`ending expired session ${session.id} failed: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      if (tokens === null) continue;
      ended += 1;
      queued += tokens;
    }
    if (batch.length < BATCH) break;
  }
  return { ended, queued };
}

/**
 * Ends the provider sessions whose Portico session is gone, ended or expired and still has a link
 * (an ending that did not reach them). Returns how many such links were found and how many tokens were queued.
 */
export async function endUnboundAppSessions(
  deps: TDeps,
  log: (message: string) => void = (message) => console.warn(message),
): Promise<{ links: number; queued: number }> {
  const now = deps.now();
  const owners = new Map<string, { tenantId: string; userId: string }>();
  let links = 0;
  let afterKey: string | null = null;
  for (;;) {
    const page = await deps.store.oidcSessionLinks.listPage(afterKey, BATCH);
    if (page.length === 0) break;
    afterKey = page.at(-1)?.key ?? null;
    const states = new Map(
      (await deps.store.sessions.listStates(page.map((link) => link.porticoSessionId))).map((s) => [s.id, s]),
    );
    for (const link of page) {
      const session = states.get(link.porticoSessionId);
      if (session && session.userId === link.userId && isLiveSession(session, now)) continue;
      links += 1;
      owners.set(`${link.tenantId}:${link.userId}`, { tenantId: link.tenantId, userId: link.userId });
    }
    if (page.length < BATCH) break;
  }
  let queued = 0;
  for (const { tenantId, userId } of owners.values()) {
    try {
      queued += await withTransaction(deps, (txDeps) => endAppSessions(txDeps.store, { id: tenantId }, userId, now));
    } catch (error) {
      log(`ending unbound app sessions failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { links, queued };
}
