// Assurance on request: an app asks the tenant's OpenID Provider for a level (`acr_values`) or a
// fresh sign-in (`prompt=login`, `max_age`), and Portico's own step-up page gets that proof from
// the person before the app gets its code. openid-client plays the app (a real HTTP server on a
// loopback port receives the answers); Chromium plays the person.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import * as client from "openid-client";
import { totpCodeAt } from "../lib/identity/totp";
import {
  createVerifiedUser,
  expect,
  expectNoAxeViolations,
  PASSWORD,
  signIn,
  test,
  turnOnAuthenticatorAppElsewhere,
} from "./support/fixtures";
import { BASE_URL } from "./support/env";
import { registerClient } from "./support/relying-party";

const ISSUER = `${BASE_URL}/acme/oidc`;

/** The app's redirect URI: a loopback HTTP server that hands each answer to whoever waits for it. */
const app = {
  server: null as Server | null,
  callback: "",
  waiting: null as ((url: URL) => void) | null,
  /** How each answer was delivered (Sec-Fetch-Mode): by the person's browser navigating, or not. */
  deliveries: [] as string[],
  next(): Promise<URL> {
    return new Promise((resolve) => (app.waiting = resolve));
  },
};

async function startApp() {
  app.server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", app.callback);
    if (!url.pathname.startsWith("/cb")) {
      res.writeHead(404).end();
      return;
    }
    app.deliveries.push(`${String(req.headers["sec-fetch-mode"])}${req.headers.rsc ? " rsc" : ""}`);
    app.waiting?.(url);
    app.waiting = null;
    res.writeHead(200, { "content-type": "text/plain" }).end("the app got its answer");
  });
  await new Promise<void>((resolve) => app.server?.listen(0, "127.0.0.1", resolve));
  app.callback = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/cb`;
}

type TRequest = { url: URL; verifier: string; state: string; nonce: string };

async function authorizationRequest(config: client.Configuration, extra: Record<string, string>): Promise<TRequest> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: app.callback,
    scope: "openid email",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...extra,
  });
  return { url, verifier, state, nonce };
}

async function idTokenClaims(config: client.Configuration, request: TRequest, callback: URL) {
  const tokens = await client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: request.verifier,
    expectedState: request.state,
    expectedNonce: request.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error("no ID token");
  return claims;
}

/** Sends the browser to the authorization endpoint; `answer` resolves with what the app receives. */
async function authorize(page: Page, request: TRequest): Promise<{ answer: Promise<URL> }> {
  // The answer counts once the browser has arrived at the app too, so that the next request the
  // test sends the browser on is not cut short by this one's last redirect.
  const answer = app.next().then(async (url) => {
    await page.waitForURL((current) => current.pathname === "/cb");
    return url;
  });
  await page.goto(request.url.href);
  return { answer };
}

/**
 * `auth_time` counts whole seconds: a later proof shows a later time only once the clock has
 * passed the second of the one before, so the test waits until it has.
 */
async function nextSecondAfter(authTime: unknown) {
  await expect.poll(() => Math.floor(Date.now() / 1000), { intervals: [100] }).toBeGreaterThan(Number(authTime));
}

test.describe("assurance on request", () => {
  let config: client.Configuration;

  test.beforeAll(async () => {
    await startApp();
    const registered = registerClient([
      "--tenant",
      "acme",
      "--name",
      "Assured",
      "--redirect-uri",
      app.callback,
      "--first-party",
    ]);
    config = await client.discovery(
      new URL(ISSUER),
      registered.client_id,
      registered.client_secret,
      client.ClientSecretBasic(registered.client_secret ?? ""),
      { execute: [client.allowInsecureRequests] },
    );
  });

  test.afterAll(async () => {
    await new Promise((resolve) => app.server?.close(resolve));
  });

  test("a password-only session asked for urn:portico:aal2 steps up with the authenticator app; prompt=none cannot", async ({
    page,
    browser,
    clientIp,
  }) => {
    const email = await createVerifiedUser(page, "acme", "oidc-aal2");
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/account$/);
    const secret = await turnOnAuthenticatorAppElsewhere(browser, clientIp, email);

    // The app's first sign-in (AAL1 is all it asks for) starts the provider's session.
    const plain = await authorizationRequest(config, {});
    expect((await idTokenClaims(config, plain, await (await authorize(page, plain)).answer)).acr).toBe(
      "urn:portico:aal1",
    );

    // Without a page to show, a level the session lacks is an error for the app.
    const silent = await authorizationRequest(config, { acr_values: "urn:portico:aal2", prompt: "none" });
    const { answer: silentAnswer } = await authorize(page, silent);
    expect((await silentAnswer).searchParams.get("error")).toBe("unmet_authentication_requirements");

    const request = await authorizationRequest(config, { acr_values: "urn:portico:aal2" });
    const { answer } = await authorize(page, request);
    await expect(page).toHaveURL(/\/acme\/step-up\?action=oidc\.aal2&returnTo=%2Facme%2Foidc%2Finteraction%2F/);
    await expect(page.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
    await expect(page.getByLabel("Your password")).toHaveCount(0);
    await expectNoAxeViolations(page, "the step-up page for an app's level");
    // The next step's code: the one typed at enrolment cannot be used again.
    await page.getByLabel("Code from your authenticator app").fill(totpCodeAt(secret, new Date(Date.now() + 30_000)));
    await page.getByRole("button", { name: "Confirm with code" }).click();
    const claims = await idTokenClaims(config, request, await answer);
    expect(claims.acr).toBe("urn:portico:aal2");
    expect(claims.amr).toEqual(expect.arrayContaining(["pwd", "otp", "mfa"]));
    expect(Math.abs(Number(claims.auth_time) - Date.now() / 1000)).toBeLessThan(60);

    // While the step-up lasts, the app may ask again silently.
    const again = await authorizationRequest(config, { acr_values: "urn:portico:aal2", prompt: "none" });
    const againClaims = await idTokenClaims(config, again, await (await authorize(page, again)).answer);
    expect(againClaims.acr).toBe("urn:portico:aal2");
  });

  test("prompt=login and max_age=0 ask for a fresh proof and auth_time moves; going back tells the app login_required", async ({
    page,
  }) => {
    const email = await createVerifiedUser(page, "acme", "oidc-reauth");
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/account$/);

    const first = await authorizationRequest(config, {});
    const firstClaims = await idTokenClaims(config, first, await (await authorize(page, first)).answer);
    await nextSecondAfter(firstClaims.auth_time);

    const reauth = await authorizationRequest(config, { prompt: "login" });
    const { answer: reauthAnswer } = await authorize(page, reauth);
    await expect(page).toHaveURL(/\/acme\/step-up\?action=oidc\.aal1&.*reauth=1/);
    await expectNoAxeViolations(page, "the re-authentication page");
    await page.getByLabel("Your password").fill(PASSWORD);
    app.deliveries.length = 0;
    await page.getByRole("button", { name: "Confirm with password" }).click();
    const reauthClaims = await idTokenClaims(config, reauth, await reauthAnswer);
    // The step-up form's redirect back to the app's request is followed by the browser itself:
    // neither the server's own fetch of the redirect target nor the router's finishes it first.
    expect(app.deliveries).toEqual(["navigate"]);
    expect(reauthClaims.sub).toBe(firstClaims.sub);
    expect(Number(reauthClaims.auth_time)).toBeGreaterThan(Number(firstClaims.auth_time));
    await nextSecondAfter(reauthClaims.auth_time);

    const maxAge = await authorizationRequest(config, { max_age: "0" });
    const { answer: maxAgeAnswer } = await authorize(page, maxAge);
    await expect(page).toHaveURL(/\/acme\/step-up\?action=oidc\.aal1&.*reauth=1/);
    await page.getByLabel("Your password").fill(PASSWORD);
    await page.getByRole("button", { name: "Confirm with password" }).click();
    const maxAgeClaims = await idTokenClaims(config, maxAge, await maxAgeAnswer);
    expect(Number(maxAgeClaims.auth_time)).toBeGreaterThan(Number(reauthClaims.auth_time));

    // The person does not sign in again: the app hears so, and nobody is stuck on the page.
    await nextSecondAfter(maxAgeClaims.auth_time);
    const declined = await authorizationRequest(config, { prompt: "login" });
    const { answer: declinedAnswer } = await authorize(page, declined);
    await page.getByRole("link", { name: "Go back" }).click();
    expect((await declinedAnswer).searchParams.get("error")).toBe("login_required");
  });

  test("a person without a method that reaches the level gets a clear page, and the app unmet_authentication_requirements", async ({
    page,
  }) => {
    const email = await createVerifiedUser(page, "acme", "oidc-no-method");
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/account$/);
    const request = await authorizationRequest(config, { acr_values: "urn:portico:aal2" });
    const { answer } = await authorize(page, request);
    await expect(page).toHaveURL(/\/acme\/step-up\?action=oidc\.aal2/);
    await expect(page.getByText("Add one on your Security page first.")).toBeVisible();
    await expectNoAxeViolations(page, "the step-up page without a method");
    await page.getByRole("link", { name: "Go back" }).click();
    expect((await answer).searchParams.get("error")).toBe("unmet_authentication_requirements");
  });
});
