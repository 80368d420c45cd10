import { devices } from "@playwright/test";
import { BASE_URL } from "./support/env";
import { createVerifiedUser, expect, randomIp, setClockOffset, signIn, signOut, test } from "./support/fixtures";
import { addVirtualAuthenticator, withoutPasskeyAutofill } from "./support/webauthn";

test.describe("passkeys", () => {
  test("register a passkey; it completes a password sign-in as the second step (button) and signs in alone by autofill", async ({
    page,
    context,
  }) => {
    const email = await createVerifiedUser(page, "acme", "passkey");
    const { cdp, authenticatorId } = await addVirtualAuthenticator(context, page);
    const presence = (enabled: boolean) =>
      cdp.send("WebAuthn.setAutomaticPresenceSimulation", { authenticatorId, enabled });
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/account$/);
    await page.goto("/acme/account/security");
    await page.getByLabel("Name for the new passkey").fill("Test laptop");
    await page.getByRole("button", { name: "Create a passkey" }).click();
    await expect(page.getByText("Your passkey was created.")).toBeVisible();
    await expect(page.getByTestId("passkey")).toContainText("Test laptop");
    await presence(false);
    await signOut(page);

    // With a passkey, the password alone needs a second step, which the passkey gives (button).
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/second-factor/);
    await presence(true);
    await page.getByRole("button", { name: "Use a passkey" }).click();
    await expect(page).toHaveURL(/\/acme\/account$/);
    await page.goto("/acme/account/sessions");
    await expect(page.getByTestId("session").first()).toContainText("AAL");
    await page.getByRole("button", { name: "Sign out", exact: true }).click();

    // On the sign-in page the passkey is offered through the email field's autofill (conditional
    // mediation); the virtual authenticator accepts at once, so no email is typed at all.
    await expect(page).toHaveURL(/\/acme\/account$/);
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
    await page.goto("/acme/account/sessions");
    // A platform passkey with user verification that says it is not backed up, attestation "none":
    // nothing vouches for the "device-bound" claim, so AAL2 (AAL3 needs a trusted attestation).
    await expect(page.getByTestId("session").first()).toContainText("AAL2");
  });

  test("a passkey of one tenant does not sign in at another", async ({ page, context }) => {
    await withoutPasskeyAutofill(page);
    const email = await createVerifiedUser(page, "acme", "passkey-tenant");
    await addVirtualAuthenticator(context, page);
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/account$/);
    await page.goto("/acme/account/security");
    await page.getByRole("button", { name: "Create a passkey" }).click();
    await expect(page.getByText("Your passkey was created.")).toBeVisible();
    await signOut(page);
    await page.goto("/globex/login");
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page.getByText("That passkey could not be used. Try again.")).toBeVisible();
    await expect(page).toHaveURL(/\/globex\/login/);
  });
});

test("the passkey offer after sign-in can be declined and does not come back", async ({ page }) => {
  const email = await createVerifiedUser(page, "acme", "offer");
  await signIn(page, "acme", email);
  await expect(page).toHaveURL(/\/acme\/account$/);
  await expect(page.getByRole("heading", { name: "Sign in faster with a passkey" })).toBeVisible();
  await page.getByRole("button", { name: "Not now" }).click();
  await expect(page.getByRole("heading", { name: "Sign in faster with a passkey" })).toHaveCount(0);
  await signOut(page);
  await signIn(page, "acme", email);
  await expect(page).toHaveURL(/\/acme\/account$/);
  await expect(page.getByRole("heading", { name: "Your profile" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Sign in faster with a passkey" })).toHaveCount(0);
});

test("a replayed passkey assertion is refused", async ({ page, context }) => {
  await withoutPasskeyAutofill(page);
  const email = await createVerifiedUser(page, "acme", "replay");
  await addVirtualAuthenticator(context, page);
  await signIn(page, "acme", email);
  await expect(page).toHaveURL(/\/acme\/account$/);
  await page.goto("/acme/account/security");
  await page.getByRole("button", { name: "Create a passkey" }).click();
  await expect(page.getByText("Your passkey was created.")).toBeVisible();
  await signOut(page);
  // Capture the assertion the browser sends, then send it again.
  const captured = page.waitForRequest((r) => r.url().endsWith("/api/acme/passkeys/login") && r.method() === "POST");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  const body = (await captured).postData()!;
  await expect(page).toHaveURL(/\/acme\/account$/);
  const replay = await page.request.post("/api/acme/passkeys/login", {
    headers: { "content-type": "application/json", origin: BASE_URL },
    data: body,
  });
  expect(replay.status()).toBe(400);
  expect(await replay.json()).toMatchObject({ error: "CEREMONY_FAILED" });
});

test("wrong passwords from other browsers pause the account, yet its owner's passkey still signs in", async ({
  page,
  context,
  browser,
}) => {
  await withoutPasskeyAutofill(page);
  const email = await createVerifiedUser(page, "acme", "lockout-passkey");
  await addVirtualAuthenticator(context, page);
  await signIn(page, "acme", email);
  await expect(page).toHaveURL(/\/acme\/account$/);
  await page.goto("/acme/account/security");
  await page.getByRole("button", { name: "Create a passkey" }).click();
  await expect(page.getByText("Your passkey was created.")).toBeVisible();
  await signOut(page);

  // Someone who knows the address: another browser and network, wrong passwords until the pause.
  const other = await browser.newContext({
    ...devices["Desktop Chrome"],
    baseURL: BASE_URL,
    extraHTTPHeaders: { "x-forwarded-for": randomIp() },
  });
  const attacker = await other.newPage();
  try {
    for (let i = 1; i <= 10; i++) {
      // Past each growing delay on the server's clock, so the attempts are not merely "wait".
      setClockOffset(i * 61_000);
      await signIn(attacker, "acme", email, `wrong password number ${i}`);
      await expect(attacker.getByText(i < 10 ? "Incorrect email or password." : /Sign-in is paused/)).toBeVisible();
    }
    await signIn(attacker, "acme", email);
    await expect(attacker.getByText(/Sign-in is paused/)).toBeVisible();

    // The owner's passkey is not a password: the pause does not refuse it.
    await page.goto("/acme/login");
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page).toHaveURL(/\/acme\/account$/);
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  } finally {
    setClockOffset(0);
    await other.close();
  }
});
