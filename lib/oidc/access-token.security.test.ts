// Access tokens for the tenant API (RFC 9068 JWTs), driven over HTTP at the provider's own token,
// authorization, userinfo and JWKS endpoints, and verified the way an API does: with jose against
// the JWKS the provider publishes. The authorization code (the result of a sign-in at Portico) is
// stored with the provider's own models, as its authorization endpoint stores it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import type Provider from "oidc-provider";
import { afterEach, describe, expect, it } from "vitest";
import { okValue, testScenario } from "../../tests/scenario";
import { createOidcClient } from "./clients";
import { issuerFor, providerFor, tenantApiResource, type TOidcHooks } from "./provider";
import { settleProviderAudit } from "./provider-audit";

const t = testScenario();
const META = { ip: null, userAgent: "test" };
const REDIRECT = "https://shop.example/cb";
const hooks: TOidcHooks = { porticoSession: () => Promise.resolve(null), cookieSecret: Buffer.alloc(32, 7) };
const servers: Server[] = [];
afterEach(async () => {
  await settleProviderAudit();
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/** The provider of a tenant on a local port, as apps and APIs reach it. */
async function serve(provider: Provider): Promise<string> {
  const server = createServer(provider.callback());
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function register(
  tenantSlug: "acme" | "globex",
  options: { firstParty?: boolean; accessTokenTtlSeconds?: number } = {},
) {
  const created = okValue(
    await createOidcClient(
      t.deps,
      {
        tenantSlug,
        name: "Shop",
        type: "confidential",
        redirectUris: [REDIRECT],
        scopes: ["openid", "email", "offline_access"],
        firstParty: options.firstParty ?? true,
        ...(options.accessTokenTtlSeconds ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds } : {}),
        by: "operator",
      },
      META,
    ),
  ).value;
  return { clientId: created.client.clientId, secret: created.clientSecret ?? "" };
}

/** The authorization code a sign-in of `accountId` to `clientId` naming `resource` leaves, with its grant. */
async function codeFor(provider: Provider, clientId: string, accountId: string, resource: string) {
  const client = await provider.Client.find(clientId);
  if (!client) throw new Error("no client");
  const grant = new provider.Grant({ accountId, clientId });
  grant.addOIDCScope("openid email offline_access");
  grant.addResourceScope(resource, "openid email");
  const grantId = await grant.save();
  const code = new provider.AuthorizationCode({
    accountId,
    client,
    grantId,
    gty: "authorization_code",
    scope: "openid email offline_access",
    redirectUri: REDIRECT,
    resource,
    authTime: Math.floor(Date.now() / 1000),
    expiresWithSession: false,
  });
  return code.save();
}

type TTokenAnswer = {
  status: number;
  body: { access_token?: string; refresh_token?: string; expires_in?: number; error?: string; scope?: string };
};

async function token(
  base: string,
  app: { clientId: string; secret: string },
  params: Record<string, string>,
): Promise<TTokenAnswer> {
  const response = await fetch(`${base}/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${app.clientId}:${app.secret}`).toString("base64")}`,
    },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, body: (await response.json()) as TTokenAnswer["body"] };
}

async function jwksOf(base: string) {
  return createLocalJWKSet((await (await fetch(`${base}/jwks`)).json()) as JSONWebKeySet);
}

async function signedInAcme() {
  const ada = await t.signedIn("ada@example.com");
  const provider = await providerFor(t.deps, t.acme, hooks);
  return { ada, provider, base: await serve(provider), api: tenantApiResource(t.deps.baseUrl, "acme") };
}

describe("access tokens for the tenant API are RFC 9068 JWTs an API verifies offline", () => {
  it("a code exchanged for the tenant API gives a JWT (at+jwt, RS256, kid of the JWKS) with iss, sub, aud, client_id, scope, jti and the registered lifetime", async () => {
    const { ada, provider, base, api } = await signedInAcme();
    const app = await register("acme", { accessTokenTtlSeconds: 900 });
    const code = await codeFor(provider, app.clientId, ada.user.id, api);
    const answer = await token(base, app, {
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      resource: api,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.expires_in).toBe(900);
    const jwt = answer.body.access_token ?? "";
    const header = decodeProtectedHeader(jwt);
    expect(header).toMatchObject({ typ: "at+jwt", alg: "RS256" });
    const published = (await (await fetch(`${base}/jwks`)).json()) as { keys: { kid: string; alg: string }[] };
    expect(published.keys.find((key) => key.kid === header.kid)?.alg).toBe("RS256");

    const { payload } = await jwtVerify(jwt, await jwksOf(base), {
      issuer: issuerFor(t.deps.baseUrl, "acme"),
      audience: api,
      typ: "at+jwt",
      algorithms: ["RS256"],
    });
    expect(payload).toMatchObject({ sub: ada.user.id, client_id: app.clientId, aud: api, scope: "openid email" });
    expect(typeof payload.jti).toBe("string");
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(900);
  });

  it("an acme token does not verify against globex's JWKS, nor against acme's keys with globex's issuer", async () => {
    const { ada, provider, base, api } = await signedInAcme();
    const app = await register("acme");
    const code = await codeFor(provider, app.clientId, ada.user.id, api);
    const jwt =
      (await token(base, app, { grant_type: "authorization_code", code, redirect_uri: REDIRECT, resource: api })).body
        .access_token ?? "";
    const globexBase = await serve(await providerFor(t.deps, t.globex, hooks));
    await expect(
      jwtVerify(jwt, await jwksOf(globexBase), { issuer: issuerFor(t.deps.baseUrl, "globex"), typ: "at+jwt" }),
    ).rejects.toThrow();
    await expect(
      jwtVerify(jwt, await jwksOf(base), { issuer: issuerFor(t.deps.baseUrl, "globex"), typ: "at+jwt" }),
    ).rejects.toThrow(/iss/);
    await expect(
      jwtVerify(jwt, await jwksOf(base), {
        issuer: issuerFor(t.deps.baseUrl, "acme"),
        audience: tenantApiResource(t.deps.baseUrl, "globex"),
      }),
    ).rejects.toThrow(/aud/);
  });

  it("a refresh for the tenant API gives a new JWT (new jti, same lifetime), and the old refresh token is spent", async () => {
    const { ada, provider, base, api } = await signedInAcme();
    const app = await register("acme", { accessTokenTtlSeconds: 300 });
    const code = await codeFor(provider, app.clientId, ada.user.id, api);
    const first = await token(base, app, {
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      resource: api,
    });
    const refreshToken = first.body.refresh_token ?? "";
    expect(refreshToken).not.toBe("");
    const second = await token(base, app, { grant_type: "refresh_token", refresh_token: refreshToken, resource: api });
    expect(second.status).toBe(200);
    const jwks = await jwksOf(base);
    const options = { issuer: issuerFor(t.deps.baseUrl, "acme"), audience: api, typ: "at+jwt" };
    const before = (await jwtVerify(first.body.access_token ?? "", jwks, options)).payload;
    const after = (await jwtVerify(second.body.access_token ?? "", jwks, options)).payload;
    expect(after.jti).not.toBe(before.jti);
    expect(after.sub).toBe(ada.user.id);
    expect((after.exp ?? 0) - (after.iat ?? 0)).toBe(300);
    expect((await token(base, app, { grant_type: "refresh_token", refresh_token: refreshToken })).body.error).toBe(
      "invalid_grant",
    );
  });

  it("without a resource the access token stays opaque and userinfo answers it; userinfo refuses the API's JWT", async () => {
    const { ada, provider, base, api } = await signedInAcme();
    const app = await register("acme");
    const forUserinfo = await token(base, app, {
      grant_type: "authorization_code",
      code: await codeFor(provider, app.clientId, ada.user.id, api),
      redirect_uri: REDIRECT,
    });
    expect(forUserinfo.status).toBe(200);
    const opaque = forUserinfo.body.access_token ?? "";
    expect(opaque.split(".")).toHaveLength(1);
    const userinfo = await fetch(`${base}/me`, { headers: { authorization: `Bearer ${opaque}` } });
    expect(userinfo.status).toBe(200);
    expect(await userinfo.json()).toMatchObject({ sub: ada.user.id, email: "ada@example.com" });

    const jwt =
      (
        await token(base, app, {
          grant_type: "authorization_code",
          code: await codeFor(provider, app.clientId, ada.user.id, api),
          redirect_uri: REDIRECT,
          resource: api,
        })
      ).body.access_token ?? "";
    expect((await fetch(`${base}/me`, { headers: { authorization: `Bearer ${jwt}` } })).status).toBe(401);
  });

  it("no app can have a token minted for an audience the tenant does not own, and a third-party app cannot name the tenant API", async () => {
    const { ada, provider, base, api } = await signedInAcme();
    const firstParty = await register("acme");
    const thirdParty = await register("acme", { firstParty: false });
    for (const [app, resource] of [
      [firstParty, "https://evil.example/api"],
      [firstParty, tenantApiResource(t.deps.baseUrl, "globex")],
      [thirdParty, api],
    ] as const) {
      // At the authorization endpoint: the app hears invalid_target at its redirect URI.
      const authorize = new URL(`${base}/auth`);
      authorize.search = new URLSearchParams({
        client_id: app.clientId,
        response_type: "code",
        redirect_uri: REDIRECT,
        scope: "openid",
        resource,
        state: "s",
      }).toString();
      const redirected = await fetch(authorize, { redirect: "manual" });
      expect(redirected.status).toBe(303);
      expect(new URL(redirected.headers.get("location") ?? "").searchParams.get("error")).toBe("invalid_target");
      // At the token endpoint, even with a code that names the resource.
      const code = await codeFor(provider, app.clientId, ada.user.id, resource);
      const answer = await token(base, app, {
        grant_type: "authorization_code",
        code,
        redirect_uri: REDIRECT,
        resource,
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe("invalid_target");
    }
  });
});
