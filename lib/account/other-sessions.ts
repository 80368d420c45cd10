// A change to how an account signs in can end the user's other sessions (the form's "sign out my
// other devices"): every session but the one making the change.
import type { TDeps } from "../kernel/deps";
import type { TSession } from "../sessions/types";
import type { TTenant } from "../tenancy/types";
import { endAppSessions } from "../sessions/app-sessions";

/** Ends the user's other sessions through `txDeps` when `wanted` (revoked `at`); returns how many ended. */
export async function endOtherSessions(
  txDeps: TDeps,
  tenant: TTenant,
  auth: { session: TSession; user: { id: string } },
  wanted: boolean | undefined,
  reason: "factor_added" | "factor_removed",
  at: Date,
): Promise<number> {
  if (!wanted) return 0;
  const ended = await txDeps.store.sessions.revokeAllForUser(tenant.id, auth.user.id, reason, at, auth.session.id);
  await endAppSessions(txDeps.store, tenant, auth.user.id, at);
  return ended;
}
