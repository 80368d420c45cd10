// Consent for third-party apps of the tenant's OpenID Provider, driven by a real relying app
// (openid-client) registered without --first-party: the consent page names what the app asks in
// plain words; Deny gives the app access_denied; Allow gives it a code and tokens; the consent is
// remembered (no page for the same scopes, only the new ones asked, prompt=consent asks again);
// revoking it from Connected apps ends its refresh and access tokens and the next sign-in asks again.
import type { Browser, Page } from "@playwright/test";
import * as client from "openid-client";
import { createVerifiedUser, expect, expectNoAxeViolations, PASSWORD, randomIp, test } from "./support/fixtures";
import { BASE_URL } from "./support/env";
import {
  authorizationRequest,
  configFor,
  registerClient,
  startRelyingParty,
  type TRegistered,
  type TRelyingParty,
} from "./support/relying-party";

const ACME_ISSUER = `${BASE_URL}/acme/oidc`;

let rp: TRelyingParty;
let printer: TRegistered;

test.beforeAll(async () => {
  rp = await startRelyingParty();
  printer = registerClient([
    "--tenant",
    "acme",
    "--name",
    "Photo Printer",
    "--redirect-uri",
    rp.callback,
    ...["openid", "email", "profile", "offline_access"].flatMap((scope) => ["--scope", scope]),
  ]);
});

test.afterAll(async () => {
  await rp.close();
});

