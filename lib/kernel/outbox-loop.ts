// The delivery loop every outbox shares (mail, back-channel logout tokens). Any node may run it:
// the outbox claims due rows with a conditional UPDATE (of two nodes polling together one gets a
// row), a failure is retried with exponential backoff until the outbox's last attempt, and a claim
// left by a node that died mid-delivery is requeued after five minutes.

const BATCH = 20;
const STALE_CLAIM_MS = 5 * 60_000;

export type TOutboxDispatcher = { kick(): void; stop(): Promise<void>; drain(): Promise<number> };

/** What an outbox gives the loop; `attempts` counts the current one (the claim increments it). */
export type TOutbox<TRow extends { attempts: number }> = {
  requeueStale(olderThan: Date): Promise<unknown>;
  claimDue(now: Date, limit: number): Promise<TRow[]>;
  deliver(row: TRow): Promise<void>;
  markSent(row: TRow, at: Date): Promise<unknown>;
  /** `final` when `row` used its last attempt: it is given up, not retried at `nextTryAt`. */
  markFailed(row: TRow, error: string, nextTryAt: Date, final: boolean): Promise<unknown>;
  /** The log line of a failed attempt (an outbox keeps secrets, such as a mail body, out of it). */
  describeFailure(row: TRow, error: string): string;
};

/** Wait before the next attempt after `attempts` failed ones: 2, 4, 8 … seconds, at most 10 minutes. */
export const backoffMs = (attempts: number) => Math.min(2 ** attempts * 1000, 10 * 60_000);

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createOutboxDispatcher<TRow extends { attempts: number }>(options: {
  /** What the outbox delivers, for the log ("mail", "back-channel logout"). */
  name: string;
  outbox: TOutbox<TRow>;
  maxAttempts: number;
  now: () => Date;
  pollMs?: number;
  log: (message: string) => void;
  /** Runs once the loop has stopped (closing a transport). */
  onStop?: () => void;
}): TOutboxDispatcher {
  const { outbox, now, log } = options;
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = false;

  async function runOnce(): Promise<number> {
    let sent = 0;
    await outbox.requeueStale(new Date(now().getTime() - STALE_CLAIM_MS));
    for (;;) {
      const batch = await outbox.claimDue(now(), BATCH);
      if (batch.length === 0) return sent;
      for (const row of batch) {
        try {
          await outbox.deliver(row);
          await outbox.markSent(row, now());
          sent += 1;
        } catch (error) {
          log(outbox.describeFailure(row, messageOf(error)));
          const retryAt = new Date(now().getTime() + backoffMs(row.attempts));
          await outbox.markFailed(row, messageOf(error), retryAt, row.attempts >= options.maxAttempts);
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
        log(`${options.name} dispatch failed: ${messageOf(error)}`);
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
      options.onStop?.();
    },
  };
}
