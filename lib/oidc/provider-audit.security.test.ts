// Token requests the provider refuses reach the tenant's audit log without letting anyone flood it,
// driven over HTTP at the provider's token endpoint.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { okValue, testScenario } from "../../tests/scenario";
import { createOidcClient } from "./clients";
import { providerFor, type TOidcHooks } from "./provider";
import { REFUSAL_WINDOW_MS, REFUSALS_PER_WINDOW, settleProviderAudit } from "./provider-audit";

const t = testScenario();
const META = { ip: null, userAgent: "test" };
const hooks: TOidcHooks = { porticoSession: () => Promise.resolve(null), cookieSecret: Buffer.alloc(32, 7) };
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

async function acmeTokenEndpoint(): Promise<string> {
  const server = createServer((await providerFor(t.deps, t.acme, hooks)).callback());
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
}

async function register(type: "confidential" | "public") {
  const created = okValue(
    await createOidcClient(
      t.deps,
      {
        tenantSlug: "acme",
        name: "Shop",
        type,
        redirectUris: ["https://shop.example/cb"],
        scopes: ["openid", "offline_access"],
        firstParty: true,
        by: "operator",
      },
      META,
    ),
  ).value;
  return { clientId: created.client.clientId, secret: created.clientSecret };
}

async function refresh(endpoint: string, app: { clientId: string; secret: string | null }, refreshToken: string) {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  const body = new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken });
  if (app.secret) headers.authorization = `Basic ${Buffer.from(`${app.clientId}:${app.secret}`).toString("base64")}`;
  else body.set("client_id", app.clientId);
  const response = await fetch(endpoint, { method: "POST", headers, body: body.toString() });
  return { status: response.status, error: ((await response.json()) as { error?: string }).error };
}

async function refusals() {
  await settleProviderAudit();
  return t.deps.store.audit.list(t.acme.id, { type: "app_token.refused" });
}

describe("refused token requests in the audit log", () => {
  it("a refused token request of an authenticated app records the app and the OAuth error code, never the token it sent or its secret", async () => {
    const endpoint = await acmeTokenEndpoint();
    const app = await register("confidential");
    const stolen = "a-refresh-token-that-was-revoked-0123456789";
    expect(await refresh(endpoint, app, stolen)).toEqual({ status: 400, error: "invalid_grant" });
    const rows = await refusals();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      fits: true,
      data: { clientId: app.clientId, error: "invalid_grant", grantType: "refresh_token" },
    });
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(stolen);
    expect(stored).not.toContain(app.secret ?? "no secret");
  });

  it("a token request with a wrong secret (invalid_client) writes nothing: without the secret no one adds rows", async () => {
    const endpoint = await acmeTokenEndpoint();
    const app = await register("confidential");
    for (let i = 0; i < 3; i += 1)
      expect(await refresh(endpoint, { ...app, secret: "wrong-secret" }, "x")).toEqual({
        status: 401,
        error: "invalid_client",
      });
    expect(await refusals()).toHaveLength(0);
  });

  it("a public app's refusals, which anyone can cause, are held to a few per minute; the next one recorded counts those left out", async () => {
    const endpoint = await acmeTokenEndpoint();
    const app = await register("public");
    const attempts = REFUSALS_PER_WINDOW + 5;
    for (let i = 0; i < attempts; i += 1)
      expect((await refresh(endpoint, app, `guess-${i}`)).error).toBe("invalid_grant");
    const held = await refusals();
    expect(held).toHaveLength(REFUSALS_PER_WINDOW);
    expect(held.every((row) => row.fits && !("suppressed" in row.data))).toBe(true);

    t.clock.advance(REFUSAL_WINDOW_MS);
    expect((await refresh(endpoint, app, "guess-after")).error).toBe("invalid_grant");
    const after = await refusals();
    expect(after).toHaveLength(REFUSALS_PER_WINDOW + 1);
    expect(after[0]?.data).toMatchObject({ clientId: app.clientId, suppressed: 5 });
  });
});
