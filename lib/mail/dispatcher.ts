// Delivers queued mail over SMTP (nodemailer). Any node may run it: messages are claimed with a
// conditional UPDATE, retried with backoff, and their bodies (which may hold links with tokens)
// are cleared once sent.
import nodemailer from "nodemailer";
import type { TStore } from "../db/store";

const BATCH = 20;
const MAX_ATTEMPTS = 8;

export type TMailDispatcher = { kick(): void; stop(): Promise<void>; drain(): Promise<number> };

export function createMailDispatcher(options: {
  store: TStore;
  smtpUrl: string;
  from: string;
  now?: () => Date;
  pollMs?: number;
  log?: (message: string) => void;
}): TMailDispatcher {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((message: string) => console.warn(message));
  const transport = nodemailer.createTransport(options.smtpUrl);
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = false;

  async function runOnce(): Promise<number> {
    let sent = 0;
    await options.store.mail.requeueStale(new Date(now().getTime() - 5 * 60_000));
    for (;;) {
      const batch = await options.store.mail.claimDue(now(), BATCH);
      if (batch.length === 0) return sent;
      for (const message of batch) {
        try {
          await transport.sendMail({
            from: options.from,
            to: message.to,
            subject: message.subject,
            text: message.text ?? "",
            html: message.html ?? undefined,
          });
          await options.store.mail.markSent(message.id, now());
          sent += 1;
        } catch (error) {
          const final = message.attempts >= MAX_ATTEMPTS;
          const backoffMs = Math.min(2 ** message.attempts * 1000, 10 * 60_000);
          // Never log the message body: it may contain a link with a token.
          log(
            `mail ${message.id} to ${message.to.replace(/^[^@]*/, "***")} failed (attempt ${message.attempts}): ${error instanceof Error ? error.message : String(error)}`,
          );
          await options.store.mail.markFailed(
            message.id,
            error instanceof Error ? error.message : String(error),
            new Date(now().getTime() + backoffMs),
            final,
          );
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
        log(`mail dispatch failed: ${error instanceof Error ? error.message : String(error)}`);
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
      transport.close();
    },
  };
}
