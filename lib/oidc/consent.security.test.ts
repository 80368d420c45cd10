import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type Provider from "oidc-provider";
import { afterEach, describe, expect, it } from "vitest";
import { okValue, testScenario, type TSignedIn } from "../../tests/scenario";
import { AUDIT } from "../audit/catalog";
import { createOidcClient } from "./clients";
import { findAppConsent, grantAppAccess, listConnectedApps, revokeAppAccess } from "./consent";
import { providerFor, type TOidcHooks } from "./provider";

const t = testScenario();
const META = { ip: null, userAgent: "test" };
const hooks: TOidcHooks = { porticoSession: () => Promise.resolve(null), cookieSecret: Buffer.alloc(32, 7) };
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

async function thirdPartyApp(tenantSlug = "acme") {
  const created = okValue(
    await createOidcClient(
      t.deps,
      {
        tenantSlug,
        name: "Photo Printer",
        type: "confidential",
        redirectUris: ["http://127.0.0.1:4000/cb"],
        backchannelLogoutUri: null,
        scopes: ["openid", "email", "offline_access"],
        by: "operator",
      },
      META,
    ),
  );
  return { clientId: created.value.client.clientId, secret: created.value.clientSecret ?? "" };
}

/**
 * What the consent page leaves behind when the person allows the app: their consent, and the
 * provider's grant with a refresh and an access token issued under it.
 */
async function allowed(provider: Provider, signedIn: TSignedIn, clientId: string) {
  const tenant = signedIn.user.tenantId === t.acme.id ? t.acme : t.globex;
  await grantAppAccess(
    t.deps,
    tenant,
    { userId: signedIn.user.id, clientId, scopes: ["openid", "email", "offline_access"], claims: [] },
    META,
  );
  const client = await provider.Client.find(clientId);
  if (!client) throw new Error("no client");
  const grant = new provider.Grant({ accountId: signedIn.user.id, clientId });
  grant.addOIDCScope("openid email offline_access");
  const grantId = await grant.save();
  const common = { accountId: signedIn.user.id, client, grantId, scope: "openid email offline_access" };
  const refresh = await new provider.RefreshToken({ ...common, gty: "authorization_code" }).save();
  const access = await new provider.AccessToken({ ...common, gty: "authorization_code" }).save();
  return { grantId, refresh, access };
}

/** The provider's token endpoint over HTTP, as the app calls it to refresh. */
async function refresh(provider: Provider, app: { clientId: string; secret: string }, refreshToken: string) {
  const server = createServer(provider.callback());
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${app.clientId}:${app.secret}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }),
  });
  return { status: response.status, body: (await response.json()) as { error?: string; refresh_token?: string } };
}

describe("revoking a third-party app's access", () => {
  it("ends its refresh token (invalid_grant at the token endpoint) and its access token, and forgets the consent", async () => {
    const ada = await t.signedIn("ada@example.com");
    const app = await thirdPartyApp();
    const provider = await providerFor(t.deps, t.acme, hooks);
    const first = await allowed(provider, ada, app.clientId);
    // Before the revocation the refresh token works (and rotates), so the refusal below is the revocation's.
    const before = await refresh(provider, app, first.refresh);
    expect(before.status).toBe(200);
    const rotated = before.body.refresh_token ?? "";
    expect(rotated).not.toBe("");

    expect(await revokeAppAccess(t.deps, t.acme, ada.user.id, app.clientId, META)).toEqual({
      ok: true,
      appName: "Photo Printer",
    });
    const after = await refresh(provider, app, rotated);
    expect(after).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(await provider.AccessToken.find(first.access)).toBeUndefined();
    expect(await provider.Grant.find(first.grantId)).toBeUndefined();
    expect(await findAppConsent(t.deps, t.acme.id, ada.user.id, app.clientId)).toBeNull();
    expect(await listConnectedApps(t.deps, t.acme.id, ada.user.id)).toEqual([]);
  });

  it("cannot revoke another person's consent: not found, and their grant and tokens keep working", async () => {
    const ada = await t.signedIn("ada@example.com");
    const bob = await t.signedIn("bob@example.com");
    const app = await thirdPartyApp();
    const provider = await providerFor(t.deps, t.acme, hooks);
    const adas = await allowed(provider, ada, app.clientId);

    const attempt = await revokeAppAccess(t.deps, t.acme, bob.user.id, app.clientId, META);
    expect(attempt).toMatchObject({ ok: false, module: "oidc_consent", code: "NOT_FOUND", status: 404 });
    expect(await listConnectedApps(t.deps, t.acme.id, bob.user.id)).toEqual([]);
    expect(await findAppConsent(t.deps, t.acme.id, ada.user.id, app.clientId)).not.toBeNull();
    expect(await provider.AccessToken.find(adas.access)).toBeDefined();
    expect((await refresh(provider, app, adas.refresh)).status).toBe(200);
  });

  it("keeps a consent given at acme out of globex: not listed, not found, not revocable there", async () => {
    const ada = await t.signedIn("ada@example.com");
    const app = await thirdPartyApp();
    const provider = await providerFor(t.deps, t.acme, hooks);
    const adas = await allowed(provider, ada, app.clientId);

    expect(await findAppConsent(t.deps, t.globex.id, ada.user.id, app.clientId)).toBeNull();
    expect(await listConnectedApps(t.deps, t.globex.id, ada.user.id)).toEqual([]);
    expect(await revokeAppAccess(t.deps, t.globex, ada.user.id, app.clientId, META)).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    // Globex's provider finds neither the grant nor the tokens.
    const globexProvider = await providerFor(t.deps, t.globex, hooks);
    expect(await globexProvider.Grant.find(adas.grantId)).toBeUndefined();
    expect(await globexProvider.RefreshToken.find(adas.refresh)).toBeUndefined();
    expect(await provider.AccessToken.find(adas.access)).toBeDefined();
  });

  it("audits the grant, with what it added, and the revocation, with how many grants and tokens ended", async () => {
    const ada = await t.signedIn("ada@example.com");
    const app = await thirdPartyApp();
    const provider = await providerFor(t.deps, t.acme, hooks);
    await allowed(provider, ada, app.clientId);
    await grantAppAccess(
      t.deps,
      t.acme,
      { userId: ada.user.id, clientId: app.clientId, scopes: ["openid", "profile"], claims: [] },
      META,
    );
    await revokeAppAccess(t.deps, t.acme, ada.user.id, app.clientId, META);
    const events = await t.db.store.audit.list(t.acme.id, { userId: ada.user.id, limit: 100 });
    const granted = events.filter((event) => event.type === AUDIT.appAccessGranted).map((event) => event.data);
    expect(granted).toEqual(
      expect.arrayContaining([
        {
          clientId: app.clientId,
          scopes: ["openid", "email", "offline_access"],
          added: ["openid", "email", "offline_access"],
        },
        { clientId: app.clientId, scopes: ["openid", "email", "profile", "offline_access"], added: ["profile"] },
      ]),
    );
    const revoked = events.filter((event) => event.type === AUDIT.appAccessRevoked).map((event) => event.data);
    expect(revoked).toEqual([
      { clientId: app.clientId, scopes: ["openid", "email", "profile", "offline_access"], tokens: 3 },
    ]);
  });
});
