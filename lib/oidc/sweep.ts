// Two sweeps keep sessions and provider state in step with time.
//
// The state sweep removes expired provider state (interactions, codes, tokens, sessions) at most
// once per interval per process, started by provider traffic. An expired row is never read
// meanwhile (the repository filters on expiresAt); the sweep only keeps the table small.
//
// The expiry sweep runs on a timer on every node (started with the server, lib/next/deps.ts). Every
// minute it ends the Portico sessions past their absolute or idle timeout together with the
// provider sessions bound to them, queuing their apps' logout tokens once however many nodes
// sweep (lib/sessions/expire-sessions.ts). Every ten minutes it also ends provider sessions still
// bound to a Portico session that is gone or ended, and removes expired provider state and logout
// tokens settled (delivered or given up) longer ago than the retention.
import type { TRepositories } from "../db/store";
import type { TDeps } from "../kernel/deps";
import { endExpiredSessions, endUnboundAppSessions } from "../sessions/expire-sessions";

export const SWEEP_INTERVAL_MS = 10 * 60 * 1000;
/** How often the expiry sweep runs: an expired session's apps hear of it within about this long. */
export const EXPIRY_SWEEP_INTERVAL_MS = 60 * 1000;
/** How long a delivered or given-up logout token stays on record (the console and audit trail cover it after). */
export const LOGOUT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export function createStateSweeper(
  store: Pick<TRepositories, "oidcState">,
  options: { intervalMs?: number; now?: () => Date } = {},
) {
  const intervalMs = options.intervalMs ?? SWEEP_INTERVAL_MS;
  const now = options.now ?? (() => new Date());
  let last = 0;
  let running: Promise<number> | null = null;
  /** Sweeps when the last sweep is older than the interval; resolves with the rows removed (0 when it did not run). */
  return function sweepIfDue(): Promise<number> {
    const at = now();
    if (running || at.getTime() - last < intervalMs) return Promise.resolve(0);
    last = at.getTime();
    running = store.oidcState.sweepExpired(at).finally(() => {
      running = null;
    });
    return running;
  };
}

export type TExpirySweepResult = {
  sessionsEnded: number;
  linksEnded: number;
  logoutsQueued: number;
  stateRemoved: number;
  logoutsRemoved: number;
};

/**
 * One run of the expiry sweep (see the file comment); safe to run on several nodes at once.
 * `rows: false` only ends expired sessions, leaving the walk of every link and the removal of
 * expired rows (which need not be prompt) to a later run.
 */
export async function sweepExpired(
  deps: TDeps,
  log: (message: string) => void = (message) => console.warn(message),
  options: { rows?: boolean } = {},
): Promise<TExpirySweepResult> {
  // Sessions first: the provider sessions they end must still be there to name their apps.
  const expired = await endExpiredSessions(deps, log);
  const result = { sessionsEnded: expired.ended, linksEnded: 0, logoutsQueued: expired.queued };
  if (options.rows === false) return { ...result, stateRemoved: 0, logoutsRemoved: 0 };
  const unbound = await endUnboundAppSessions(deps, log);
  const now = deps.now();
  return {
    ...result,
    linksEnded: unbound.links,
    logoutsQueued: expired.queued + unbound.queued,
    stateRemoved: await deps.store.oidcState.sweepExpired(now),
    logoutsRemoved: await deps.store.oidcLogouts.sweepSettled(new Date(now.getTime() - LOGOUT_RETENTION_MS)),
  };
}

export type TExpirySweeper = { run(): Promise<TExpirySweepResult | null>; stop(): Promise<void> };

/**
 * Runs the expiry sweep every `intervalMs` (one run at a time); `onQueued` hears that logout tokens
 * were queued, so their delivery need not wait for the dispatcher's next poll.
 */
export function startExpirySweeper(
  deps: TDeps,
  options: { intervalMs?: number; onQueued?: () => void; log?: (message: string) => void } = {},
): TExpirySweeper {
  const log = options.log ?? ((message: string) => console.warn(message));
  let running: Promise<TExpirySweepResult | null> | null = null;
  let rowsSweptAt = Number.NEGATIVE_INFINITY;
  /** Ends expired sessions; every SWEEP_INTERVAL_MS also ends unbound links and removes expired rows. */
  function run(): Promise<TExpirySweepResult | null> {
    if (running) return running;
    const at = deps.now().getTime();
    const rows = at - rowsSweptAt >= SWEEP_INTERVAL_MS;
    if (rows) rowsSweptAt = at;
    running = sweepExpired(deps, log, { rows })
      .then((result) => {
        if (result.logoutsQueued > 0) options.onQueued?.();
        return result;
      })
      .catch((error: unknown) => {
        log(`expiry sweep failed: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  }
  const timer = setInterval(() => void run(), options.intervalMs ?? EXPIRY_SWEEP_INTERVAL_MS);
  timer.unref();
  return {
    run,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
