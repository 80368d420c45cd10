import { describe, expect, it } from "vitest";
import { isDatabaseUnavailableNoted, noteDatabaseFailure, withRequestNote } from "./availability";
import { createPrismaClient } from "./client";
import { createStore } from "./store";

describe("request notes of an unreachable database", () => {
  it("notes connection failures on the current request only, and ignores other errors", () => {
    let inside = false;
    const failed = withRequestNote(() => {
      noteDatabaseFailure(new Error("boom: a bug, not the database"));
      expect(isDatabaseUnavailableNoted()).toBe(false);
      noteDatabaseFailure(Object.assign(new Error("Can't reach database server"), { code: "P1001" }));
      inside = isDatabaseUnavailableNoted();
    });
    expect(inside).toBe(true);
    expect(failed.databaseUnavailable).toBe(true);
    expect(withRequestNote(() => undefined).databaseUnavailable).toBe(false);
    // Outside any request nothing is noted and nothing throws.
    noteDatabaseFailure(Object.assign(new Error("x"), { code: "P1001" }));
    expect(isDatabaseUnavailableNoted()).toBe(false);
  });

  it("a query and a transaction against a PostgreSQL server that does not answer are noted on the request", async () => {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    const store = createStore(createPrismaClient("postgresql://nobody@127.0.0.1:9/none"));
    try {
      const notes = await Promise.all(
        [() => store.tenants.findBySlug("acme"), () => store.transaction((tx) => tx.tenants.findBySlug("acme"))].map(
          (work) =>
            new Promise<boolean>((resolve) => {
              const note = withRequestNote(() => {
                work().then(
                  () => resolve(false),
                  () => resolve(note.databaseUnavailable),
                );
              });
            }),
        ),
      );
      expect(notes).toEqual([true, true]);
    } finally {
      await store.disconnect();
    }
  });
});
