// Delivers queued mail over SMTP (nodemailer) through the outbox loop (lib/kernel/outbox-loop.ts):
// any node may run it, messages are claimed with a conditional UPDATE and retried with backoff,
// and their bodies (which may hold links with tokens) are cleared once sent.
import nodemailer from "nodemailer";
import type { TMailMessage, TStore } from "../db/store";
import { createOutboxDispatcher, type TOutboxDispatcher } from "../kernel/outbox-loop";

const MAX_ATTEMPTS = 8;

export type TMailDispatcher = TOutboxDispatcher;

export function createMailDispatcher(options: {
  store: TStore;
  smtpUrl: string;
  from: string;
  now?: () => Date;
  pollMs?: number;
  log?: (message: string) => void;
}): TMailDispatcher {
  const { mail } = options.store;
  const transport = nodemailer.createTransport(options.smtpUrl);
  return createOutboxDispatcher<TMailMessage>({
    name: "mail",
    maxAttempts: MAX_ATTEMPTS,
    now: options.now ?? (() => new Date()),
    pollMs: options.pollMs,
    log: options.log ?? ((message: string) => console.warn(message)),
    onStop: () => transport.close(),
    outbox: {
      requeueStale: (olderThan) => mail.requeueStale(olderThan),
      claimDue: (now, limit) => mail.claimDue(now, limit),
      deliver: async (message) => {
        await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text ?? "",
          html: message.html ?? undefined,
        });
      },
      markSent: (message, at) => mail.markSent(message.id, at),
      markFailed: (message, error, nextTryAt, final) => mail.markFailed(message.id, error, nextTryAt, final),
      // Never log the message body: it may contain a link with a token.
      describeFailure: (message, error) =>
        `mail ${message.id} to ${message.to.replace(/^[^@]*/, "***")} failed (attempt ${message.attempts}): ${error}`,
    },
  });
}
