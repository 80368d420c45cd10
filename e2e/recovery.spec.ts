import { BASE_URL } from "./support/env";
import {
  createVerifiedUser,
  enterSignInCode,
  expect,
  linkIn,
  NEW_PASSWORD,
  PASSWORD,
  randomIp,
  signIn,
  test,
  uniqueEmail,
  waitForMail,
} from "./support/fixtures";

test.describe("password recovery", () => {
  test("forgot password → mail → new password twice → every session ended, a notice sent, and not signed in", async ({
    page,
    browser,
  }) => {
    const email = await createVerifiedUser(page, "acme", "recover");
    // Another device is signed in before the reset.
    const other = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": randomIp() } });
    const otherPage = await other.newPage();
    await signIn(otherPage, "acme", email);
    await expect(otherPage).toHaveURL(/\/acme\/account$/);

    await page.goto("/acme/login");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
    const mail = await waitForMail(email, /Reset your password — Acme/);
    const link = linkIn(mail, "/acme/reset-password");
    expect(link.startsWith(`${BASE_URL}/acme/reset-password?token=`)).toBe(true);

    await page.goto(link);
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Confirm new password").fill("something else entirely here");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page.getByText("The two passwords do not match.")).toBeVisible();
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Set new password" }).click();

    await expect(page).toHaveURL(/\/acme\/login\?notice=password-reset$/);
    await expect(page.getByText(/Your password was reset and every session was signed out/)).toBeVisible();
    await page.goto("/acme/account");
    await expect(page).toHaveURL(/\/acme\/login/);
    await waitForMail(email, /Your password was reset/);

    await otherPage.goto("/acme/account");
    await expect(otherPage).toHaveURL(/\/acme\/login/);
    await other.close();

    // The link is spent, the old password is gone, the new one works.
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "This link can't be used" })).toBeVisible();
    await signIn(page, "acme", email, PASSWORD);
    await expect(page.getByText("Incorrect email or password.")).toBeVisible();
    await signIn(page, "acme", email, NEW_PASSWORD);
    // The account has only signed in from the other browser, on another network: the code mailed to it finishes this
    // sign-in.
    await enterSignInCode(page, email);
    await expect(page).toHaveURL(/\/acme\/account$/);
  });

  test("a second reset request replaces the first link", async ({ page }) => {
    const email = await createVerifiedUser(page, "acme", "relink");
    for (let i = 0; i < 2; i++) {
      await page.goto("/acme/forgot-password");
      await page.getByLabel("Email address").fill(email);
      await page.getByRole("button", { name: "Send reset link" }).click();
      await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
    }
    const first = linkIn(await waitForMail(email, /Reset your password/, 1), "/acme/reset-password");
    const second = linkIn(await waitForMail(email, /Reset your password/, 2), "/acme/reset-password");
    await page.goto(first);
    await expect(page.getByRole("heading", { name: "This link can't be used" })).toBeVisible();
    await page.goto(second);
    await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  });

  test("a reset link of one tenant does nothing at another", async ({ page }) => {
    const email = await createVerifiedUser(page, "acme", "crosstenant");
    await page.goto("/acme/forgot-password");
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    const link = linkIn(await waitForMail(email, /Reset your password/), "/acme/reset-password");
    await page.goto(link.replace("/acme/", "/globex/"));
    await expect(page.getByRole("heading", { name: "This link can't be used" })).toBeVisible();
  });

  test("forgot-password for an unknown address shows the same page and sends nothing", async ({ page }) => {
    const email = uniqueEmail("nobody");
    await page.goto("/acme/forgot-password");
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
    await expect(page.getByText(/If an account uses that address/)).toBeVisible();
  });
});
