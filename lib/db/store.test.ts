// Repository integration tests: run on SQLite by default and on PostgreSQL with TEST_DATABASE_URL.
import { describe, expect, it } from "vitest";
import { testScenario } from "../../tests/scenario";
import { pendingMessage } from "../../tests/support/test-db";

const t = testScenario();

describe("rate limit counters", () => {
  it("count atomically under concurrency: 25 parallel hits give 25 distinct counts", async () => {
    const now = Date.now();
    const counts = await Promise.all(
      Array.from({ length: 25 }, () => t.db.store.rateLimits.hit("k:parallel", now, 60_000)),
    );
    expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it("restart a fixed window once it has ended", async () => {
    const now = Date.now();
    await t.db.store.rateLimits.hit("k:fixed", now, 1000);
    expect((await t.db.store.rateLimits.hit("k:fixed", now + 500, 1000)).count).toBe(2);
    const restarted = await t.db.store.rateLimits.hit("k:fixed", now + 1000, 1000);
    expect(restarted).toEqual({ count: 1, windowStartMs: now + 1000, windowEndMs: now + 2000 });
  });

  it("slide a sliding window with every hit and forget it after a quiet window", async () => {
    const now = Date.now();
    await t.db.store.rateLimits.hit("k:slide", now, 1000, "sliding");
    const second = await t.db.store.rateLimits.hit("k:slide", now + 900, 1000, "sliding");
    expect(second).toEqual({ count: 2, windowStartMs: now + 900, windowEndMs: now + 1900 });
    expect(await t.db.store.rateLimits.get("k:slide", now + 1899)).not.toBeNull();
    expect(await t.db.store.rateLimits.get("k:slide", now + 1900)).toBeNull();
    expect((await t.db.store.rateLimits.hit("k:slide", now + 1900, 1000, "sliding")).count).toBe(1);
  });
});

describe("tenant scoping", () => {
  it("finds users, passwords and sessions only within their tenant", async () => {
    const now = t.clock.now();
    const user = await t.db.store.users.create({
      tenantId: t.acme.id,
      email: "scoped@example.com",
      displayName: null,
      at: now,
    });
    await t.db.store.passwords.set(t.acme.id, user.id, "$argon2id$placeholder", now);
    const session = await t.db.store.sessions.create({
      tenantId: t.acme.id,
      userId: user.id,
      tokenHash: "a".repeat(64),
      createdAt: now,
      idleExpiresAt: null,
      absoluteExpiresAt: new Date(now.getTime() + 60_000),
      ip: null,
      userAgent: null,
      aal: 1,
      amr: ["pwd"],
      methodTimes: { pwd: now.toISOString() },
      stage: "complete",
      authTime: now,
    });
    expect(await t.db.store.users.findById(t.globex.id, user.id)).toBeNull();
    expect(await t.db.store.users.findByEmail(t.globex.id, "scoped@example.com")).toBeNull();
    expect(await t.db.store.passwords.findByUserId(t.globex.id, user.id)).toBeNull();
    expect(await t.db.store.sessions.findByTokenHash(t.globex.id, "a".repeat(64))).toBeNull();
    expect(await t.db.store.sessions.revoke(t.globex.id, user.id, session.id, "test", now)).toBe(false);
    expect(await t.db.store.sessions.revokeAllForUser(t.globex.id, user.id, "test", now)).toBe(0);
    expect(await t.db.store.users.updateProfile(t.globex.id, user.id, { displayName: "x" })).toBe(false);
    expect(await t.db.store.sessions.findByTokenHash(t.acme.id, "a".repeat(64))).toMatchObject({
      id: session.id,
      revokedAt: null,
    });
  });

  it("keeps one account per tenant and address, enforced by the database", async () => {
    const now = t.clock.now();
    await t.db.store.users.create({ tenantId: t.acme.id, email: "one@example.com", displayName: null, at: now });
    await expect(
      t.db.store.users.create({ tenantId: t.acme.id, email: "one@example.com", displayName: null, at: now }),
    ).rejects.toMatchObject({ code: "P2002" });
    await expect(
      t.db.store.users.create({ tenantId: t.globex.id, email: "one@example.com", displayName: null, at: now }),
    ).resolves.toBeTruthy();
  });
});

describe("transactions", () => {
  it("roll back every write when the work fails", async () => {
    const now = t.clock.now();
    await expect(
      t.db.store.transaction(async (tx) => {
        await tx.users.create({ tenantId: t.acme.id, email: "rollback@example.com", displayName: null, at: now });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await t.db.store.users.findByEmail(t.acme.id, "rollback@example.com")).toBeNull();
  });
});

describe("transactions that roll back on purpose", () => {
  it("rollback(value) undoes every write made so far and makes the transaction return value", async () => {
    const now = t.clock.now();
    const heard: string[] = [];
    const stop = t.db.store.onMailQueued(() => heard.push("queued"));
    const result = await t.db.store.transaction<"done" | "lost">(async (tx, rollback) => {
      await tx.users.create({ tenantId: t.acme.id, email: "rolled-back@example.com", displayName: null, at: now });
      await tx.mail.enqueue({
        tenantId: t.acme.id,
        to: "rolled-back@example.com",
        subject: "s",
        text: "t",
        html: "h",
        status: "pending",
        at: now,
      });
      rollback("lost");
      return "done";
    });
    stop();
    expect(result).toBe("lost");
    expect(await t.db.store.users.findByEmail(t.acme.id, "rolled-back@example.com")).toBeNull();
    expect(heard).toEqual([]);
  });

  it("an error that is not a rollback still fails the transaction", async () => {
    await expect(t.db.store.transaction<string>(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  });
});

describe("mail outbox", () => {
  it("tells its listeners of queued mail: at once outside a transaction, after the commit inside one, never for a rollback", async () => {
    const now = t.clock.now();
    const message = pendingMessage(t.acme.id, now);
    const heard: string[] = [];
    const stop = t.db.store.onMailQueued(() => heard.push("queued"));
    await t.db.store.mail.enqueue(message);
    expect(heard).toEqual(["queued"]);
    await t.db.store.transaction(async (tx) => {
      await tx.mail.enqueue(message);
      await tx.mail.enqueue(message);
      // Not yet: the dispatcher would look for rows that are not committed.
      expect(heard).toEqual(["queued"]);
    });
    expect(heard).toEqual(["queued", "queued"]);
    await expect(
      t.db.store.transaction(async (tx) => {
        await tx.mail.enqueue(message);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await t.db.store.transaction(async (tx) => {
      await tx.users.findByEmail(t.acme.id, "nobody@example.com");
    });
    expect(heard).toEqual(["queued", "queued"]);
    stop();
    await t.db.store.mail.enqueue(message);
    expect(heard).toHaveLength(2);
  });

  it("hands each due message to exactly one of two concurrent claimers", async () => {
    const now = t.clock.now();
    for (let i = 0; i < 6; i++) {
      await t.db.store.mail.enqueue({
        tenantId: t.acme.id,
        to: `m${i}@example.com`,
        subject: "s",
        text: "t",
        html: "h",
        status: "pending",
        at: now,
      });
    }
    const [a, b] = await Promise.all([t.db.store.mail.claimDue(now, 10), t.db.store.mail.claimDue(now, 10)]);
    const ids = [...a, ...b].map((m) => m.id);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });
});
