// The life of a recovery request (delayed: the user lost every second factor; assisted: started
// by support). It only ever moves forward, and every move is a conditional UPDATE in lib/db, so a
// request that was cancelled or completed can never be completed (again):
//
//   waiting ──(availableAt passes)──▶ ready ──(reset with a new password)──▶ completed
//      │                                │
//      └──────────(cancel: mailed link, account page, or a factor-verified reset)──▶ cancelled
//
// "ready" is not stored: it is "waiting" whose wait is over, so no job has to flip it.
import type { TRecoveryRequest } from "../db/store";

export type TRecoveryState = "waiting" | "ready" | "completed" | "cancelled";

export function recoveryState(request: Pick<TRecoveryRequest, "status" | "availableAt">, now: Date): TRecoveryState {
  if (request.status === "completed") return "completed";
  if (request.status === "cancelled") return "cancelled";
  return request.availableAt.getTime() <= now.getTime() ? "ready" : "waiting";
}

/** Still open: it can be cancelled (waiting or ready). */
export function isOpen(state: TRecoveryState): boolean {
  return state === "waiting" || state === "ready";
}

/** The moment a request started now becomes usable, from the tenant's wait. */
export function recoveryAvailableAt(now: Date, waitHours: number): Date {
  return new Date(now.getTime() + Math.max(1, waitHours) * 3_600_000);
}
