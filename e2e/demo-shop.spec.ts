// The demo shop (examples/demo-shop) signs in through acme's OpenID provider with next-auth, the
// way a tenant's developers would connect an app: Chromium signs in from the shop, the shop shows
// the acr/amr it got, its orders page asks for AAL2 with acr_values and Portico steps the person
// up, and signing out at Portico ends the shop's session by a back-channel logout token.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import path from "node:path";
import type { Page } from "@playwright/test";
import {
  createVerifiedUser,
  expect,
  PASSWORD,
  signIn,
  signOut,
  test,
  turnOnAuthenticatorApp,
  turnOnAuthenticatorAppElsewhere,
} from "./support/fixtures";
import { BASE_URL, E2E_PORT } from "./support/env";
import { registerClient } from "./support/relying-party";
import { totpCodeAt } from "../lib/identity/totp";

const root = path.resolve(import.meta.dirname, "..");
const shopDir = path.join(root, "examples", "demo-shop");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const SHOP_PORT = E2E_PORT + 7;
const SHOP = `http://localhost:${SHOP_PORT}`;

let shop: ChildProcess | null = null;

/** Signs in on the Portico sign-in page the browser is on (it carries the app's request). */
async function signInHere(page: Page, email: string) {
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}
let shopLog = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const registered = registerClient([
    "--tenant",
    "acme",
    "--name",
    "Demo shop (e2e)",
    "--redirect-uri",
    `${SHOP}/api/auth/callback/portico`,
    "--post-logout-redirect-uri",
    `${SHOP}/`,
    "--backchannel-logout-uri",
    `${SHOP}/api/backchannel-logout`,
    "--first-party",
  ]);
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production" as const,
    AUTH_URL: SHOP,
    AUTH_SECRET: "e2e-demo-shop-session-secret-0123456789abcdef",
    PORTICO_ISSUER: `${BASE_URL}/acme/oidc`,
    DEMO_SHOP_CLIENT_ID: registered.client_id,
    DEMO_SHOP_CLIENT_SECRET: registered.client_secret ?? "",
  };
  execFileSync(process.execPath, [nextBin, "build", "--webpack"], { cwd: shopDir, env, stdio: "pipe" });
  shop = spawn(process.execPath, [nextBin, "start", "-p", String(SHOP_PORT), "-H", "127.0.0.1"], { cwd: shopDir, env });
  shop.stdout?.on("data", (chunk: Buffer) => (shopLog += chunk.toString()));
  shop.stderr?.on("data", (chunk: Buffer) => (shopLog += chunk.toString()));
  for (let i = 0; i < 60; i++) {
    if (
      await fetch(SHOP).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the demo shop did not start:\n${shopLog}`);
});

// A failure shows what the shop printed (next-auth logs why a sign-in round trip was refused).
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach("demo-shop.log", { body: shopLog, contentType: "text/plain" });
    console.log(`demo shop output:\n${shopLog}`);
  }
});

test.afterAll(() => {
  shop?.kill("SIGTERM");
});

test("the shop signs in through Portico, steps up to AAL2 for its orders, and is signed out by Portico's sign-out", async ({
  page,
  browser,
  clientIp,
}) => {
  test.setTimeout(120_000);
  const email = await createVerifiedUser(page, "acme", "shopper");
  await signIn(page, "acme", email);
  await expect(page).toHaveURL(/\/acme\/account$/);
  const secret = await turnOnAuthenticatorAppElsewhere(browser, clientIp, email);

  // Signing in from the shop passes through Portico (already signed in there) and back.
  await page.goto(SHOP);
  await page.getByRole("button", { name: "Sign in with Portico" }).click();
  await page.waitForURL(`${SHOP}/`);
  await expect(page.getByRole("heading", { name: /Welcome back/ })).toBeVisible();
  await expect(page.getByTestId("acr")).toHaveText("urn:portico:aal1");
  await expect(page.getByTestId("amr")).toHaveText("pwd");

  // The orders page needs AAL2: the shop asks with acr_values, and Portico's step-up page asks for
  // the authenticator app.
  await page.getByRole("link", { name: "Your orders" }).click();
  await expect(page.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm with a second factor" }).click();
  await expect(page).toHaveURL(/\/acme\/step-up\?action=oidc\.aal2/);
  await page.getByLabel("Code from your authenticator app").fill(totpCodeAt(secret, new Date(Date.now() + 30_000)));
  await page.getByRole("button", { name: "Confirm with code" }).click();
  await page.waitForURL(`${SHOP}/orders`);
  await expect(page.getByTestId("orders")).toBeVisible();
  await expect(page.getByTestId("acr")).toHaveText("urn:portico:aal2");
  await expect(page.getByTestId("amr")).toContainText("otp");

  // Signing out at Portico itself (not from the shop) ends the shop's session too: Portico posts
  // a back-channel logout token, and the shop drops the session it names.
  await page.goto("/acme/account");
  await signOut(page);
  await expect(async () => {
    await page.goto(SHOP);
    await expect(page.getByRole("button", { name: "Sign in with Portico" })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
});

test("someone without a second factor who opens the shop's orders sets one up from Portico's step-up page and comes back at AAL2", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const email = await createVerifiedUser(page, "acme", "shop-newcomer");
  await page.goto(SHOP);
  await page.getByRole("button", { name: "Sign in with Portico" }).click();
  await expect(page).toHaveURL(/\/acme\/login\?returnTo=%2Facme%2Foidc%2Finteraction%2F/);
  await signInHere(page, email);
  await expect(page).toHaveURL(`${SHOP}/`);
  // The ID token carries the email scope's claims: the shop knows who signed in without userinfo.
  await expect(page.getByTestId("email")).toHaveText(email);

  await page.getByRole("link", { name: "Your orders" }).click();
  await page.getByRole("button", { name: "Confirm with a second factor" }).click();
  await expect(page).toHaveURL(/\/acme\/step-up\?action=oidc\.aal2/);
  await expect(page.getByText("Add one on your Security page first")).toBeVisible();
  await page.getByRole("link", { name: "Set up a second factor" }).click();
  await expect(page).toHaveURL(/\/acme\/account\/security\?returnTo=%2Facme%2Foidc%2Finteraction%2F/);
  await turnOnAuthenticatorApp(page);
  // Turning the app on proves it: this session is at AAL2 now, and the app's request finishes there.
  await page.getByRole("link", { name: "continue where you left off" }).click();
  await page.waitForURL(`${SHOP}/orders`);
  await expect(page.getByTestId("orders")).toBeVisible();
  await expect(page.getByTestId("acr")).toHaveText("urn:portico:aal2");
  await expect(page.getByTestId("amr")).toContainText("otp");
});

test("a sign-in Portico does not complete comes back to the shop with a message, not an error page", async ({
  page,
}) => {
  const email = await createVerifiedUser(page, "acme", "shop-refused");
  await page.goto(SHOP);
  await page.getByRole("button", { name: "Sign in with Portico" }).click();
  await signInHere(page, email);
  await expect(page).toHaveURL(`${SHOP}/`);
  await page.getByRole("link", { name: "Your orders" }).click();
  await page.getByRole("button", { name: "Confirm with a second factor" }).click();
  await expect(page).toHaveURL(/\/acme\/step-up\?action=oidc\.aal2/);
  await page.getByRole("link", { name: "Go back" }).click();
  await page.waitForURL((url) => url.origin === SHOP && url.searchParams.has("error"));
  await expect(page.getByText("Portico did not complete that sign-in")).toBeVisible();
});
