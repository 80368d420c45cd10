import { errors } from "oidc-provider";
import { describe, expect, it } from "vitest";
import { testScenario } from "../../tests/scenario";
import { stateAdapter } from "./adapter";
import { createStateSweeper } from "./sweep";

const t = testScenario();
const inAMinute = 60;

describe("the provider's state in the database", () => {
  it("consumes a code once: of two concurrent consumes exactly one succeeds, the other is a replay that revokes the grant", async () => {
    const codes = stateAdapter(t.deps.store, t.acme.id, "AuthorizationCode");
    const tokens = stateAdapter(t.deps.store, t.acme.id, "AccessToken");
    const grants = stateAdapter(t.deps.store, t.acme.id, "Grant");
    await grants.upsert("grant-1", { jti: "grant-1", accountId: "user-1" }, inAMinute);
    await codes.upsert("code-1", { jti: "code-1", grantId: "grant-1", kind: "AuthorizationCode" }, inAMinute);
    await tokens.upsert("token-1", { jti: "token-1", grantId: "grant-1", kind: "AccessToken" }, inAMinute);

    const results = await Promise.allSettled([codes.consume("code-1"), codes.consume("code-1")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect(refused?.status === "rejected" && refused.reason).toBeInstanceOf(errors.InvalidGrant);
    // The replay revoked everything the grant had issued, and the grant itself.
    expect(await tokens.find("token-1")).toBeUndefined();
    expect(await grants.find("grant-1")).toBeUndefined();
  });

  it("marks a consumed value, so the provider sees `consumed` on the next read", async () => {
    const tokens = stateAdapter(t.deps.store, t.acme.id, "RefreshToken");
    await tokens.upsert("rt-1", { jti: "rt-1", grantId: "g" }, inAMinute);
    expect((await tokens.find("rt-1"))?.consumed).toBeUndefined();
    await tokens.consume("rt-1");
    expect(typeof (await tokens.find("rt-1"))?.consumed).toBe("number");
    await expect(tokens.consume("rt-1")).rejects.toBeInstanceOf(errors.InvalidGrant);
  });

  it("keeps each tenant's values apart: globex's adapter never finds acme's session, code or uid", async () => {
    const acme = stateAdapter(t.deps.store, t.acme.id, "Session");
    const globex = stateAdapter(t.deps.store, t.globex.id, "Session");
    await acme.upsert("s-1", { jti: "s-1", uid: "uid-1", accountId: "a" }, inAMinute);
    expect(await acme.findByUid("uid-1")).toMatchObject({ accountId: "a" });
    expect(await globex.find("s-1")).toBeUndefined();
    expect(await globex.findByUid("uid-1")).toBeUndefined();
    await globex.destroy("s-1");
    expect(await acme.find("s-1")).toBeDefined();
  });

  it("does not return an expired value, and the sweep removes only expired rows", async () => {
    const now = Date.now();
    const clock = { at: now };
    const codes = stateAdapter(t.deps.store, t.acme.id, "AuthorizationCode", () => new Date(clock.at));
    await codes.upsert("short", { jti: "short" }, 10);
    await codes.upsert("long", { jti: "long" }, 3600);
    await codes.upsert("forever", { jti: "forever" });
    clock.at = now + 11_000;
    expect(await codes.find("short")).toBeUndefined();
    expect(await codes.find("long")).toBeDefined();
    expect(await t.deps.store.oidcState.sweepExpired(new Date(clock.at))).toBe(1);
    expect(await codes.find("long")).toBeDefined();
    expect(await codes.find("forever")).toBeDefined();
  });

  it("revokes by grant only the values of that grant", async () => {
    const tokens = stateAdapter(t.deps.store, t.acme.id, "AccessToken");
    await tokens.upsert("a", { jti: "a", grantId: "g1" }, inAMinute);
    await tokens.upsert("b", { jti: "b", grantId: "g2" }, inAMinute);
    await tokens.revokeByGrantId("g1");
    expect(await tokens.find("a")).toBeUndefined();
    expect(await tokens.find("b")).toBeDefined();
  });
});

describe("the sweep of expired provider state", () => {
  it("runs at most once per interval, and removes the expired rows when it runs", async () => {
    const clock = { at: Date.now() };
    const codes = stateAdapter(t.deps.store, t.acme.id, "AuthorizationCode", () => new Date(clock.at));
    await codes.upsert("old", { jti: "old" }, 1);
    clock.at += 2_000;
    const sweep = createStateSweeper(t.deps.store, { intervalMs: 60_000, now: () => new Date(clock.at) });
    expect(await sweep()).toBe(1);
    await codes.upsert("older", { jti: "older" }, 1);
    clock.at += 2_000;
    expect(await sweep()).toBe(0);
    clock.at += 60_000;
    expect(await sweep()).toBe(1);
  });
});
