import { expect, linkIn, signOut, test, uniqueEmail, waitForMail } from "./support/fixtures";
import { addVirtualAuthenticator, withoutPasskeyAutofill } from "./support/webauthn";

// `initech` is seeded by the e2e server as a passwordless tenant: passkeys only.
test.describe("passwordless tenant", () => {
  test("sign up with an email only → confirm → create a passkey → signed in at AAL2 → sign out → sign in with the passkey → the only passkey cannot be removed", async ({
    page,
    context,
  }) => {
    await withoutPasskeyAutofill(page);
    await addVirtualAuthenticator(context, page);
    const email = uniqueEmail("passwordless");

    await page.goto("/initech/signup");
    await expect(page.getByLabel("Password", { exact: true })).toHaveCount(0);
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Name (optional)").fill("Milton");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();

    await page.goto(linkIn(await waitForMail(email, /Confirm your email/), "/initech/verify-email"));
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await expect(page).toHaveURL(/\/initech\/login\/enrol$/);
    await expect(page.getByRole("heading", { name: "Create your passkey" })).toBeVisible();
    // The setup session opens nothing but this page.
    const account = await page.request.get("/initech/account/security", { maxRedirects: 0 });
    expect(account.status()).toBeGreaterThanOrEqual(300);
    expect(account.status()).toBeLessThan(400);
    expect(account.headers()["location"]).toContain("/initech/login");

    await page.getByLabel("Name for the new passkey").fill("Red stapler");
    await page.getByRole("button", { name: "Create a passkey" }).click();
    await expect(page).toHaveURL(/\/initech\/account$/);
    await page.goto("/initech/account/sessions");
    // Chromium's platform authenticator verifies the user; its "device-bound" flag is unattested: AAL2.
    await expect(page.getByTestId("session").first()).toContainText("AAL2");

    await signOut(page);
    await expect(page).toHaveURL(/\/initech\/login/);
    await expect(page.getByLabel("Password", { exact: true })).toHaveCount(0);
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page).toHaveURL(/\/initech\/account$/);

    await page.goto("/initech/account/security");
    await expect(page.getByRole("heading", { name: "Password" })).toHaveCount(0);
    await expect(page.getByTestId("passkey")).toHaveCount(1);
    await page.getByRole("button", { name: "Remove Red stapler" }).click();
    await expect(
      page.getByText(
        "This is your only passkey and your only way to sign in, so it cannot be removed. Add another passkey first.",
      ),
    ).toBeVisible();
    await page.reload();
    await expect(page.getByTestId("passkey")).toContainText("Red stapler");
  });

  test("signing up again with the address answers the same and mails the owner", async ({ page }) => {
    const email = uniqueEmail("passwordless-again");
    for (let i = 0; i < 2; i++) {
      await page.goto("/initech/signup");
      await page.getByLabel("Email address").fill(email);
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
    }
    const notice = await waitForMail(email, /Someone tried to sign up/);
    expect(notice.text).toContain("sign in with your passkey");
  });

  test("the sign-in page offers passkeys only: autofill on the email field and a button, no password field", async ({
    page,
  }) => {
    await page.goto("/initech/login");
    await expect(page.getByLabel("Email address")).toHaveAttribute("autocomplete", "username webauthn");
    await expect(page.getByLabel("Password", { exact: true })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toBeVisible();
  });
});
