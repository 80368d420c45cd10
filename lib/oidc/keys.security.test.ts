import { createPublicKey, createSign, createVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { testScenario } from "../../tests/scenario";
import { keyContext, signingKeysFor } from "./keys";

const t = testScenario();

describe("the providers' signing keys", () => {
  it("creates one RS256 and one ES256 key per tenant once, and the same keys come back", async () => {
    const first = await signingKeysFor(t.deps, t.acme.id);
    expect(first.map((key) => key.alg).sort()).toEqual(["ES256", "RS256"]);
    const again = await signingKeysFor(t.deps, t.acme.id);
    expect(again.map((key) => key.kid).sort()).toEqual(first.map((key) => key.kid).sort());
    const globex = await signingKeysFor(t.deps, t.globex.id);
    expect(globex.map((key) => key.kid)).not.toEqual(expect.arrayContaining(first.map((key) => key.kid)));
  });

  it("stores the private key sealed: the row holds no key material, and it opens only in its own context", async () => {
    const [rsa] = (await signingKeysFor(t.deps, t.acme.id)).filter((key) => key.alg === "RS256");
    const [row] = (await t.deps.store.oidcSigningKeys.list(t.acme.id)).filter((key) => key.alg === "RS256");
    if (!rsa || !row || typeof rsa.d !== "string") throw new Error("no RS256 key");
    expect(row.sealedJwk).not.toContain(rsa.d);
    expect(row.sealedJwk).not.toContain(String(rsa.n));
    expect(() => t.deps.secrets.open(row.sealedJwk, keyContext(t.globex.id, row.kid))).toThrow();
    expect(JSON.parse(t.deps.secrets.open(row.sealedJwk, keyContext(t.acme.id, row.kid)))).toMatchObject({ d: rsa.d });
  });

  it("signs with the private key what its published public part verifies", async () => {
    for (const key of await signingKeysFor(t.deps, t.acme.id)) {
      const { d: _secret, ...publicJwk } = key;
      expect(_secret).toBeTypeOf("string");
      const signature = createSign("sha256").update("payload").sign({ key, format: "jwk" });
      const verified = createVerify("sha256")
        .update("payload")
        .verify(createPublicKey({ key: publicJwk, format: "jwk" }), signature);
      expect(verified).toBe(true);
    }
  });
});
