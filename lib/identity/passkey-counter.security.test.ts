import { describe, expect, it } from "vitest";
import { signInWithPasskey } from "../../tests/support/passkey-helpers";
import { auditTypes } from "../../tests/support/test-db";
import { testScenario } from "../../tests/scenario";

const t = testScenario();

const storedCounter = async (userId: string) => (await t.db.store.passkeys.listForUser(t.acme.id, userId))[0]!.counter;

describe("passkey signature counter (WebAuthn §6.1.1)", () => {
  it("a cloned authenticator whose counter goes backwards is refused and audited; the stored counter does not move", async () => {
    const auth = await t.withPasskey("cloned@example.com");
    const original = auth.authenticator;
    const clone = original.clone(); // same key, counter 0
    for (let i = 0; i < 3; i++) expect((await signInWithPasskey(t, t.acme, original)).result.ok).toBe(true);
    expect(await storedCounter(auth.user.id)).toBe(3);

    const { result } = await signInWithPasskey(t, t.acme, clone); // reports 1
    expect(result).toMatchObject({ ok: false, code: "CEREMONY_FAILED" });
    expect(await storedCounter(auth.user.id)).toBe(3);
    const events = await t.db.store.audit.list(t.acme.id, { userId: auth.user.id, limit: 100 });
    const regressed = events.find((e) => e.type === "passkey.counter_regressed");
    expect(regressed && regressed.data).toMatchObject({ storedCounter: 3, receivedCounter: 1 });
    expect(
      (await t.db.store.sessions.listActive(t.acme.id, auth.user.id, t.clock.now())).filter((s) => s.aal > 1),
    ).toHaveLength(3);
  });

  it("a counter equal to the stored one is refused too (it must increase)", async () => {
    const auth = await t.withPasskey("equal@example.com");
    const key = auth.authenticator;
    expect((await signInWithPasskey(t, t.acme, key)).result.ok).toBe(true);
    key.setCounter(0); // the next assertion reports 1 again
    expect((await signInWithPasskey(t, t.acme, key)).result).toMatchObject({ ok: false, code: "CEREMONY_FAILED" });
    expect(await auditTypes(t.db.store, t.acme.id, auth.user.id)).toContain("passkey.counter_regressed");
    key.setCounter(41);
    expect((await signInWithPasskey(t, t.acme, key)).result.ok).toBe(true);
    expect(await storedCounter(auth.user.id)).toBe(42);
  });

  it("an authenticator that always reports 0 is accepted every time (no counter support is allowed by the spec)", async () => {
    const auth = await t.withPasskey("zero@example.com", {
      authenticator: t.authenticator({ counter: "zero", backupEligible: true }),
    });
    const key = auth.authenticator;
    for (let i = 0; i < 3; i++) expect((await signInWithPasskey(t, t.acme, key)).result.ok).toBe(true);
    expect(await storedCounter(auth.user.id)).toBe(0);
    expect(await auditTypes(t.db.store, t.acme.id, auth.user.id)).not.toContain("passkey.counter_regressed");
  });

  it("once a credential has counted, a 0 is a regression", async () => {
    const auth = await t.withPasskey("then-zero@example.com");
    const key = auth.authenticator;
    expect((await signInWithPasskey(t, t.acme, key)).result.ok).toBe(true);
    const zero = key.clone({ counter: "zero" });
    expect((await signInWithPasskey(t, t.acme, zero)).result).toMatchObject({ ok: false, code: "CEREMONY_FAILED" });
    expect(await auditTypes(t.db.store, t.acme.id, auth.user.id)).toContain("passkey.counter_regressed");
  });
});
