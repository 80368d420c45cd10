import { devices } from "@playwright/test";
import { BASE_URL } from "./support/env";
import {
  createVerifiedUser,
  expect,
  linkIn,
  NEW_PASSWORD,
  PASSWORD,
  randomIp,
  signIn,
  signUp,
  test,
  uniqueEmail,
  waitForMail,
} from "./support/fixtures";

test.describe("sign-up and email verification", () => {
  test("a new customer signs up, gets a link by mail, confirms it, and the link cannot be used twice", async ({
    page,
  }) => {
    const email = uniqueEmail("signup");
    await signUp(page, "acme", email);
    const mail = await waitForMail(email, /Confirm your email address — Acme/);
    const link = linkIn(mail, "/acme/verify-email");
    // Links come from the configured base URL, never from the Host header of the request.
    expect(link.startsWith(`${BASE_URL}/acme/verify-email?token=`)).toBe(true);
    await page.goto(link);
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await expect(page.getByRole("heading", { name: "Email address confirmed" })).toBeVisible();
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "This link can't be used" })).toBeVisible();
  });

  test("an unconfirmed customer's right password leads to 'confirm your email first', which sends a new link; the new link confirms the address", async ({
    page,
  }) => {
    const email = uniqueEmail("unverified");
    await signUp(page, "acme", email);
    await waitForMail(email, /Confirm your email/);
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/login\/confirm-email$/);
    await expect(page.getByRole("heading", { name: "Confirm your email address first" })).toBeVisible();
    await expect(page.getByText(email)).toBeVisible();
    // No session was opened.
    await page.goto("/acme/account");
    await expect(page).toHaveURL(/\/acme\/login\?returnTo=/);
    await page.goBack();
    await page.getByRole("button", { name: "Send a new link" }).click();
    await expect(page.getByText(`We sent a new confirmation link to ${email}.`)).toBeVisible();
    const second = await waitForMail(email, /Confirm your email/, 2);
    // The newest link works; the first one was replaced.
    const first = await waitForMail(email, /Confirm your email/, 1);
    await page.goto(linkIn(first, "/acme/verify-email"));
    await expect(page.getByRole("heading", { name: "This link can't be used" })).toBeVisible();
    await page.goto(linkIn(second, "/acme/verify-email"));
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await expect(page.getByRole("heading", { name: "Email address confirmed" })).toBeVisible();
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/account$/);
    await expect(page.getByText("Confirmed", { exact: true })).toBeVisible();
  });

  test("a wrong password of an unconfirmed account gets the usual answer, not the confirmation page", async ({
    page,
  }) => {
    const email = uniqueEmail("unverified-wrong");
    await signUp(page, "acme", email);
    await signIn(page, "acme", email, "not the password at all");
    await expect(page.getByText("Incorrect email or password.")).toBeVisible();
    await expect(page).toHaveURL(/\/acme\/login/);
  });

  test("resending the confirmation link is rate-limited", async ({ page }) => {
    const email = uniqueEmail("resend");
    await signUp(page, "acme", email);
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/login\/confirm-email$/);
    for (let i = 1; i <= 3; i++) {
      await page.getByRole("button", { name: "Send a new link" }).click();
      await expect(page.getByText(`We sent a new confirmation link to ${email}.`)).toBeVisible();
      await page.reload();
    }
    await page.getByRole("button", { name: "Send a new link" }).click();
    await expect(page.getByText(/We have sent several links already\. Try again in/)).toBeVisible();
  });

  test("a confirmation link opened in another browser asks for a new password there, and the password chosen at sign-up stops working", async ({
    page,
    browser,
  }) => {
    const email = uniqueEmail("elsewhere");
    await signUp(page, "acme", email);
    const link = linkIn(await waitForMail(email, /Confirm your email/), "/acme/verify-email");
    const phone = await browser.newContext({
      userAgent: devices["Desktop Chrome"].userAgent,
      extraHTTPHeaders: { "x-forwarded-for": randomIp() },
    });
    try {
      const other = await phone.newPage();
      await other.goto(link);
      await other.getByRole("button", { name: "Confirm my email address" }).click();
      await expect(other).toHaveURL(/\/acme\/reset-password\?token=[A-Za-z0-9_-]+&confirmed=1$/);
      await expect(other.getByRole("heading", { name: "Choose your password" })).toBeVisible();
      await expect(
        other.getByText(/opened in a different browser from the one that created the account/),
      ).toBeVisible();
      await other.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
      await other.getByLabel("Confirm new password").fill(NEW_PASSWORD);
      await other.getByRole("button", { name: "Set new password" }).click();
      await expect(other).toHaveURL(/\/acme\/login\?notice=password-reset$/);
      await signIn(other, "acme", email, NEW_PASSWORD);
      await expect(other).toHaveURL(/\/acme\/account$/);
    } finally {
      await phone.close();
    }
    await signIn(page, "acme", email, PASSWORD);
    await expect(page.getByText("Incorrect email or password.")).toBeVisible();
  });

  test("where unconfirmed accounts may sign in, they cannot change sign-in methods or the address until they confirm", async ({
    page,
  }) => {
    const email = uniqueEmail("stark");
    await signUp(page, "stark", email);
    await signIn(page, "stark", email);
    await expect(page).toHaveURL(/\/stark\/account$/);
    await expect(page.getByRole("heading", { name: "Confirm your email address" })).toBeVisible();
    await expect(
      page.getByText("Confirm your current address first (above); then you can change it here."),
    ).toBeVisible();
    await expect(page.getByLabel("New email address")).toHaveCount(0);
    await page.goto("/stark/account/security");
    await expect(page.getByRole("heading", { name: "Confirm your email address first" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Set up authenticator app" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Create a passkey" })).toHaveCount(0);
    await expect(
      page
        .getByText("Confirm your email address first (above): until then no sign-in method can be added or removed.")
        .first(),
    ).toBeVisible();
    // The confirmation, in this same browser, keeps the password and opens the controls.
    await page.goto(linkIn(await waitForMail(email, /Confirm your email/), "/stark/verify-email"));
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await expect(page.getByRole("heading", { name: "Email address confirmed" })).toBeVisible();
    await page.goto("/stark/account/security");
    await expect(page.getByRole("button", { name: "Set up authenticator app" })).toBeVisible();
  });

  test("the password rules explain a rejected password and keep the address typed", async ({ page }) => {
    const email = uniqueEmail("rules");
    await page.goto("/acme/signup");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password", { exact: true }).fill("short pass");
    await page.getByLabel("Confirm password").fill("short pass");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Use at least 15 characters", { exact: false })).toBeVisible();
    await expect(page.getByLabel("Email address")).toHaveValue(email);
    await page.getByLabel("Password", { exact: true }).fill("1qaz2wsx3edc4rfv");
    await page.getByLabel("Confirm password").fill("1qaz2wsx3edc4rfv");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText(/appears in lists of common or breached passwords/)).toBeVisible();
    // Long but guessable, and in no list: the strength estimator's own feedback is the message.
    await page.getByLabel("Password", { exact: true }).fill("iloveyouiloveyou");
    await page.getByLabel("Confirm password").fill("iloveyouiloveyou");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(
      page.getByText(
        /Repeated character patterns like "abcabcabc" are easy to guess\. Add more words that are less common\./,
      ),
    ).toBeVisible();
    // 64 characters and any Unicode are accepted.
    const long = "ünïcödé pässwörd ".repeat(4).slice(0, 64);
    await page.getByLabel("Password", { exact: true }).fill(long);
    await page.getByLabel("Confirm password").fill(long);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
    await waitForMail(email, /Confirm your email/);
  });

  test("the invitation-only tenant offers no sign-up form", async ({ page }) => {
    await page.goto("/globex/signup");
    await expect(page.getByRole("heading", { name: "Accounts are by invitation" })).toBeVisible();
    await expect(page.getByLabel("Email address")).toHaveCount(0);
  });

  test("a verified user created through the helper can sign in", async ({ page }) => {
    const email = await createVerifiedUser(page, "acme", "helper");
    await signIn(page, "acme", email, PASSWORD);
    await expect(page).toHaveURL(/\/acme\/account$/);
  });
});
