import { randomInt } from "node:crypto";
import {
  expect,
  linkIn,
  NEW_PASSWORD,
  PASSWORD,
  signInCodeFor,
  test,
  uniqueEmail,
  waitForMail,
} from "./support/fixtures";

// The core forms are plain HTML forms: with JavaScript off they post, the server runs the action
// and renders the next page.
test.use({ javaScriptEnabled: false });

test("with JavaScript disabled: sign up, verify, sign in, sign out, forgot and reset the password", async ({
  page,
}) => {
  const email = uniqueEmail("nojs");
  await page.goto("/acme/signup");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();

  await page.goto(linkIn(await waitForMail(email, /Confirm your email/), "/acme/verify-email"));
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(page.getByRole("heading", { name: "Email address confirmed" })).toBeVisible();

  // A wrong password shows the error without scripts.
  await page.goto("/acme/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("definitely not the password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("Incorrect email or password.")).toBeVisible();

  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/acme\/account$/);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/acme\/login\?notice=signed-out$/);

  await page.goto("/acme/forgot-password");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await page.goto(linkIn(await waitForMail(email, /Reset your password/), "/acme/reset-password"));
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/acme\/login\?notice=password-reset$/);

  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/acme\/account$/);
});

test("with JavaScript disabled: a sign-in from a new device and network is finished with the emailed code, and a new code can be asked for", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("nojs-code");
  await page.goto("/acme/signup");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.goto(linkIn(await waitForMail(email, /Confirm your email/), "/acme/verify-email"));
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await page.goto("/acme/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/acme\/account$/);

  const other = await browser.newContext({
    javaScriptEnabled: false,
    extraHTTPHeaders: { "x-forwarded-for": `203.0.113.${randomInt(1, 255)}` },
  });
  try {
    const elsewhere = await other.newPage();
    await elsewhere.goto("/acme/login");
    await elsewhere.getByLabel("Email address").fill(email);
    await elsewhere.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await elsewhere.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(elsewhere.getByRole("heading", { name: "Check your email" })).toBeVisible();
    const first = await signInCodeFor(email, 1);
    await elsewhere.getByLabel("Code from the email").fill("12345");
    await elsewhere.getByRole("button", { name: "Continue" }).click();
    await expect(elsewhere.getByText("Enter the 6-digit code from the email we sent you.")).toBeVisible();
    await elsewhere.getByRole("button", { name: "Send a new code" }).click();
    await expect(elsewhere.getByText(/We sent a new code to/)).toBeVisible();
    const second = await signInCodeFor(email, 2);
    if (second !== first) {
      await elsewhere.getByLabel("Code from the email").fill(first);
      await elsewhere.getByRole("button", { name: "Continue" }).click();
      await expect(elsewhere.getByText(/That code is not right/)).toBeVisible();
    }
    await elsewhere.getByLabel("Code from the email").fill(second);
    await elsewhere.getByRole("button", { name: "Continue" }).click();
    await expect(elsewhere).toHaveURL(/\/acme\/account$/);
    await expect(elsewhere.getByText(`Signed in as ${email}`)).toBeVisible();
  } finally {
    await other.close();
  }
});
