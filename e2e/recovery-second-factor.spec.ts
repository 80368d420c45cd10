import type { Browser, Page } from "@playwright/test";
import { totpCodeAt } from "../lib/identity/totp";
import {
  createVerifiedUser,
  expect,
  linkIn,
  NEW_PASSWORD,
  PASSWORD,
  randomIp,
  setClockOffset,
  signIn,
  signOut,
  test,
  turnOnAuthenticatorApp,
  waitForMail,
} from "./support/fixtures";

const HOUR = 3_600_000;
let offset = 0;
/** A code for the next 30-second step on the server's (possibly moved) clock. */
const nextCode = (secret: string) => totpCodeAt(secret, new Date(Date.now() + offset + 30_000));

function moveClock(ms: number) {
  offset = ms;
  setClockOffset(ms);
}

test.afterEach(() => moveClock(0));

async function userWithTotp(page: Page, prefix: string) {
  const email = await createVerifiedUser(page, "acme", prefix);
  await signIn(page, "acme", email);
  await expect(page).toHaveURL(/\/acme\/account$/);
  await page.goto("/acme/account/security");
  const { secret, codes } = await turnOnAuthenticatorApp(page);
  await signOut(page);
  return { email, secret, codes };
}

async function openResetLink(page: Page, email: string, nth: number) {
  await page.goto("/acme/forgot-password");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await page.goto(linkIn(await waitForMail(email, /Reset your password/, nth), "/acme/reset-password"));
}

async function fillNewPassword(page: Page) {
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
}

/** Another device of the same user, signed in with password and code. */
async function otherDevice(browser: Browser, email: string, secret: string) {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": randomIp() } });
  const page = await context.newPage();
  await signIn(page, "acme", email);
  await page.getByLabel("Code").fill(nextCode(secret));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/acme\/account$/);
  return { context, page };
}

test.describe("recovery is stronger than sign-in", () => {
  test("a reset for a user with an authenticator app asks for a code: the link alone is refused, a TOTP code or a recovery code works", async ({
    page,
  }) => {
    const { email, secret, codes } = await userWithTotp(page, "reset-totp");

    await openResetLink(page, email, 1);
    await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
    await fillNewPassword(page);
    // A POST with only the token and the new password (the code field removed from the form).
    await page.locator('input[name="code"]').evaluate((input) => input.remove());
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page.getByText(/Your account has a second factor: enter a code/)).toBeVisible();
    // The link was not used up: reload and give a wrong code, then the right one.
    await page.reload();
    await fillNewPassword(page);
    await page.getByLabel("Code from your authenticator app or a recovery code").fill("000000");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page.getByText(/That code is not right/)).toBeVisible();
    await fillNewPassword(page);
    await page.getByLabel("Code from your authenticator app or a recovery code").fill(nextCode(secret));
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page).toHaveURL(/\/acme\/login\?notice=password-reset$/);
    await waitForMail(email, /Your password was reset/);

    // The new password works, and the second factor is still asked for (it was proven, so it stays).
    await signIn(page, "acme", email, NEW_PASSWORD);
    await expect(page).toHaveURL(/\/acme\/login\/second-factor/);

    // A recovery code works too, once.
    await openResetLink(page, email, 2);
    await page.getByLabel("New password", { exact: true }).fill(PASSWORD);
    await page.getByLabel("Confirm new password").fill(PASSWORD);
    await page.getByLabel("Code from your authenticator app or a recovery code").fill(codes[0]!);
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page).toHaveURL(/\/acme\/login\?notice=password-reset$/);
  });

  test("delayed recovery: the wait is shown and mailed, the cancel link works, and after the wait the account is recovered with every session ended", async ({
    page,
    browser,
  }) => {
    const { email, secret } = await userWithTotp(page, "delayed");

    // First request, cancelled from the mailed link.
    await openResetLink(page, email, 1);
    await page.getByRole("button", { name: "I can't use any of my second factors" }).click();
    await expect(page.getByRole("heading", { name: "Account recovery requested" })).toBeVisible();
    await expect(page.getByText(/waiting period of 72 hours, from \d{4}-\d\d-\d\d \d\d:\d\d UTC/)).toBeVisible();
    const cancelLink = linkIn(await waitForMail(email, /Account recovery requested/, 1), "/acme/recover/cancel");
    await page.goto(cancelLink);
    await expect(page.getByRole("heading", { name: "Cancel account recovery?" })).toBeVisible();
    await page.getByRole("button", { name: "Cancel the recovery" }).click();
    await expect(page.getByRole("heading", { name: "Recovery cancelled" })).toBeVisible();
    await waitForMail(email, /Account recovery cancelled/);
    await page.goto(cancelLink);
    await expect(page.getByRole("heading", { name: "This link can't be used" })).toBeVisible();

    // Second request: the signed-in user sees it on the Security page.
    await openResetLink(page, email, 2);
    await page.getByRole("button", { name: "I can't use any of my second factors" }).click();
    await expect(page.getByRole("heading", { name: "Account recovery requested" })).toBeVisible();
    await waitForMail(email, /Account recovery requested/, 2);
    const early = await otherDevice(browser, email, secret);
    await early.page.goto("/acme/account/security");
    await expect(early.page.getByRole("heading", { name: "Account recovery pending" })).toBeVisible();
    await early.context.close();

    // After the wait (the server's clock moved 73 hours ahead).
    moveClock(73 * HOUR);
    const device = await otherDevice(browser, email, secret);
    await openResetLink(page, email, 3);
    await expect(page.getByRole("heading", { name: "Finish recovering your account" })).toBeVisible();
    await expect(page.getByLabel("Code from your authenticator app or a recovery code")).toHaveCount(0);
    await fillNewPassword(page);
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page).toHaveURL(/\/acme\/login\?notice=account-recovered$/);
    await waitForMail(email, /Your account was recovered/);

    // Every session ended; the bypassed factor is gone, so the new password alone signs in.
    await device.page.goto("/acme/account");
    await expect(device.page).toHaveURL(/\/acme\/login/);
    await device.context.close();
    await signIn(page, "acme", email, NEW_PASSWORD);
    await expect(page).toHaveURL(/\/acme\/account$/);
    await page.goto("/acme/account/security");
    await expect(page.getByRole("button", { name: "Set up authenticator app" })).toBeVisible();
  });
});
