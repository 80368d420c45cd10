import { BASE_URL } from "./support/env";
import type { Browser } from "@playwright/test";
import {
  createVerifiedUser,
  enterSignInCode,
  expect,
  NEW_PASSWORD,
  PASSWORD,
  randomIp,
  signIn,
  signOut,
  test,
  waitForMail,
} from "./support/fixtures";

const FIREFOX_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0";

async function secondDevice(browser: Browser) {
  const context = await browser.newContext({
    userAgent: FIREFOX_UA,
    extraHTTPHeaders: { "x-forwarded-for": randomIp() },
  });
  return { context, page: await context.newPage() };
}

test.describe("sign-in, sessions and sign-out", () => {
  test("sign-in sets a __Host- cookie that is Secure, HttpOnly, SameSite=Lax, Path=/ and new at every sign-in", async ({
    page,
    context,
  }) => {
    const email = await createVerifiedUser(page, "acme", "cookie");
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/account$/);
    const first = (await context.cookies()).find((c) => c.name === "__Host-portico-acme");
    expect(first).toMatchObject({ secure: true, httpOnly: true, sameSite: "Lax", path: "/" });
    expect(first?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await signOut(page);
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/account$/);
    const second = (await context.cookies()).find((c) => c.name === "__Host-portico-acme");
    expect(second?.value).not.toBe(first?.value);
    // Scripts cannot read the session cookie.
    expect(await page.evaluate(() => document.cookie)).not.toContain("portico");
  });

  test("a wrong password gets the generic message, and JavaScript enhancements run under the CSP", async ({ page }) => {
    const email = await createVerifiedUser(page, "acme", "wrongpw");
    await signIn(page, "acme", email, "not the right password at all");
    await expect(page.getByText("Incorrect email or password.")).toBeVisible();
    await expect(page.getByLabel("Email address")).toHaveValue(email);
    // The show-password toggle only renders once React has hydrated, i.e. the nonce'd scripts ran.
    await page.getByRole("button", { name: "Show password" }).click();
    await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("type", "text");
  });

  test("returnTo brings the user back to a same-tenant page and ignores anything else", async ({ page }) => {
    const email = await createVerifiedUser(page, "acme", "return");
    await page.goto("/acme/account/sessions");
    await expect(page).toHaveURL(/\/acme\/login\?returnTo=%2Facme%2Faccount%2Fsessions/);
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/acme\/account\/sessions$/);
    for (const evil of [
      "//evil.example/x",
      "/\\evil.example",
      "https://evil.example/",
      "/%2F%2Fevil.example",
      "/globex/account",
    ]) {
      await signOut(page);
      await page.goto(`/acme/login?returnTo=${encodeURIComponent(evil)}`);
      await page.getByLabel("Email address").fill(email);
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(page).toHaveURL(`${BASE_URL}/acme/account`);
    }
  });

  test("the sessions page lists each device, marks the current one, and ends one or all others", async ({
    page,
    browser,
  }) => {
    const email = await createVerifiedUser(page, "acme", "sessions");
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/account$/);
    // Each on a new device and network: the risk engine asks for the code mailed to the user.
    const other = await secondDevice(browser);
    await signIn(other.page, "acme", email);
    await enterSignInCode(other.page, email, 1);
    await expect(other.page).toHaveURL(/\/acme\/account$/);
    const third = await secondDevice(browser);
    await signIn(third.page, "acme", email);
    await enterSignInCode(third.page, email, 2);
    await expect(third.page).toHaveURL(/\/acme\/account$/);

    await page.goto("/acme/account/sessions");
    const rows = page.getByTestId("session");
    await expect(rows).toHaveCount(3);
    await expect(rows.first()).toContainText("This device");
    await expect(rows.first()).toContainText("Chrome");
    await expect(page.getByText(/Firefox 131 on Windows/).first()).toBeVisible();
    await expect(rows.first()).toContainText("AAL1 (password)");

    // End one other session: that device is signed out at its next request.
    await rows.nth(1).getByRole("button", { name: "End this session" }).click();
    await expect(page.getByText("The session was ended.")).toBeVisible();
    await expect(page.getByTestId("session")).toHaveCount(2);

    await page.getByRole("button", { name: "End all other sessions" }).click();
    await expect(page.getByText("1 other session was ended.")).toBeVisible();
    await expect(page.getByTestId("session")).toHaveCount(1);
    for (const device of [other, third]) {
      await device.page.goto("/acme/account");
      await expect(device.page).toHaveURL(/\/acme\/login/);
      await device.context.close();
    }
  });

  test("sign-out ends the session on the server: the old cookie no longer works", async ({
    page,
    context,
    browser,
  }) => {
    const email = await createVerifiedUser(page, "acme", "signout");
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/account$/);
    const cookie = (await context.cookies()).find((c) => c.name === "__Host-portico-acme");
    expect(cookie).toBeDefined();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/acme\/login\?notice=signed-out/);
    await expect(page.getByText("You are signed out.")).toBeVisible();
    // Replaying the captured cookie in a fresh browser gets no access.
    const replay = await browser.newContext();
    await replay.addCookies([{ ...cookie!, sameSite: "Lax" }]);
    const replayPage = await replay.newPage();
    await replayPage.goto("/acme/account");
    await expect(replayPage).toHaveURL(/\/acme\/login/);
    await replay.close();
  });

  test("the session endpoint answers what the session proves, only at its own tenant, and nothing after sign-out", async ({
    page,
  }) => {
    const email = await createVerifiedUser(page, "acme", "sessionjson");
    expect((await page.request.get("/api/acme/session")).status()).toBe(401);
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/account$/);
    const response = await page.request.get("/api/acme/session");
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toContain("no-store");
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["aal", "authTime", "expiresAt", "signedIn"]);
    expect(body).toMatchObject({ signedIn: true, aal: 1 });
    expect(Date.parse(String(body.expiresAt))).toBeGreaterThan(Date.now());
    // The token and personal data never appear in the answer.
    const cookie = (await page.context().cookies()).find((c) => c.name === "__Host-portico-acme");
    const text = JSON.stringify(body);
    expect(text).not.toContain(cookie!.value);
    expect(text).not.toContain(email);
    // The acme session means nothing at another tenant, and an unknown tenant is a 404.
    expect((await page.request.get("/api/globex/session")).status()).toBe(401);
    expect((await page.request.get("/api/no-such-tenant/session")).status()).toBe(404);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/acme\/login\?notice=signed-out/);
    expect((await page.request.get("/api/acme/session")).status()).toBe(401);
  });
  test("changing the password needs the current one, ends the other sessions and sends a notice", async ({
    page,
    browser,
  }) => {
    const email = await createVerifiedUser(page, "acme", "changepw");
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/account$/);
    const other = await secondDevice(browser);
    await signIn(other.page, "acme", email);
    await enterSignInCode(other.page, email);
    await expect(other.page).toHaveURL(/\/acme\/account$/);
    await page.goto("/acme/account/security");
    await page.getByLabel("Current password").fill("this is not my password");
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("Your current password is not correct.")).toBeVisible();

    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("Your password was changed. 1 other session was signed out.")).toBeVisible();
    await waitForMail(email, /Your password was changed/);

    await other.page.goto("/acme/account");
    await expect(other.page).toHaveURL(/\/acme\/login/);
    await other.context.close();
    // This session carries on; the new password works, the old one does not.
    await page.goto("/acme/account");
    await expect(page).toHaveURL(/\/acme\/account$/);
    await signOut(page);
    await signIn(page, "acme", email, PASSWORD);
    await expect(page.getByText("Incorrect email or password.")).toBeVisible();
    await signIn(page, "acme", email, NEW_PASSWORD);
    await expect(page).toHaveURL(/\/acme\/account$/);
  });

  test("the profile name can be changed and is kept", async ({ page }) => {
    const email = await createVerifiedUser(page, "acme", "profile");
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/account$/);
    await page.getByLabel("Display name").fill("Ada Lovelace");
    await page.getByRole("button", { name: "Save profile" }).click();
    await expect(page.getByText("Your profile was saved.")).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Display name")).toHaveValue("Ada Lovelace");
  });
});
