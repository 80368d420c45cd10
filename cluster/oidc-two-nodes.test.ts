// The tenant's OpenID Provider on two production nodes, A and B, sharing one PostgreSQL database, as
// behind a load balancer without sticky sessions: every piece of provider state (interactions,
// codes, grants, refresh tokens, signing keys) lives in the database, so whichever node an app's
// request reaches continues what the other began. The relying party is openid-client, a real
// client library; the person signs in at Portico through its no-JS forms; the app's redirect URI
// is never served, the test reads the code from the provider's last redirect.
import { createRemoteJWKSet, jwtVerify } from "jose";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOidcClient } from "../lib/oidc/clients";
import { createSecretBox } from "../lib/security/secret-box";
import type { TTestDb } from "../tests/support/test-db";
import { createBrowser, findForm, type TBrowser } from "./support/browser";
import { createAcmeUser } from "./support/flows";
import { ENCRYPTION_KEY, startInstance, type TInstance } from "./support/instances";
import { LOAD_PASSWORD } from "./support/load";
import { createSharedPostgresDatabase } from "./support/shared-database";

const PUBLIC_ORIGIN = "http://localhost:3343";
const ISSUER = `${PUBLIC_ORIGIN}/acme/oidc`;
// The app's callback: registered, never contacted.
const CALLBACK = "http://127.0.0.1:3349/cb";

let db: TTestDb;
let a: TInstance;
let b: TInstance;
let registered: { clientId: string; clientSecret: string };

beforeAll(async () => {
  db = await createSharedPostgresDatabase();
  [a, b] = await Promise.all([
    startInstance({ port: 3341, databaseUrl: db.url, publicOrigin: PUBLIC_ORIGIN }),
    startInstance({ port: 3342, databaseUrl: db.url, publicOrigin: PUBLIC_ORIGIN }),
  ]);
  // A first-party app, registered as the operator's CLI registers one (scripts/client-admin.ts).
  const created = await createOidcClient(
    {
      store: db.store,
      now: () => new Date(),
      baseUrl: new URL(PUBLIC_ORIGIN),
      mailMode: "outbox",
      secrets: createSecretBox(Buffer.from(ENCRYPTION_KEY, "base64url")),
    },
    {
      tenantSlug: "acme",
      name: "Two-node shop",
      type: "confidential",
      redirectUris: [CALLBACK],
      firstParty: true,
      by: "operator",
    },
    { ip: null, userAgent: "cluster-test" },
  );
  if (!created.ok) throw new Error(`client registration failed: ${created.code}`);
  if (!created.value.clientSecret) throw new Error("a confidential client without a secret");
  registered = { clientId: created.value.client.clientId, clientSecret: created.value.clientSecret };
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db?.close();
});

/**
 * The app's view of the provider when its requests reach `node`: every URL of the discovery
 * document names the public origin (the issuer), and this app's "load balancer" sends each request
 * to that one node.
 */
async function relyingPartyVia(node: TInstance): Promise<oidc.Configuration> {
  const viaNode: oidc.CustomFetch = (url, options) =>
    fetch(url.startsWith(PUBLIC_ORIGIN) ? `${node.url}${url.slice(PUBLIC_ORIGIN.length)}` : url, {
      ...options,
      // A copy with its own buffer: what fetch takes as a body (openid-client sends form strings).
      body: options.body instanceof Uint8Array ? new Uint8Array(options.body) : options.body,
      // What the load balancer in front of the nodes adds: the public host the app addressed.
      headers: { ...options.headers, "x-forwarded-host": new URL(PUBLIC_ORIGIN).host, "x-forwarded-proto": "http" },
    });
  const config = await oidc.discovery(
    new URL(ISSUER),
    registered.clientId,
    registered.clientSecret,
    oidc.ClientSecretBasic(registered.clientSecret),
    { execute: [oidc.allowInsecureRequests], [oidc.customFetch]: viaNode },
  );
  config[oidc.customFetch] = viaNode;
  return config;
}

/**
 * Walks the browser through the provider's redirects on `node` until it is sent to the app's
 * callback; returns that URL and every path the browser visited on the way.
 */
