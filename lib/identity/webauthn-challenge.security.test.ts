import { describe, expect, it } from "vitest";
import { testScenario } from "../../tests/scenario";
import { generateToken } from "../security/tokens";
import { consumeChallenge, storeChallenge } from "./webauthn-challenge";
import { challengeFromClientData } from "./webauthn-rp";

const t = testScenario();

const challenge = () => generateToken();

describe("WebAuthn challenges", () => {
  it("are consumed once", async () => {
    const c = challenge();
    const binding = generateToken();
    await storeChallenge(t.db.store, {
      tenantId: t.acme.id,
      purpose: "authentication",
      challenge: c,
      binding,
      userId: null,
      now: t.clock.now(),
    });
    expect(
      await consumeChallenge(t.db.store, {
        tenantId: t.acme.id,
        purpose: "authentication",
        challenge: c,
        binding,
        now: t.clock.now(),
      }),
    ).toEqual({ userId: null });
    expect(
      await consumeChallenge(t.db.store, {
        tenantId: t.acme.id,
        purpose: "authentication",
        challenge: c,
        binding,
        now: t.clock.now(),
      }),
    ).toBeNull();
  });

  it("expire after 5 minutes", async () => {
    const [a, b] = [challenge(), challenge()];
    const binding = generateToken();
    for (const c of [a, b])
      await storeChallenge(t.db.store, {
        tenantId: t.acme.id,
        purpose: "authentication",
        challenge: c,
        binding,
        userId: null,
        now: t.clock.now(),
      });
    t.clock.advance(5 * 60_000 - 1);
    expect(
      await consumeChallenge(t.db.store, {
        tenantId: t.acme.id,
        purpose: "authentication",
        challenge: a,
        binding,
        now: t.clock.now(),
      }),
    ).not.toBeNull();
    t.clock.advance(1);
    expect(
      await consumeChallenge(t.db.store, {
        tenantId: t.acme.id,
        purpose: "authentication",
        challenge: b,
        binding,
        now: t.clock.now(),
      }),
    ).toBeNull();
  });

  it("are useless from another browser, another tenant or for another purpose — and are not burnt by such a try", async () => {
    const c = challenge();
    const binding = generateToken();
    await storeChallenge(t.db.store, {
      tenantId: t.acme.id,
      purpose: "registration",
      challenge: c,
      binding,
      userId: "u1",
      now: t.clock.now(),
    });
    expect(
      await consumeChallenge(t.db.store, {
        tenantId: t.acme.id,
        purpose: "registration",
        challenge: c,
        binding: generateToken(),
        now: t.clock.now(),
      }),
    ).toBeNull();
    expect(
      await consumeChallenge(t.db.store, {
        tenantId: t.acme.id,
        purpose: "registration",
        challenge: c,
        binding: undefined,
        now: t.clock.now(),
      }),
    ).toBeNull();
    expect(
      await consumeChallenge(t.db.store, {
        tenantId: t.globex.id,
        purpose: "registration",
        challenge: c,
        binding,
        now: t.clock.now(),
      }),
    ).toBeNull();
    expect(
      await consumeChallenge(t.db.store, {
        tenantId: t.acme.id,
        purpose: "authentication",
        challenge: c,
        binding,
        now: t.clock.now(),
      }),
    ).toBeNull();
    expect(
      await consumeChallenge(t.db.store, {
        tenantId: t.acme.id,
        purpose: "registration",
        challenge: c,
        binding,
        now: t.clock.now(),
      }),
    ).toEqual({ userId: "u1" });
  });

  it("two concurrent uses of one challenge: exactly one succeeds", async () => {
    const c = challenge();
    const binding = generateToken();
    await storeChallenge(t.db.store, {
      tenantId: t.acme.id,
      purpose: "authentication",
      challenge: c,
      binding,
      userId: null,
      now: t.clock.now(),
    });
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        consumeChallenge(t.db.store, {
          tenantId: t.acme.id,
          purpose: "authentication",
          challenge: c,
          binding,
          now: t.clock.now(),
        }),
      ),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });

  it("reads the signed challenge from clientDataJSON and rejects junk", () => {
    const c = challenge();
    const clientData = Buffer.from(
      JSON.stringify({ type: "webauthn.get", challenge: c, origin: "https://portal.example.test" }),
    ).toString("base64url");
    expect(challengeFromClientData(clientData)).toBe(c);
    expect(challengeFromClientData("not base64 json")).toBeNull();
    expect(challengeFromClientData(42)).toBeNull();
  });
});
