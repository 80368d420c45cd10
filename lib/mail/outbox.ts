// The local outbox (mail kept instead of sent when no SMTP server is configured), as the dev pages show it.
import type { TDeps } from "../kernel/deps";

const OUTBOX_PAGE = 100;

/** The newest mail first. */
export function listOutbox(deps: Pick<TDeps, "store">) {
  return deps.store.mail.listOutbox(OUTBOX_PAGE);
}

/** One message by its id (a UUID; anything else finds nothing). */
export async function findOutboxMessage(deps: Pick<TDeps, "store">, id: string) {
  return /^[0-9a-f-]{36}$/.test(id) ? deps.store.mail.findOutboxMessage(id) : null;
}
