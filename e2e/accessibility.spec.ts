import { totpCodeAt } from "../lib/identity/totp";
import {
  createVerifiedUser,
  expect,
  expectNoAxeViolations,
  linkIn,
  signIn,
  signOut,
  signUp,
  test,
  uniqueEmail,
  waitForMail,
} from "./support/fixtures";
import { addVirtualAuthenticator } from "./support/webauthn";

test.describe("accessibility (axe, WCAG 2.2 AA)", () => {
  test("public pages of both tenants", async ({ page }) => {
    for (const path of [
      "/",
      "/acme/login",
      "/globex/login",
      "/acme/signup",
      "/globex/signup",
      "/acme/forgot-password",
      "/acme/forgot-password?sent=1",
      "/acme/signup?sent=1",
      "/acme/reset-password?token=invalid",
      "/acme/verify-email?token=invalid",
      "/acme/recover/cancel?token=invalid",
      "/acme/recover/cancel?done=1",
      "/acme/recover/started?until=2030-01-01T00:00:00.000Z",
      "/no-such-tenant/login",
      "/initech/login",
      "/initech/signup",
    ]) {
      await page.goto(path);
      await expectNoAxeViolations(page, path);
    }
  });

  test("forms with errors", async ({ page }) => {
    await page.goto("/acme/signup");
    await page.getByLabel("Email address").fill("not-an-address");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Please correct the highlighted field.")).toBeVisible();
    await expectNoAxeViolations(page, "sign-up with an error");
    await page.goto("/acme/login");
    await page.getByLabel("Email address").fill(uniqueEmail("axe"));
    await page.getByLabel("Password", { exact: true }).fill("wrong password here");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByText("Incorrect email or password.")).toBeVisible();
    await expectNoAxeViolations(page, "sign-in with an error");
  });

  test("link pages and the signed-in account pages", async ({ page }) => {
    const email = uniqueEmail("axe-account");
    await signUp(page, "acme", email);
    await page.goto(linkIn(await waitForMail(email, /Confirm your email/), "/acme/verify-email"));
    await expectNoAxeViolations(page, "verify-email");
    await page.goto("/acme/forgot-password");
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await page.goto(linkIn(await waitForMail(email, /Reset your password/), "/acme/reset-password"));
    await expectNoAxeViolations(page, "reset-password");
    // Still unconfirmed: the right password leads to "confirm your email first".
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/login\/confirm-email$/);
    await expectNoAxeViolations(page, "confirm your email first");
    // Where unconfirmed accounts may sign in, the account pages say what waits for the confirmation.
    const unconfirmed = uniqueEmail("axe-stark");
    await signUp(page, "stark", unconfirmed);
    await signIn(page, "stark", unconfirmed);
    await expect(page).toHaveURL(/\/stark\/account$/);
    for (const path of ["/stark/account", "/stark/account/security"]) {
      await page.goto(path);
      await expectNoAxeViolations(page, `${path} (unconfirmed)`);
    }
    const verified = await createVerifiedUser(page, "acme", "axe-verified");
    await expectNoAxeViolations(page, "verify-email done");
    await signIn(page, "acme", verified);
    await expect(page).toHaveURL(/\/acme\/account$/);
    for (const path of ["/acme/account", "/acme/account/security", "/acme/account/sessions", "/acme/account/apps"]) {
      await page.goto(path);
      await expectNoAxeViolations(page, path);
    }
  });

  test("recovery pages for a user with a second factor", async ({ page }) => {
    const email = await createVerifiedUser(page, "acme", "axe-recovery");
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/account$/);
    await page.goto("/acme/account/security");
    await page.getByRole("button", { name: "Set up authenticator app" }).click();
    const secret = (await page.getByTestId("totp-secret").innerText()).trim();
    await page.getByLabel("Code from the app").fill(totpCodeAt(secret, new Date()));
    await page.getByRole("button", { name: "Turn on" }).click();
    await expect(page.getByText("Your authenticator app is set up.")).toBeVisible();
    await signOut(page);
    await page.goto("/acme/forgot-password");
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await page.goto(linkIn(await waitForMail(email, /Reset your password/), "/acme/reset-password"));
    await expect(page.getByLabel("Code from your authenticator app or a recovery code")).toBeVisible();
    await expectNoAxeViolations(page, "reset-password with a second factor");
    await page.getByRole("button", { name: "I can't use any of my second factors" }).click();
    await expect(page.getByRole("heading", { name: "Account recovery requested" })).toBeVisible();
    await expectNoAxeViolations(page, "recovery requested");
    await page.goto(linkIn(await waitForMail(email, /Account recovery requested/), "/acme/recover/cancel"));
    await expectNoAxeViolations(page, "cancel recovery");
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/login\/second-factor/);
    await page.getByLabel("Code").fill(totpCodeAt(secret, new Date(Date.now() + 30_000)));
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(/\/acme\/account$/);
    await page.goto("/acme/account/security");
    await expect(page.getByRole("heading", { name: "Account recovery pending" })).toBeVisible();
    await expectNoAxeViolations(page, "security page with a pending recovery");
    await page.getByRole("button", { name: "Cancel the recovery" }).click();
    await expect(page.getByText("The recovery was cancelled.")).toBeVisible();
  });

  test("passwordless tenant: creating the first passkey, the account security page and the refused removal", async ({
    page,
    context,
  }) => {
    await addVirtualAuthenticator(context, page);
    const email = uniqueEmail("axe-passwordless");
    await page.goto("/initech/signup");
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
    await page.goto(linkIn(await waitForMail(email, /Confirm your email/), "/initech/verify-email"));
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await expect(page.getByRole("heading", { name: "Create your passkey" })).toBeVisible();
    await expectNoAxeViolations(page, "create your passkey");
    await page.getByRole("button", { name: "Create a passkey" }).click();
    await expect(page).toHaveURL(/\/initech\/account$/);
    await page.goto("/initech/account/security");
    await expectNoAxeViolations(page, "/initech/account/security");
    await page.getByRole("button", { name: /^Remove / }).click();
    await expect(page.getByText(/cannot be removed/)).toBeVisible();
    await expectNoAxeViolations(page, "refused passkey removal");
  });
});
