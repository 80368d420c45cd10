import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createPublicKey, verify, type JsonWebKey } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type Provider from "oidc-provider";
import { okValue, testScenario } from "../../tests/scenario";
import { createOidcClient } from "./clients";
import { rotateSigningKeys, signingKeysFor } from "./keys";
import { RETIRED_KEY_WINDOW_SECONDS } from "./lifetimes";
import { providerFor, type TOidcHooks } from "./provider";

const t = testScenario();
const META = { ip: null, userAgent: "test" };
const hooks: TOidcHooks = { porticoSession: () => Promise.resolve(null), cookieSecret: Buffer.alloc(32, 7) };
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

type TJwks = { keys: Array<JsonWebKey & { kid: string; alg: string; key_ops?: string[] }> };

/** The provider's JWKS as an app fetches it: over HTTP from the provider's own endpoint. */
async function jwksOf(provider: Provider): Promise<TJwks> {
  const server = createServer(provider.callback());
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/jwks`);
  expect(response.status).toBe(200);
  return (await response.json()) as TJwks;
}

/** An ID token the provider signs for `clientId`, as it does at the token endpoint. */
async function idTokenFrom(provider: Provider, clientId: string): Promise<string> {
  const client = await provider.Client.find(clientId);
  if (!client) throw new Error("no client");
  const token = new provider.IdToken({ sub: "user-1" }, { client });
  Object.assign(token, { scope: "openid" });
  return token.issue({ use: "idtoken" });
}

function headerOf(jwt: string): { kid: string; alg: string } {
  return JSON.parse(Buffer.from(jwt.split(".")[0] ?? "", "base64url").toString()) as { kid: string; alg: string };
}

/** Verifies a JWS with the key of the JWKS its header names, as a relying app does. */
function verifiesAgainst(jwks: TJwks, jwt: string): boolean {
  const [header, payload, signature] = jwt.split(".");
  const jwk = jwks.keys.find((key) => key.kid === headerOf(jwt).kid);
  if (!jwk || !header || !payload || !signature) return false;
  const { key_ops: _ops, ...publicJwk } = jwk;
  const key = createPublicKey({ key: publicJwk, format: "jwk" });
  return verify(
    "sha256",
    Buffer.from(`${header}.${payload}`),
    jwk.kty === "EC" ? { key, dsaEncoding: "ieee-p1363" } : key,
    Buffer.from(signature, "base64url"),
  );
}

async function registerApp() {
  return okValue(
    await createOidcClient(
      t.deps,
      { tenantSlug: "acme", name: "Shop", type: "confidential", redirectUris: ["https://shop.example/cb"], by: "test" },
      META,
    ),
  ).value.client.clientId;
}

describe("rotating a tenant's signing keys", () => {
  it("after rotation the provider signs with the new kid, and a token signed before still verifies against the JWKS", async () => {
    const clientId = await registerApp();
    const before = await providerFor(t.deps, t.acme, hooks);
    const oldToken = await idTokenFrom(before, clientId);
    const oldKid = headerOf(oldToken).kid;

    const rotated = await rotateSigningKeys(t.deps, t.acme.id);
    expect(rotated.retired).toContain(oldKid);
    const after = await providerFor(t.deps, t.acme, hooks);
    expect(after).not.toBe(before);
    // The same provider is used again until the keys change again.
    expect(await providerFor(t.deps, t.acme, hooks)).toBe(after);

    const newToken = await idTokenFrom(after, clientId);
    expect(headerOf(newToken).alg).toBe("RS256");
    expect(rotated.created).toContain(headerOf(newToken).kid);
    expect(headerOf(newToken).kid).not.toBe(oldKid);

    const jwks = await jwksOf(after);
    expect(jwks.keys.map((key) => key.kid).sort()).toEqual([...rotated.created, ...rotated.retired].sort());
    expect(jwks.keys.every((key) => key.d === undefined && key.p === undefined)).toBe(true);
    expect(verifiesAgainst(jwks, oldToken)).toBe(true);
    expect(verifiesAgainst(jwks, newToken)).toBe(true);
  });

  it("a retired key never signs, and leaves the JWKS (and the database) once its window is over", async () => {
    const clientId = await registerApp();
    await providerFor(t.deps, t.acme, hooks);
    const { retired, created } = await rotateSigningKeys(t.deps, t.acme.id);
    const keys = await signingKeysFor(t.deps, t.acme.id);
    expect(keys.filter((key) => retired.includes(key.kid)).every((key) => key.key_ops?.join() === "verify")).toBe(true);

    t.clock.advance(RETIRED_KEY_WINDOW_SECONDS * 1000 - 1_000);
    expect((await jwksOf(await providerFor(t.deps, t.acme, hooks))).keys.map((key) => key.kid)).toEqual(
      expect.arrayContaining(retired),
    );

    t.clock.advance(2_000);
    const provider = await providerFor(t.deps, t.acme, hooks);
    const jwks = await jwksOf(provider);
    expect(jwks.keys.map((key) => key.kid).sort()).toEqual([...created].sort());
    expect(headerOf(await idTokenFrom(provider, clientId)).kid).toSatisfy((kid: string) => created.includes(kid));
    const rows = await t.db.store.oidcSigningKeys.list(t.acme.id);
    expect(rows.map((row) => row.kid).sort()).toEqual([...created].sort());
  });

  it("the window outlasts every token a key can sign: ID tokens, logout tokens and the longest access token", () => {
    expect(RETIRED_KEY_WINDOW_SECONDS).toBeGreaterThan(600);
    expect(RETIRED_KEY_WINDOW_SECONDS).toBeGreaterThan(86_400);
  });
});