async function followToCallback(browser: TBrowser, node: TInstance, start: URL) {
  const visited: string[] = [];
  let next = `${start.pathname}${start.search}`;
  for (let hop = 0; hop < 10; hop++) {
    visited.push(next);
    const answer = await browser.get(node.url, next);
    expect(answer.status, `${next} on ${node.url}: ${answer.html.slice(0, 300)}`).toBeGreaterThanOrEqual(300);
    expect(answer.status).toBeLessThan(400);
    const location = new URL(answer.location ?? "", PUBLIC_ORIGIN);
    if (location.href.startsWith(CALLBACK)) return { callback: location, visited };
    expect(location.origin, "the provider only sends the browser to itself or to the app").toBe(PUBLIC_ORIGIN);
    next = `${location.pathname}${location.search}`;
  }
  throw new Error(`no answer for the app after ${visited.join(" → ")}`);
}

/** Signs in at Portico's form on `node` when the interaction sends the browser there; returns where it goes next. */
async function signInForInteraction(browser: TBrowser, node: TInstance, loginPath: string, email: string) {
  const page = await browser.get(node.url, loginPath);
  expect(page.status).toBe(200);
  const answer = await browser.submit(node.url, loginPath, findForm(page.html, "password"), {
    email,
    password: LOAD_PASSWORD,
  });
  expect(answer.status, answer.html.slice(0, 300)).toBe(303);
  return new URL(answer.location ?? "", PUBLIC_ORIGIN);
}

