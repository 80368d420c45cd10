import "server-only";
import { readFileSync } from "node:fs";
import { getConfig } from "../config/env";
import { createPrismaClient } from "../db/client";
import { createStore, type TStore } from "../db/store";
import { createBreachedPasswordChecker, type TBreachedPasswordChecker } from "../identity/breached-passwords";
import type { TDeps } from "../kernel/deps";
import { createMailDispatcher, type TMailDispatcher } from "../mail/dispatcher";
import { createBackchannelDispatcher, type TBackchannelDispatcher } from "../oidc/backchannel-dispatcher";
import { startExpirySweeper, type TExpirySweeper } from "../oidc/sweep";
import { createSecretBox, type TSecretBox } from "../security/secret-box";

type TRuntime = {
  store: TStore;
  dispatcher: TMailDispatcher | null;
  secrets: TSecretBox;
  breachedPasswords: TBreachedPasswordChecker | null;
};

// One store (connection pool) and one mail dispatcher per server process, kept on globalThis so
// that development hot reloads do not open new pools.
const holder = globalThis as typeof globalThis & {
  __porticoRuntime?: TRuntime;
  __porticoBackchannel?: TBackchannelDispatcher;
  __porticoExpirySweeper?: TExpirySweeper;
};

function runtime(): TRuntime {
  if (!holder.__porticoRuntime) {
    const config = getConfig();
    const store = createStore(createPrismaClient(config.databaseUrl));
    const dispatcher = config.smtpUrl
      ? createMailDispatcher({ store, smtpUrl: config.smtpUrl, from: config.mailFrom, now: clock() })
      : null;
    // Queued mail (once its transaction commits) wakes the dispatcher, so delivery need not wait for a poll.
    if (dispatcher) store.onMailQueued(() => dispatcher.kick());
    const breachedPasswords = config.breachedPasswordsUrl
      ? createBreachedPasswordChecker({ baseUrl: config.breachedPasswordsUrl })
      : null;
    holder.__porticoRuntime = {
      store,
      dispatcher,
      secrets: createSecretBox(config.encryptionKey()),
      breachedPasswords,
    };
  }
  return holder.__porticoRuntime;
}

/**
 * Test-only clock offset for the end-to-end server (waiting periods, cool-downs, expiries without
 * sleeping). Enabled only when PORTICO_TEST_CLOCK_FILE names a file, which only
 * e2e/support/start-server.ts sets; a production build refuses it unless PORTICO_E2E=1 is set too.
 * The file holds an offset in milliseconds (e.g. "259200000" = 72 h ahead); missing or empty = 0.
 */
function testClockFile(): string | null {
  const file = process.env.PORTICO_TEST_CLOCK_FILE;
  if (!file) return null;
  if (process.env.NODE_ENV === "production" && process.env.PORTICO_E2E !== "1") {
    throw new Error("PORTICO_TEST_CLOCK_FILE is set in production without PORTICO_E2E=1: refusing a movable clock");
  }
  return file;
}

function testClockOffsetMs(file: string): number {
  try {
    const value = Number(readFileSync(file, "utf8").trim() || "0");
    return Number.isSafeInteger(value) ? value : 0;
  } catch {
    return 0;
  }
}

function clock(): () => Date {
  const file = testClockFile();
  if (!file) return () => new Date();
  return () => new Date(Date.now() + testClockOffsetMs(file));
}

export function getDeps(): TDeps {
  const config = getConfig();
  const { store, secrets, breachedPasswords } = runtime();
  return {
    store,
    now: clock(),
    baseUrl: config.baseUrl,
    mailMode: config.smtpUrl ? "smtp" : "outbox",
    secrets,
    operatorName: config.operatorName,
    breachedPasswords,
  };
}

/**
 * Starts background work at server start: mail delivery, back-channel logout tokens to apps, and
 * the expiry sweep (expired sessions end their apps' sessions; expired rows are removed).
 */
export function startRuntime() {
  runtime().dispatcher?.kick();
  const backchannel = (holder.__porticoBackchannel ??= createBackchannelDispatcher({ deps: getDeps() }));
  backchannel.kick();
  holder.__porticoExpirySweeper ??= startExpirySweeper(getDeps(), { onQueued: () => backchannel.kick() });
  void holder.__porticoExpirySweeper.run();
}
