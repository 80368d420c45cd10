// Use cases that change data run in one transaction and get the same TDeps they always have, bound
// to it: `txDeps.store` is the transaction's repositories, so helpers that take deps read and
// write inside the transaction without being handed `tx` beside `deps`.
import type { TAfterCommit, TRepositories, TStore } from "../db/store";
import type { TDeps } from "./deps";

export type TTxDeps = TDeps & {
  /** Runs `fn` once the transaction has committed; never when it rolls back. */
  afterCommit: TAfterCommit;
};

/**
 * `deps` with its store's repositories replaced by those of the transaction `tx`, for a helper
 * that takes deps and is called inside a transaction it did not open.
 */
export function depsInTransaction(deps: TDeps, tx: TRepositories): TDeps {
  const store: TStore = {
    ...deps.store,
    ...tx,
    // One transaction at a time: a nested one would wait on the row locks this one holds.
    transaction: () => Promise.reject(new Error("already inside a transaction: use the deps bound to it")),
  };
  return { ...deps, store };
}

/**
 * Runs `work` in one database transaction (see `TStore.transaction`): every write through
 * `txDeps.store` commits together or not at all, `rollback(value)` undoes them and returns `value`,
 * and `txDeps.afterCommit(fn)` runs `fn` after the commit.
 */
export function withTransaction<T>(
  deps: TDeps,
  work: (txDeps: TTxDeps, rollback: (value: T) => never) => Promise<T>,
): Promise<T> {
  return deps.store.transaction<T>((tx, rollback, afterCommit) =>
    work({ ...depsInTransaction(deps, tx), afterCommit }, rollback),
  );
}
