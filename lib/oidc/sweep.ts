// Expired provider state (interactions, codes, tokens, sessions) is removed by a sweep that runs at
// most once per interval per process, started by provider traffic. An expired row is never read
// meanwhile (the repository filters on expiresAt); the sweep only keeps the table small.
import type { TRepositories } from "../db/store";

export const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

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
