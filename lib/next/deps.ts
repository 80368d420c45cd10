import "server-only";
import { getConfig } from "../config/env";
import { createPrismaClient } from "../db/client";
import { createStore, type TStore } from "../db/store";
import type { TDeps } from "../kernel/deps";
import { createMailDispatcher, type TMailDispatcher } from "../mail/dispatcher";
import { createSecretBox, type TSecretBox } from "../security/secret-box";

type TRuntime = { store: TStore; dispatcher: TMailDispatcher | null; secrets: TSecretBox };

// One store (connection pool) and one mail dispatcher per server process, kept on globalThis so
// that development hot reloads do not open new pools.
const holder = globalThis as typeof globalThis & { __porticoRuntime?: TRuntime };

function runtime(): TRuntime {
  if (!holder.__porticoRuntime) {
    const config = getConfig();
    const store = createStore(createPrismaClient(config.databaseUrl));
    const dispatcher = config.smtpUrl ? createMailDispatcher({ store, smtpUrl: config.smtpUrl, from: config.mailFrom }) : null;
    holder.__porticoRuntime = { store, dispatcher, secrets: createSecretBox(config.encryptionKey()) };
  }
  return holder.__porticoRuntime;
}

export function getDeps(): TDeps {
  const config = getConfig();
  const { store, dispatcher, secrets } = runtime();
  return {
    store,
    now: () => new Date(),
    baseUrl: config.baseUrl,
    mailMode: config.smtpUrl ? "smtp" : "outbox",
    secrets,
    onMailQueued: () => dispatcher?.kick(),
  };
}

/** Starts background work (mail delivery) at server start. */
export function startRuntime() {
  runtime().dispatcher?.kick();
}