async function signInAtPortico(page: Page, email: string) {
  await expect(page).toHaveURL(/\/acme\/login\?returnTo=%2Facme%2Foidc%2Finteraction%2F/);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** The app's next answer, once the browser has arrived there (so the next navigation does not race it). */
function answerFor(page: Page): Promise<URL> {
  return rp.next().then(async (url) => {
    await page.waitForURL((reached) => reached.pathname === "/cb");
    return url;
  });
}

async function expectConsentPage(page: Page, phrases: string[]) {
  await expect(page).toHaveURL(/\/acme\/oidc\/interaction\/[^/]+\/consent$/);
  await expect(page.getByRole("heading", { name: "Allow Photo Printer to use your account?" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Photo Printer wants to:" })).toBeVisible();
  await expect(page.getByTestId("consent-scopes").getByRole("listitem")).toHaveText(phrases);
}

test.describe("consent for third-party apps", () => {
  test("deny, allow, remembered, new scopes, prompt=consent, revoke from Connected apps", async ({ page }) => {
    const email = await createVerifiedUser(page, "acme", "consent");
    const config = await configFor(ACME_ISSUER, printer);
    // offline_access is only honoured with prompt=consent (OpenID Connect Core 1.0, section 11).
    const offline = { scope: "openid email offline_access", prompt: "consent" };
    const scope = "openid email";

    // First sign-in: the consent page, in words; Deny gives the app access_denied.
    const denied = await authorizationRequest(config, rp.callback, offline);
    const deniedAnswer = answerFor(page);
    await page.goto(denied.url.href);
    await signInAtPortico(page, email);
    await expectConsentPage(page, [
      "Know who you are (your account id)",
      "See your email address",
      "Stay connected while you're away (keeps access until you revoke it)",
    ]);
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
    await expectNoAxeViolations(page, "consent page");
    await page.getByRole("button", { name: "Deny" }).click();
    const deniedUrl = await deniedAnswer;
    expect(deniedUrl.searchParams.get("error")).toBe("access_denied");
    expect(deniedUrl.searchParams.get("state")).toBe(denied.state);

    // Again: Allow gives a code, and the code gives tokens (a refresh token for offline_access).
    const allowed = await authorizationRequest(config, rp.callback, offline);
    const allowedAnswer = answerFor(page);
    await page.goto(allowed.url.href);
    await expectConsentPage(page, [
      "Know who you are (your account id)",
      "See your email address",
      "Stay connected while you're away (keeps access until you revoke it)",
    ]);
    await page.getByRole("button", { name: "Allow" }).click();
    const tokens = await client.authorizationCodeGrant(config, await allowedAnswer, {
      pkceCodeVerifier: allowed.verifier,
      expectedState: allowed.state,
      expectedNonce: allowed.nonce,
      idTokenExpected: true,
    });
    const sub = tokens.claims()?.sub ?? "";
    expect(await client.fetchUserInfo(config, tokens.access_token, sub)).toMatchObject({ sub, email });
    const refreshToken = tokens.refresh_token ?? "";
    expect(refreshToken).not.toBe("");

    // The same scopes (or fewer) again: straight back to the app, no page; prompt=none too.
    for (const extra of [{ scope }, { scope: "openid" }, { scope, prompt: "none" }] as Record<string, string>[]) {
      const again = await authorizationRequest(config, rp.callback, extra);
      const answer = answerFor(page);
      await page.goto(again.url.href);
      const url = await answer;
      expect(url.searchParams.get("error"), JSON.stringify(extra)).toBeNull();
      expect(url.searchParams.get("code")).toBeTruthy();
    }

    // A new scope: the page asks only for it, and lists what was allowed before.
    const more = await authorizationRequest(config, rp.callback, { scope: "openid email profile" });
    const moreAnswer = answerFor(page);
    await page.goto(more.url.href);
    await expectConsentPage(page, ["See your name (and your organisation, if you belong to one)"]);
    await expect(page.getByRole("heading", { name: "You already allowed Photo Printer to:" })).toBeVisible();
    await page.getByRole("button", { name: "Allow" }).click();
    const moreTokens = await client.authorizationCodeGrant(config, await moreAnswer, {
      pkceCodeVerifier: more.verifier,
      expectedState: more.state,
      expectedNonce: more.nonce,
    });
    expect(moreTokens.scope?.split(" ").sort()).toEqual(["email", "openid", "profile"]);

    // prompt=consent: the page again, for everything asked.
    const asked = await authorizationRequest(config, rp.callback, { scope, prompt: "consent" });
    const askedAnswer = answerFor(page);
    await page.goto(asked.url.href);
    await expectConsentPage(page, ["Know who you are (your account id)", "See your email address"]);
    await page.getByRole("button", { name: "Allow" }).click();
    expect((await askedAnswer).searchParams.get("code")).toBeTruthy();

    // Connected apps: the app, what it can do in words, and Revoke.
    await page.goto("/acme/account/apps");
    const row = page.getByTestId("connected-app");
    await expect(row).toHaveCount(1);
    await expect(row.getByText("Photo Printer")).toBeVisible();
    await expect(row.getByRole("listitem")).toHaveText([
      "Know who you are (your account id)",
      "See your email address",
      "See your name (and your organisation, if you belong to one)",
      "Stay connected while you're away (keeps access until you revoke it)",
    ]);
    await expectNoAxeViolations(page, "connected apps");
    await row.getByRole("button", { name: "Revoke access" }).click();
    await expect(page.getByText("Photo Printer can no longer use your account:")).toBeVisible();
    await expect(page.getByText("No apps are connected to your account.")).toBeVisible();

    // Its tokens stopped working at once.
    await expect(client.refreshTokenGrant(config, refreshToken)).rejects.toMatchObject({ error: "invalid_grant" });
    expect((await client.tokenIntrospection(config, moreTokens.access_token)).active).toBe(false);

    // prompt=none now hears consent_required; a plain request shows the page again.
    const silent = await authorizationRequest(config, rp.callback, { scope, prompt: "none" });
    const silentAnswer = answerFor(page);
    await page.goto(silent.url.href);
    expect((await silentAnswer).searchParams.get("error")).toBe("consent_required");
    const after = await authorizationRequest(config, rp.callback, { scope: "openid" });
    await page.goto(after.url.href);
    await expectConsentPage(page, ["Know who you are (your account id)"]);
  });

  test("the consent page and Connected apps work without JavaScript", async ({ browser }: { browser: Browser }) => {
    const ip = { "x-forwarded-for": randomIp() };
    const setup = await browser.newContext({ extraHTTPHeaders: ip });
    const email = await createVerifiedUser(await setup.newPage(), "acme", "consent-nojs");
    await setup.close();
    const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: ip });
    const page = await context.newPage();
    const config = await configFor(ACME_ISSUER, printer);
    const flow = await authorizationRequest(config, rp.callback, { scope: "openid email" });
    const answer = answerFor(page);
    await page.goto(flow.url.href);
    await signInAtPortico(page, email);
    await expectConsentPage(page, ["Know who you are (your account id)", "See your email address"]);
    await page.getByRole("button", { name: "Allow" }).click();
    const tokens = await client.authorizationCodeGrant(config, await answer, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
    });
    expect(tokens.access_token).toBeTruthy();
    await page.goto("/acme/account/apps");
    await page.getByTestId("connected-app").getByRole("button", { name: "Revoke access" }).click();
    await expect(page.getByText("Photo Printer can no longer use your account:")).toBeVisible();
    expect((await client.tokenIntrospection(config, tokens.access_token)).active).toBe(false);

    const denied = await authorizationRequest(config, rp.callback, { scope: "openid" });
    const deniedAnswer = answerFor(page);
    await page.goto(denied.url.href);
    await page.getByRole("button", { name: "Deny" }).click();
    expect((await deniedAnswer).searchParams.get("error")).toBe("access_denied");
    await context.close();
  });
});
