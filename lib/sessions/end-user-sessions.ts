// Ending every session of one account on someone else's word (support, the console, an
// organisation's administrator): the Portico sessions, then the app sessions they signed in, with
// the apps told by back-channel logout. Called inside the transaction that records why.
import type { TRepositories } from "../db/store";
import type { TTenant } from "../tenancy/types";
import { endAppSessions } from "./app-sessions";

type TEndStore = Pick<TRepositories, "sessions" | "oidcSessionLinks" | "oidcState" | "oidcClients" | "oidcLogouts">;

/** Ends every session of `userId` (`reason` is stored on each); returns how many Portico sessions ended. */
export async function endEverySessionOf(
  tx: TEndStore,
  tenant: TTenant,
  userId: string,
  reason: string,
  now: Date,
): Promise<number> {
  const count = await tx.sessions.revokeAllForUser(tenant.id, userId, reason, now);
  await endAppSessions(tx, tenant, userId, now);
  return count;
}
