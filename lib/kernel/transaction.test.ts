// withTransaction: the use case's deps bound to one transaction, and work deferred until it commits.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestContext, pendingMessage, type TTestContext } from "../../tests/support/test-db";
import { withTransaction } from "./transaction";

let t: TTestContext;
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(async () => {
  await t.db.close();
});

describe("withTransaction", () => {
  it("txDeps.store writes in the transaction: a rollback undoes them and returns its value", async () => {
    const now = t.clock.now();
    const result = await withTransaction<"done" | "lost">(t.deps, async (txDeps, rollback) => {
      await txDeps.store.users.create({ tenantId: t.acme.id, email: "bound@example.com", displayName: null, at: now });
      // Read back through the same deps: the uncommitted row is visible inside the transaction.
      expect(await txDeps.store.users.findByEmail(t.acme.id, "bound@example.com")).not.toBeNull();
      rollback("lost");
      return "done";
    });
    expect(result).toBe("lost");
    expect(await t.db.store.users.findByEmail(t.acme.id, "bound@example.com")).toBeNull();
  });

  it("afterCommit runs once the work has committed, once per function, and never after a rollback or failure", async () => {
    const heard: string[] = [];
    const note = () => heard.push("note");
    await withTransaction(t.deps, async (txDeps) => {
      txDeps.afterCommit(note);
      txDeps.afterCommit(note);
      txDeps.afterCommit(() => heard.push("other"));
      expect(heard).toEqual([]);
    });
    expect(heard).toEqual(["note", "other"]);
    await withTransaction<string>(t.deps, async (txDeps, rollback) => {
      txDeps.afterCommit(note);
      return rollback("lost");
    });
    await expect(
      withTransaction(t.deps, async (txDeps) => {
        txDeps.afterCommit(note);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(heard).toEqual(["note", "other"]);
  });

  it("mail queued through txDeps tells the dispatcher after the commit", async () => {
    const heard: string[] = [];
    const stop = t.db.store.onMailQueued(() => heard.push("queued"));
    const message = pendingMessage(t.acme.id, t.clock.now());
    await withTransaction(t.deps, async (txDeps) => {
      await txDeps.store.mail.enqueue(message);
      await txDeps.store.mail.enqueue(message);
      expect(heard).toEqual([]);
    });
    stop();
    expect(heard).toEqual(["queued"]);
  });

  it("refuses a second transaction opened through the bound deps (it would wait on this one's locks)", async () => {
    await expect(withTransaction(t.deps, (txDeps) => txDeps.store.transaction(async () => "inner"))).rejects.toThrow(
      /already inside a transaction/,
    );
  });
});
