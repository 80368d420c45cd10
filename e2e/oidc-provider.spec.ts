// The tenant's OpenID Provider, driven the way a relying app does: openid-client (a real client
// library) for discovery, the token endpoint, userinfo, refresh and introspection, and Chromium for
// the person who signs in at Portico in between. The app's redirect URI is never served: the
// browser's navigation to it is caught, so the test reads the code (or error) the app would get.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import * as client from "openid-client";
import {
  createVerifiedUser,
  expect,
  linkIn,
  PASSWORD,
  signOut,
  test,
  uniqueEmail,
  waitForMail,
} from "./support/fixtures";
import { BASE_URL } from "./support/env";
import { type TRegistered, configFor, registerClient } from "./support/relying-party";

const ACME_ISSUER = `${BASE_URL}/acme/oidc`;
const GLOBEX_ISSUER = `${BASE_URL}/globex/oidc`;

/**
 * The app's redirect URI, served by a small HTTP server on a loopback port: it records every
 * answer it receives; `next()` waits for the next one.
 */
const app = {
  seen: [] as URL[],
  /** Whether each answer came as a POST (form_post). */
  posted: [] as boolean[],
  waiting: null as ((url: URL) => void) | null,
  server: null as Server | null,
  callback: "",
  next(): Promise<URL> {
    return new Promise((resolve) => (app.waiting = resolve));
  },
};

async function startApp() {
  app.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", app.callback);
      // The browser also asks the app for its favicon: only answers to the callback count.
      if (!url.pathname.startsWith("/cb")) {
        res.writeHead(404).end();
        return;
      }
      // A form_post answer arrives as a POST body: the test reads it like a query.
      if (req.method === "POST") url.search = Buffer.concat(chunks).toString("utf8");
      app.posted.push(req.method === "POST");
      app.seen.push(url);
      app.waiting?.(url);
      app.waiting = null;
      res.writeHead(200, { "content-type": "text/plain" }).end("the app got its answer");
    });
  });
  await new Promise<void>((resolve) => app.server?.listen(0, "127.0.0.1", resolve));
  const address = app.server.address() as AddressInfo;
  app.callback = `http://127.0.0.1:${address.port}/cb`;
}

type TRequest = { url: URL; verifier: string; state: string; nonce: string };

async function authorizationRequest(
  config: client.Configuration,
  extra: Record<string, string> = {},
): Promise<TRequest> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: app.callback,
    scope: "openid email profile offline_access",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    prompt: "consent",
    ...extra,
  });
  return { url, verifier, state, nonce };
}

/** The app redeems the code it was answered with, checking the request's PKCE verifier, state and nonce. */
function redeem(config: client.Configuration, flow: TRequest, callback: URL) {
  return client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: flow.verifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
  });
}

async function signInAtPortico(page: Page, email: string) {
  await expect(page).toHaveURL(/\/acme\/login\?returnTo=%2Facme%2Foidc%2Finteraction%2F/);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // The browser itself carries the answer to the app: the test moves on once it has arrived, so
  // its next navigation is not cut short by this one's last redirect.
  await page.waitForURL((url) => url.href.startsWith(app.callback));
}

