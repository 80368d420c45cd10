// Equal work for the paths that must not be told apart (ASVS V6.3.8). A flow such as sign-up or
// forgot-password writes different rows depending on whether the address has an account; timing
// then tells which (measured: +2 to +5 ms). So each path runs the union of the flow's writes: its
// own in a transaction that commits, the other path's in one that is rolled back. Both paths then
// make the same statements, render the same mail and end one transaction each way.
import { randomUUID } from "node:crypto";
import type { TRepositories } from "../db/store";
import type { TDeps } from "../kernel/deps";
import { withTransaction, type TTxDeps } from "../kernel/transaction";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "./types";

/**
 * Runs `work` in a transaction that never commits. A failure inside is swallowed too: this is
 * padding for a decision already taken, and it must not turn into an answer of its own (a 500 only
 * for existing addresses would be the very signal it hides).
 */
export async function runDiscarded(deps: TDeps, work: (txDeps: TTxDeps) => Promise<unknown>): Promise<void> {
  try {
    await withTransaction<void>(deps, async (txDeps, rollback) => {
      await work(txDeps);
      rollback(undefined);
    });
  } catch {
    // The padding failed: rolled back as well, so nothing of it persists either way.
  }
}

/** An account that exists only inside a discarded transaction, so the other path's writes have a row to refer to. */
export function createPlaceholderUser(tx: TRepositories, tenant: TTenant, at: Date): Promise<TUser> {
  return tx.users.create({ tenantId: tenant.id, email: `${randomUUID()}@placeholder.invalid`, displayName: null, at });
}
