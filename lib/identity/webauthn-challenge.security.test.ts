import { describe, expect, it } from "vitest";
import { testScenario } from "../../tests/scenario";
import { generateToken } from "../security/tokens";
import { consumeChallenge, storeChallenge } from "./webauthn-challenge";
import { challengeFromClientData } from "./webauthn-rp";

const t = testScenario();

const challenge = () => generateToken();

type TUse = Partial<Pick<Parameters<typeof consumeChallenge>[1], "tenantId" | "purpose" | "binding">>;

/** Stores a challenge for acme, bound to `binding` (for authentication, no user, unless `use` says otherwise). */
const store = (c: string, binding: string, use: { purpose?: "registration"; userId?: string } = {}) =>
  storeChallenge(t.db.store, {
    tenantId: t.acme.id,
    purpose: use.purpose ?? "authentication",
    challenge: c,
    binding,
    userId: use.userId ?? null,
    now: t.clock.now(),
  });

/** Consumes a challenge at acme for authentication with `binding`, unless `use` says otherwise. */
const consume = (c: string, binding: string, use: TUse = {}) =>
  consumeChallenge(t.db.store, {
    tenantId: t.acme.id,
    purpose: "authentication",
    challenge: c,
    binding,
    ...use,
    now: t.clock.now(),
  });

describe("WebAuthn challenges", () => {
  it("are consumed once", async () => {
    const c = challenge();
    const binding = generateToken();
    await store(c, binding);
    expect(await consume(c, binding)).toEqual({ userId: null });
    expect(await consume(c, binding)).toBeNull();
  });

  it("expire after 5 minutes", async () => {
    const [a, b] = [challenge(), challenge()];
    const binding = generateToken();
    for (const c of [a, b]) await store(c, binding);
    t.clock.advance(5 * 60_000 - 1);
    expect(await consume(a, binding)).not.toBeNull();
    t.clock.advance(1);
    expect(await consume(b, binding)).toBeNull();
  });

  it("are useless from another browser, another tenant or for another purpose — and are not burnt by such a try", async () => {
    const c = challenge();
    const binding = generateToken();
    await store(c, binding, { purpose: "registration", userId: "u1" });
    expect(await consume(c, binding, { purpose: "registration", binding: generateToken() })).toBeNull();
    expect(await consume(c, binding, { purpose: "registration", binding: undefined })).toBeNull();
    expect(await consume(c, binding, { tenantId: t.globex.id, purpose: "registration" })).toBeNull();
    expect(await consume(c, binding)).toBeNull();
    expect(await consume(c, binding, { purpose: "registration" })).toEqual({ userId: "u1" });
  });

  it("two concurrent uses of one challenge: exactly one succeeds", async () => {
    const c = challenge();
    const binding = generateToken();
    await store(c, binding);
    const results = await Promise.all(Array.from({ length: 5 }, () => consume(c, binding)));
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