test.describe("the tenant's OpenID Provider", () => {
  let shop: TRegistered;
  let spa: TRegistered;
  let globexApp: TRegistered;
  let otherApp: TRegistered;

  test.beforeAll(async () => {
    await startApp();
    shop = registerClient([
      "--tenant",
      "acme",
      "--name",
      "Shop",
      "--redirect-uri",
      app.callback,
      "--post-logout-redirect-uri",
      `${app.callback}/signed-out`,
      "--first-party",
    ]);
    spa = registerClient([
      "--tenant",
      "acme",
      "--name",
      "SPA",
      "--redirect-uri",
      app.callback,
      "--public",
      "--first-party",
    ]);
    otherApp = registerClient(["--tenant", "acme", "--name", "Other", "--redirect-uri", app.callback]);
    globexApp = registerClient([
      "--tenant",
      "globex",
      "--name",
      "Portal",
      "--redirect-uri",
      app.callback,
      "--first-party",
    ]);
  });

  test.afterAll(async () => {
    await new Promise((resolve) => app.server?.close(resolve));
  });

  test.beforeEach(() => {
    app.seen.length = 0;
    app.posted.length = 0;
  });

  test("publishes discovery and a JWKS of public keys, every endpoint under the configured base URL", async ({
    request,
  }) => {
    expect(shop.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(spa.client_secret).toBeUndefined();
    // A forged Host-side header cannot move the issuer or its endpoints.
    const discovery = await request.get(`${ACME_ISSUER}/.well-known/openid-configuration`, {
      headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
    });
    expect(discovery.status()).toBe(200);
    const metadata = (await discovery.json()) as Record<string, unknown>;
    expect(metadata.issuer).toBe(ACME_ISSUER);
    for (const key of [
      "authorization_endpoint",
      "token_endpoint",
      "userinfo_endpoint",
      "jwks_uri",
      "end_session_endpoint",
    ])
      expect(String(metadata[key])).toMatch(new RegExp(`^${ACME_ISSUER}/`));
    expect(metadata.acr_values_supported).toEqual(["urn:portico:aal1", "urn:portico:aal2", "urn:portico:aal3"]);
    expect(metadata.code_challenge_methods_supported).toEqual(["S256"]);
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
    expect(metadata.response_modes_supported).toEqual(expect.arrayContaining(["query", "form_post"]));
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(["openid", "email", "profile", "offline_access"]));

    const jwks = (await (await request.get(String(metadata.jwks_uri))).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.map((key) => key.alg).sort()).toEqual(["ES256", "RS256"]);
    for (const key of jwks.keys) expect(key).not.toHaveProperty("d");
    const globexJwks = (await (await request.get(`${GLOBEX_ISSUER}/jwks`)).json()) as { keys: { kid: string }[] };
    expect(globexJwks.keys.map((key) => key.kid)).not.toEqual(
      expect.arrayContaining(jwks.keys.map((key) => String(key.kid))),
    );
  });

  test("code flow with PKCE: sign in at Portico, tokens, userinfo, refresh rotation and reuse detection, code replay", async ({
    page,
  }) => {
    const email = await createVerifiedUser(page, "acme", "oidc-code");
    const config = await configFor(ACME_ISSUER, shop);

    // prompt=none without a Portico session: the app hears login_required, nobody is shown a page.
    const silent = await authorizationRequest(config, { prompt: "none" });
    const silentAnswer = app.next();
    await page.goto(silent.url.href);
    const silentUrl = await silentAnswer;
    expect(silentUrl.searchParams.get("error")).toBe("login_required");
    expect(silentUrl.searchParams.get("iss")).toBe(ACME_ISSUER);

    const first = await authorizationRequest(config);
    const answered = app.next();
    await page.goto(first.url.href);
    await signInAtPortico(page, email);
    const callback = await answered;
    expect(callback.searchParams.get("iss")).toBe(ACME_ISSUER);
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: first.verifier,
      expectedState: first.state,
      expectedNonce: first.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error("no ID token");
    expect(claims.iss).toBe(ACME_ISSUER);
    expect(claims.sub).not.toContain("@");
    expect(claims.acr).toBe("urn:portico:aal1");
    expect(claims.amr).toEqual(["pwd"]);
    expect(typeof claims.auth_time).toBe("number");
    expect(typeof claims.sid).toBe("string");
    // The granted scopes' claims are in the ID token too (apps that never call userinfo).
    expect(claims).toMatchObject({ email, email_verified: true });

    // The registration's access-token lifetime (the default: 10 minutes).
    expect(tokens.expires_in).toBeGreaterThan(590);
    expect(tokens.expires_in).toBeLessThanOrEqual(600);
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(userinfo).toMatchObject({ sub: claims.sub, email, email_verified: true });

    // Refresh tokens rotate; the spent one, used again, revokes the whole grant.
    const spent = tokens.refresh_token;
    if (!spent) throw new Error("no refresh token");
    const rotated = await client.refreshTokenGrant(config, spent);
    expect(rotated.refresh_token).toBeTruthy();
    expect(rotated.refresh_token).not.toBe(spent);
    await expect(client.refreshTokenGrant(config, spent)).rejects.toMatchObject({ error: "invalid_grant" });
    await expect(client.refreshTokenGrant(config, rotated.refresh_token ?? "")).rejects.toMatchObject({
      error: "invalid_grant",
    });
    expect((await client.tokenIntrospection(config, rotated.access_token)).active).toBe(false);

    // Single sign-on: a second request goes straight back to the app, without the sign-in page.
    const second = await authorizationRequest(config);
    const again = app.next();
    await page.goto(second.url.href);
    const secondCallback = await again;
    const secondTokens = await client.authorizationCodeGrant(config, secondCallback, {
      pkceCodeVerifier: second.verifier,
      expectedState: second.state,
      expectedNonce: second.nonce,
    });
    expect(secondTokens.claims()?.sub).toBe(claims.sub);
    expect((await client.tokenIntrospection(config, secondTokens.access_token)).active).toBe(true);
    // Another app of the same tenant learns nothing of this app's token.
    const other = await configFor(ACME_ISSUER, otherApp);
    expect((await client.tokenIntrospection(other, secondTokens.access_token)).active).toBe(false);
    // The same code again is refused, and the tokens it gave are revoked.
    await expect(
      client.authorizationCodeGrant(config, secondCallback, {
        pkceCodeVerifier: second.verifier,
        expectedState: second.state,
        expectedNonce: second.nonce,
      }),
    ).rejects.toMatchObject({ error: "invalid_grant" });
    expect((await client.tokenIntrospection(config, secondTokens.access_token)).active).toBe(false);

    // An assurance level the session does not have, with prompt=none: unmet_authentication_requirements.
    const higher = await authorizationRequest(config, { prompt: "none", acr_values: "urn:portico:aal2" });
    const refused = app.next();
    await page.goto(higher.url.href);
    expect((await refused).searchParams.get("error")).toBe("unmet_authentication_requirements");
  });

  test("an app that names the tenant API gets an RFC 9068 JWT access token its API verifies with the JWKS; userinfo keeps an opaque one", async ({
    page,
  }) => {
    const email = await createVerifiedUser(page, "acme", "oidc-jwt");
    const config = await configFor(ACME_ISSUER, shop);
    const api = `${BASE_URL}/acme/api`;
    const flow = await authorizationRequest(config, { resource: api });
    const answered = app.next();
    await page.goto(flow.url.href);
    await signInAtPortico(page, email);
    const tokens = await client.authorizationCodeGrant(
      config,
      await answered,
      { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce },
      { resource: api },
    );
    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({ typ: "at+jwt", alg: "RS256" });
    // The API's side: the tenant's JWKS over HTTP, issuer, audience and type checked.
    const jwks = createRemoteJWKSet(new URL(`${ACME_ISSUER}/jwks`));
    const verifyOptions = { issuer: ACME_ISSUER, audience: api, typ: "at+jwt", algorithms: ["RS256"] };
    const { payload } = await jwtVerify(tokens.access_token, jwks, verifyOptions);
    expect(payload).toMatchObject({ sub: tokens.claims()?.sub, client_id: shop.client_id, aud: api });
    expect(String(payload.scope).split(" ").sort()).toEqual(["email", "openid", "profile"]);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(600);
    // Not for another tenant's API or issuer.
    await expect(
      jwtVerify(tokens.access_token, createRemoteJWKSet(new URL(`${GLOBEX_ISSUER}/jwks`))),
    ).rejects.toThrow();

    // A refresh with the resource gives a new JWT; one without it the opaque token userinfo takes.
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token ?? "", { resource: api });
    const renewed = (await jwtVerify(refreshed.access_token, jwks, verifyOptions)).payload;
    expect(renewed.jti).not.toBe(payload.jti);
    const forUserinfo = await client.refreshTokenGrant(config, refreshed.refresh_token ?? "");
    expect(forUserinfo.access_token.split(".")).toHaveLength(1);
    expect(await client.fetchUserInfo(config, forUserinfo.access_token, payload.sub ?? "")).toMatchObject({ email });

    // Another audience is refused at the authorization endpoint: the app hears invalid_target.
    const foreign = await authorizationRequest(config, { resource: "https://evil.example/api" });
    const refused = app.next();
    await page.goto(foreign.url.href);
    expect((await refused).searchParams.get("error")).toBe("invalid_target");
  });

  test("response_mode=form_post: the provider's page posts the code to the app, its script allowed by the policy", async ({
    page,
  }) => {
    const email = await createVerifiedUser(page, "acme", "oidc-form-post");
    const config = await configFor(ACME_ISSUER, shop);
    const flow = await authorizationRequest(config, { response_mode: "form_post", scope: "openid" });
    const answered = app.next();
    await page.goto(flow.url.href);
    await signInAtPortico(page, email);
    const callback = await answered;
    expect(app.posted).toEqual([true]);
    expect(callback.searchParams.get("iss")).toBe(ACME_ISSUER);
    const tokens = await client.authorizationCodeGrant(
      config,
      new Request(`${app.callback}`, { method: "POST", body: callback.searchParams }),
      { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce },
    );
    expect(tokens.claims()?.acr).toBe("urn:portico:aal1");
  });

  test("RP-initiated logout: the app's end-session request, confirmed by the person, ends the Portico session too", async ({
    page,
  }) => {
    const email = await createVerifiedUser(page, "acme", "oidc-logout");
    const config = await configFor(ACME_ISSUER, shop);
    const flow = await authorizationRequest(config, { scope: "openid" });
    const answered = app.next();
    await page.goto(flow.url.href);
    await signInAtPortico(page, email);
    const tokens = await redeem(config, flow, await answered);
    await page.goto("/acme/account");
    await expect(page).toHaveURL(/\/acme\/account$/);

    const logout = client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token ?? "",
      post_logout_redirect_uri: `${app.callback}/signed-out`,
      state: "bye",
    });
    const back = app.next();
    await page.goto(logout.href);
    await expect(page.getByRole("heading", { name: "Sign out of Acme?" })).toBeVisible();
    await page.getByRole("button", { name: "Yes, sign me out" }).click();
    const returned = await back;
    expect(returned.pathname).toBe("/cb/signed-out");
    expect(returned.searchParams.get("state")).toBe("bye");
    // Portico's session ended with it: the account page asks to sign in again.
    await page.goto("/acme/account");
    await expect(page).toHaveURL(/\/acme\/login/);
  });

  test("Portico's session is the session of record: after signing out at Portico and in as someone else, the app gets the new person", async ({
    page,
  }) => {
    const config = await configFor(ACME_ISSUER, shop);
    const subjects: string[] = [];
    for (const prefix of ["oidc-first", "oidc-second"]) {
      const email = await createVerifiedUser(page, "acme", prefix);
      const flow = await authorizationRequest(config, { scope: "openid email" });
      const answered = app.next();
      await page.goto(flow.url.href);
      await signInAtPortico(page, email);
      const tokens = await redeem(config, flow, await answered);
      const claims = tokens.claims();
      if (!claims) throw new Error("no ID token");
      expect((await client.fetchUserInfo(config, tokens.access_token, claims.sub)).email).toBe(email);
      subjects.push(claims.sub);
      await page.goto("/acme/account");
      await signOut(page);
      // Signed out at Portico, the provider's session no longer counts, even silently.
      const silent = await authorizationRequest(config, { prompt: "none" });
      const refused = app.next();
      await page.goto(silent.url.href);
      expect((await refused).searchParams.get("error")).toBe("login_required");
    }
    expect(subjects[0]).not.toBe(subjects[1]);
  });

  test("someone new signs up from the app's sign-in request and, once the address is confirmed and they sign in, lands back in the app", async ({
    page,
  }) => {
    const config = await configFor(ACME_ISSUER, shop);
    const flow = await authorizationRequest(config, { scope: "openid email" });
    await page.goto(flow.url.href);
    await expect(page).toHaveURL(/\/acme\/login\?returnTo=%2Facme%2Foidc%2Finteraction%2F/);
    await page.getByRole("link", { name: "Create an account" }).click();
    await expect(page).toHaveURL(/\/acme\/signup\?returnTo=%2Facme%2Foidc%2Finteraction%2F/);
    const email = uniqueEmail("oidc-newcomer");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByLabel("Confirm password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
    await page.goto(linkIn(await waitForMail(email, /Confirm your email/), "/acme/verify-email"));
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await expect(page.getByRole("heading", { name: "Email address confirmed" })).toBeVisible();
    await page.getByRole("link", { name: "Sign in" }).click();
    const answered = app.next();
    await signInAtPortico(page, email);
    const tokens = await redeem(config, flow, await answered);
    const claims = tokens.claims();
    if (!claims) throw new Error("no ID token");
    expect((await client.fetchUserInfo(config, tokens.access_token, claims.sub)).email).toBe(email);
  });

  test("login_hint fills in the address on Portico's sign-in page", async ({ page }) => {
    const email = await createVerifiedUser(page, "acme", "oidc-hint");
    const config = await configFor(ACME_ISSUER, shop);
    const flow = await authorizationRequest(config, { scope: "openid email", login_hint: email });
    const answered = app.next();
    await page.goto(flow.url.href);
    await expect(page).toHaveURL(/\/acme\/login\?returnTo=%2Facme%2Foidc%2Finteraction%2F/);
    await expect(page.getByLabel("Email address")).toHaveValue(email);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    const tokens = await redeem(config, flow, await answered);
    await page.waitForURL((url) => url.href.startsWith(app.callback));
    expect(tokens.claims()?.email).toBe(email);
  });

  test("a public client must use PKCE, and its code is worth nothing without the verifier", async ({ page }) => {
    const email = await createVerifiedUser(page, "acme", "oidc-spa");
    const config = await configFor(ACME_ISSUER, spa);
    const noPkce = new URL(`${ACME_ISSUER}/auth`);
    noPkce.search = new URLSearchParams({
      client_id: spa.client_id,
      redirect_uri: app.callback,
      response_type: "code",
      scope: "openid",
      state: "s",
    }).toString();
    const refused = app.next();
    await page.goto(noPkce.href);
    expect((await refused).searchParams.get("error")).toBe("invalid_request");

    const flow = await authorizationRequest(config, { scope: "openid email" });
    const answered = app.next();
    await page.goto(flow.url.href);
    await signInAtPortico(page, email);
    const callback = await answered;
    await expect(
      client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: client.randomPKCECodeVerifier(),
        expectedState: flow.state,
        expectedNonce: flow.nonce,
      }),
    ).rejects.toMatchObject({ error: "invalid_grant" });
  });

  test("a redirect URI that is not registered shows an error page and never redirects", async ({ page }) => {
    const url = new URL(`${ACME_ISSUER}/auth`);
    url.search = new URLSearchParams({
      client_id: shop.client_id,
      redirect_uri: `${app.callback}/elsewhere`,
      response_type: "code",
      scope: "openid",
      state: "s",
    }).toString();
    const response = await page.goto(url.href);
    expect(response?.status()).toBe(400);
    await expect(page.getByRole("heading", { name: /the sign-in request could not be completed/ })).toBeVisible();
    expect(app.seen).toEqual([]);
  });

  test("nothing of one tenant is valid at another: acme's app is unknown at globex's issuer", async ({
    page,
    request,
  }) => {
    const url = new URL(`${GLOBEX_ISSUER}/auth`);
    url.search = new URLSearchParams({
      client_id: shop.client_id,
      redirect_uri: app.callback,
      response_type: "code",
      scope: "openid",
      state: "s",
    }).toString();
    const response = await page.goto(url.href);
    expect(response?.status()).toBe(400);
    expect(app.seen).toEqual([]);
    // Its credentials do not authenticate at globex's token endpoint either.
    const token = await request.post(`${GLOBEX_ISSUER}/token`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${shop.client_id}:${shop.client_secret ?? ""}`).toString("base64")}`,
      },
      form: { grant_type: "authorization_code", code: "x", redirect_uri: app.callback },
    });
    expect(token.status()).toBe(401);
    expect(((await token.json()) as { error: string }).error).toBe("invalid_client");
    // globex's own app is known there.
    expect((await configFor(GLOBEX_ISSUER, globexApp)).serverMetadata().issuer).toBe(GLOBEX_ISSUER);
  });
});