const unique = (prefix: string) => `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;

describe("the OpenID Provider on two nodes sharing one PostgreSQL database", () => {
  // First in the file: the tenant's signing keys do not exist until its provider is first used.
  it("the first requests to both nodes at once create one set of signing keys, which both publish", async () => {
    const jwks = async (node: TInstance) => {
      const response = await fetch(`${node.url}/acme/oidc/jwks`, {
        headers: { "x-forwarded-host": new URL(PUBLIC_ORIGIN).host, "x-forwarded-proto": "http" },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as { keys: { kid: string; alg: string }[] };
    };
    const [fromA, fromB] = await Promise.all([jwks(a), jwks(b)]);
    expect(fromA.keys.map((key) => key.alg).sort()).toEqual(["ES256", "RS256"]);
    expect(fromB).toEqual(fromA);
  });

  it("a code issued by A is redeemed at B, a refresh rotated at A and replayed at B revokes the grant, the code replayed at A is refused, and each node's JWKS verifies the other's ID tokens", async () => {
    const email = unique("oidc-nodes");
    const { user } = await createAcmeUser(db.store, email, LOAD_PASSWORD);
    const viaA = await relyingPartyVia(a);
    const viaB = await relyingPartyVia(b);
    expect(viaA.serverMetadata().issuer).toBe(ISSUER);
    expect(viaB.serverMetadata().token_endpoint).toBe(`${ISSUER}/token`);

    // The authorization request, answered by A: no Portico session yet, so A's interaction sends
    // the browser to Portico's sign-in form (on A too), which sends it back to the interaction.
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const request = oidc.buildAuthorizationUrl(viaA, {
      redirect_uri: CALLBACK,
      scope: "openid email offline_access",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state,
      nonce,
      prompt: "consent",
    });
    const browser = createBrowser(PUBLIC_ORIGIN);
    const toInteraction = await browser.get(a.url, `${request.pathname}${request.search}`);
    expect(toInteraction.status).toBeGreaterThanOrEqual(300);
    const interaction = new URL(toInteraction.location ?? "", PUBLIC_ORIGIN);
    expect(interaction.pathname).toMatch(/^\/acme\/oidc\/interaction\//);
    const toLogin = await browser.get(a.url, interaction.pathname);
    expect(toLogin.status).toBe(303);
    const login = new URL(toLogin.location ?? "", PUBLIC_ORIGIN);
    expect(login.pathname).toBe("/acme/login");
    const back = await signInForInteraction(browser, a, `${login.pathname}${login.search}`, email);
    expect(back.pathname).toBe(interaction.pathname);
    const { callback, visited } = await followToCallback(browser, a, back);
    expect(visited.at(-1)).toMatch(/^\/acme\/oidc\/auth\//);
    expect(callback.searchParams.get("iss")).toBe(ISSUER);
    expect(callback.searchParams.get("state")).toBe(state);
    expect(callback.searchParams.get("code")).toBeTruthy();

    // The code, issued by A, exchanged at B's token endpoint.
    const checks = { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true };
    const tokens = await oidc.authorizationCodeGrant(viaB, callback, checks);
    expect(tokens.claims()).toMatchObject({ iss: ISSUER, sub: user.id, aud: registered.clientId, nonce });

    // One set of signing keys for the tenant, whichever node publishes it: B's ID token verifies
    // against A's JWKS (and A's, below, against B's).
    const jwksOf = (node: TInstance) => createRemoteJWKSet(new URL(`${node.url}/acme/oidc/jwks`));
    const verifyOptions = { issuer: ISSUER, audience: registered.clientId };
    const fromB = await jwtVerify(tokens.id_token ?? "", jwksOf(a), verifyOptions);
    expect(fromB.payload).toMatchObject({ sub: user.id, nonce, acr: "urn:portico:aal1", amr: ["pwd"] });
    await expect(jwtVerify(tokens.id_token ?? "", jwksOf(b), verifyOptions)).resolves.toBeTruthy();

    // The refresh token B issued, rotated at A.
    const spent = tokens.refresh_token;
    if (!spent) throw new Error("no refresh token");
    const rotated = await oidc.refreshTokenGrant(viaA, spent);
    expect(rotated.refresh_token).toBeTruthy();
    expect(rotated.refresh_token).not.toBe(spent);
    const fromA = await jwtVerify(rotated.id_token ?? "", jwksOf(b), verifyOptions);
    expect(fromA.payload.sub).toBe(user.id);
    expect((await oidc.tokenIntrospection(viaB, rotated.access_token)).active).toBe(true);

    // The spent refresh token, replayed at B: refused, and the whole grant revoked with it, so the
    // token A rotated it into and the access tokens are worth nothing on either node.
    await expect(oidc.refreshTokenGrant(viaB, spent)).rejects.toMatchObject({ error: "invalid_grant" });
    await expect(oidc.refreshTokenGrant(viaA, rotated.refresh_token ?? "")).rejects.toMatchObject({
      error: "invalid_grant",
    });
    await expect(oidc.refreshTokenGrant(viaB, rotated.refresh_token ?? "")).rejects.toMatchObject({
      error: "invalid_grant",
    });
    for (const [node, config] of [
      ["A", viaA],
      ["B", viaB],
    ] as const) {
      expect((await oidc.tokenIntrospection(config, rotated.access_token)).active, `on ${node}`).toBe(false);
      expect((await oidc.tokenIntrospection(config, tokens.access_token)).active, `on ${node}`).toBe(false);
    }

    // The code B redeemed, replayed at A: refused.
    await expect(oidc.authorizationCodeGrant(viaA, callback, checks)).rejects.toMatchObject({
      error: "invalid_grant",
    });
  });

  it("a signed-in browser's second request is answered by B without the sign-in form, and B's code is redeemed once, at A", async () => {
    const email = unique("oidc-nodes-sso");
    const { user } = await createAcmeUser(db.store, email, LOAD_PASSWORD);
    const viaA = await relyingPartyVia(a);
    const viaB = await relyingPartyVia(b);
    const browser = createBrowser(PUBLIC_ORIGIN);

    const authorize = async (config: oidc.Configuration) => {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: CALLBACK,
        scope: "openid",
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state,
      });
      return { url, checks: { pkceCodeVerifier: verifier, expectedState: state } };
    };

    // First sign-in on A, through the form.
    const first = await authorize(viaA);
    const toInteraction = await browser.get(a.url, `${first.url.pathname}${first.url.search}`);
    const interaction = new URL(toInteraction.location ?? "", PUBLIC_ORIGIN);
    const toLogin = await browser.get(a.url, interaction.pathname);
    const login = new URL(toLogin.location ?? "", PUBLIC_ORIGIN);
    const back = await signInForInteraction(browser, a, `${login.pathname}${login.search}`, email);
    const firstAnswer = await followToCallback(browser, a, back);
    await oidc.authorizationCodeGrant(viaA, firstAnswer.callback, first.checks);

    // The same browser's next request reaches B: Portico's session and the provider's session
    // (both in the database) answer it with a code, no sign-in page on the way.
    const second = await authorize(viaB);
    const { callback, visited } = await followToCallback(browser, b, second.url);
    expect(visited.some((path) => path.startsWith("/acme/login"))).toBe(false);
    const tokens = await oidc.authorizationCodeGrant(viaA, callback, second.checks);
    expect(tokens.claims()?.sub).toBe(user.id);
    await expect(oidc.authorizationCodeGrant(viaB, callback, second.checks)).rejects.toMatchObject({
      error: "invalid_grant",
    });
  });
});
