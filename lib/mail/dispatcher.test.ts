import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterEach, beforeEach, expect, it } from "vitest";
import { testScenario } from "../../tests/scenario";
import { createMailDispatcher } from "./dispatcher";
import { queueMail } from "./queue-mail";
import { templates } from "./templates";
import { withTransaction } from "../kernel/transaction";

let smtp: SMTPServer;
let port = 0;
const received: { to: string; subject: string; text: string }[] = [];
let failNext = 0;

const t = testScenario();
beforeEach(async () => {
  t.deps.mailMode = "smtp";
  received.length = 0;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      if (failNext > 0) {
        failNext -= 1;
        stream.resume();
        stream.on("end", () => callback(new Error("451 try again later")));
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          received.push({
            to: Array.isArray(mail.to) ? "" : (mail.to?.text ?? ""),
            subject: mail.subject ?? "",
            text: mail.text ?? "",
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  port = (smtp.server.address() as { port: number }).port;
});

afterEach(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

it("delivers queued mail over SMTP once, then clears the body that held the link", async () => {
  await withTransaction(t.deps, (txDeps) =>
    queueMail(
      txDeps,
      t.acme,
      "ada@example.com",
      templates.passwordReset(t.acme, "https://portal.example.test/acme/reset-password?token=abc", 30),
    ),
  );
  const dispatcher = createMailDispatcher({
    store: t.db.store,
    smtpUrl: `smtp://127.0.0.1:${port}`,
    from: "Portico <no-reply@example.test>",
    pollMs: 60_000,
    log: () => undefined,
  });
  expect(await dispatcher.drain()).toBe(1);
  expect(await dispatcher.drain()).toBe(0);
  await dispatcher.stop();
  expect(received).toHaveLength(1);
  expect(received[0]?.subject).toBe("Reset your password — Acme");
  expect(received[0]?.text).toContain("https://portal.example.test/acme/reset-password?token=abc");
  expect(await t.db.store.mail.claimDue(new Date(Date.now() + 60_000), 10)).toEqual([]);
});

it("retries a message the SMTP server refused", async () => {
  failNext = 1;
  await withTransaction(t.deps, (txDeps) =>
    queueMail(
      txDeps,
      t.acme,
      "bo@example.com",
      templates.passwordChanged(t.acme, "changed", "https://portal.example.test/acme/forgot-password"),
    ),
  );
  let now = new Date();
  const dispatcher = createMailDispatcher({
    store: t.db.store,
    smtpUrl: `smtp://127.0.0.1:${port}`,
    from: "p@example.test",
    pollMs: 60_000,
    now: () => now,
    log: () => undefined,
  });
  expect(await dispatcher.drain()).toBe(0);
  expect(received).toHaveLength(0);
  now = new Date(now.getTime() + 5_000);
  expect(await dispatcher.drain()).toBe(1);
  await dispatcher.stop();
  expect(received).toHaveLength(1);
});
