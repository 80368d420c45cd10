import { randomInt } from "node:crypto";
import type { Page } from "@playwright/test";
import { totpCodeAt } from "../lib/identity/totp";
import { BASE_URL } from "./support/env";
import {
  createVerifiedUser,
  enterSignInCode,
  expect,
  expectNoAxeViolations,
  mailsTo,
  NEW_PASSWORD,
  PASSWORD,
  randomIp,
  setClockOffset,
  signIn,
  test,
  turnOnAuthenticatorApp,
  waitForMail,
} from "./support/fixtures";
import { addVirtualAuthenticator, withoutPasskeyAutofill } from "./support/webauthn";

// Several tests move the server's clock (a file the e2e server reads). The config runs one worker,
// so no other test sees the moved clock; each test puts it back to real time afterwards.
const MINUTE = 60_000;
test.afterEach(() => setClockOffset(0));

/** The clock offsets below count from the sign-in, which happens at (almost) real time. */
function minutesAfterSignIn(minutes: number) {
  setClockOffset(minutes * MINUTE);
}

/** An address on a network (/24) that no test's `clientIp` (198.51.x.y) shares. */
const otherNetworkIp = () => `203.0.113.${randomInt(1, 255)}`;

/** A browser of another family than the tests' Chrome on Windows (and no automation markers). */
const FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

const stepUpUrl = (action: string, returnTo: string) =>
  `/acme/step-up?${new URLSearchParams({ action, returnTo }).toString()}`;

async function signedInUser(page: Page, prefix: string): Promise<string> {
  const email = await createVerifiedUser(page, "acme", prefix);
  await signIn(page, "acme", email);
  await expect(page).toHaveURL(/\/acme\/account$/);
  return email;
}

async function confirmWithPassword(page: Page, password = PASSWORD) {
  await page.getByLabel("Your password").fill(password);
  await page.getByRole("button", { name: "Confirm with password" }).click();
}

async function fillNewPassword(page: Page, current: string, next: string) {
  await page.getByLabel("Current password").fill(current);
  await page.getByLabel("New password", { exact: true }).fill(next);
  await page.getByLabel("Confirm new password").fill(next);
  await page.getByRole("button", { name: "Change password" }).click();
}

async function createPasskey(page: Page) {
  await page.goto("/acme/account/security");
  await page.getByLabel("Name for the new passkey").fill("Test laptop");
  await page.getByRole("button", { name: "Create a passkey" }).click();
  await expect(page.getByText("Your passkey was created.")).toBeVisible();
}

async function submitPayout(page: Page, holder: string, iban: string) {
  await page.getByLabel("Account holder").fill(holder);
  await page.getByLabel("IBAN").fill(iban);
  await page.getByRole("button", { name: "Change payout account" }).click();
}

test.describe("step-up for sensitive actions", () => {
  test("a profile change 31 minutes after sign-in asks for the password, keeps the typed name and then saves it", async ({
    page,
  }) => {
    await signedInUser(page, "stepup-profile");
    // Within 30 minutes of the sign-in the sign-in itself covers a profile change.
    await page.getByLabel("Display name").fill("Ada");
    await page.getByRole("button", { name: "Save profile" }).click();
    await expect(page.getByText("Your profile was saved.")).toBeVisible();

    minutesAfterSignIn(31);
    await page.goto("/acme/account");
    await page.getByLabel("Display name").fill("Ada Lovelace");
    await page.getByRole("button", { name: "Save profile" }).click();
    await expect(page).toHaveURL(/\/acme\/step-up\?/);
    const query = new URL(page.url()).searchParams;
    expect(query.get("action")).toBe("profile.update");
    expect(query.get("returnTo")).toBe("/acme/account?displayName=Ada+Lovelace");
    await expect(page.getByRole("heading", { name: "Confirm it's you", level: 1 })).toBeVisible();
    await expect(page.getByText("Update your profile: for your security, prove it's you again.")).toBeVisible();
    await expect(page.getByTestId("step-up-panel")).toContainText(
      "This needs your password or another sign-in method.",
    );
    await expectNoAxeViolations(page, "step-up page (password)");

    await confirmWithPassword(page, NEW_PASSWORD);
    await expect(page.getByText("That password is not correct.")).toBeVisible();
    await confirmWithPassword(page);
    // Back on the page the change started from, with the name still typed in.
    await expect(page).toHaveURL(/\/acme\/account\?displayName=Ada\+Lovelace$/);
    await expect(page.getByLabel("Display name")).toHaveValue("Ada Lovelace");
    await page.getByRole("button", { name: "Save profile" }).click();
    await expect(page.getByText("Your profile was saved.")).toBeVisible();
    await page.goto("/acme/account");
    await expect(page.getByLabel("Display name")).toHaveValue("Ada Lovelace");
  });

  test("payout.change accepts only a passkey, and each confirmation allows one change", async ({ page, context }) => {
    await withoutPasskeyAutofill(page);
    await signedInUser(page, "stepup-payout");
    // Without a passkey the page says what is missing instead of offering a weaker method.
    await page.goto("/acme/account/payout");
    await expect(
      page.getByText('"Change where your payouts go" needs a passkey. Add one on your Security page first.'),
    ).toBeVisible();
    await addVirtualAuthenticator(context, page);
    await createPasskey(page);

    await page.goto("/acme/account/payout");
    await expect(page.getByTestId("payout-current")).toHaveText("No payout account yet.");
    await submitPayout(page, "Ada Lovelace", "DE89 3704 0044 0532 0130 00");
    // Bank details are not carried through the step-up page's address.
    await expect(page).toHaveURL(`${BASE_URL}${stepUpUrl("payout.change", "/acme/account/payout")}`);
    const panel = page.getByTestId("step-up-panel");
    await expect(panel).toContainText(
      "Confirm it's you to continue: change where your payouts go. This needs a second factor (a passkey or your authenticator app).",
    );
    // The user has a password, but the policy names only the passkey.
    await expect(panel.getByRole("button")).toHaveText(["Confirm with a passkey"]);
    await expect(page.getByLabel("Your password")).toHaveCount(0);
    await expect(page.getByLabel("Code from your authenticator app")).toHaveCount(0);
    await expectNoAxeViolations(page, "step-up page (passkey only)");
    await panel.getByRole("button", { name: "Confirm with a passkey" }).click();
    await expect(page).toHaveURL(/\/acme\/account\/payout$/);

    await submitPayout(page, "Ada Lovelace", "DE89 3704 0044 0532 0130 00");
    await expect(page.getByText("Your payout account was changed. We sent you a confirmation by mail.")).toBeVisible();
    await expect(page.getByTestId("payout-current")).toHaveText("Ada Lovelace, DE89 •••• 3000");

    // The confirmation was used up by that change: the next one asks again.
    await submitPayout(page, "Ada Lovelace", "GB82 WEST 1234 5698 7654 32");
    await expect(page).toHaveURL(/\/acme\/step-up\?action=payout\.change&/);
    await page.getByRole("button", { name: "Confirm with a passkey" }).click();
    await expect(page).toHaveURL(/\/acme\/account\/payout$/);
    await expect(page.getByTestId("payout-current")).toHaveText("Ada Lovelace, DE89 •••• 3000");
    await submitPayout(page, "Ada Lovelace", "GB82 WEST 1234 5698 7654 32");
    await expect(page.getByText("Your payout account was changed.", { exact: false })).toBeVisible();
    await expect(page.getByTestId("payout-current")).toHaveText("Ada Lovelace, GB82 •••• 5432");
  });

  test("a confirmation for changing sign-in methods expires after five minutes", async ({ page }) => {
    await signedInUser(page, "stepup-expiry");
    const confirmSection = page.getByRole("heading", { name: "Confirm it's you", level: 2 });
    // Ten minutes after sign-in, password and sign-in method changes need a fresh confirmation.
    minutesAfterSignIn(10);
    await page.goto("/acme/account/security");
    await expect(confirmSection).toBeVisible();
    await fillNewPassword(page, PASSWORD, NEW_PASSWORD);
    await expect(page).toHaveURL(`${BASE_URL}${stepUpUrl("password.change", "/acme/account/security")}`);
    await confirmWithPassword(page);
    await expect(page).toHaveURL(/\/acme\/account\/security$/);
    await expect(confirmSection).toHaveCount(0);
    // Passwords are not carried through the step-up: typed again.
    await fillNewPassword(page, PASSWORD, NEW_PASSWORD);
    await expect(page.getByText(/^Your password was changed\./)).toBeVisible();

    // Three minutes into the confirmation it still holds …
    minutesAfterSignIn(13);
    await page.reload();
    await expect(page.getByRole("heading", { name: "Security", level: 1 })).toBeVisible();
    await expect(confirmSection).toHaveCount(0);
    // … six minutes in it has expired, and the same action asks again.
    minutesAfterSignIn(16);
    await page.reload();
    await expect(confirmSection).toBeVisible();
    await fillNewPassword(page, NEW_PASSWORD, PASSWORD);
    await expect(page).toHaveURL(`${BASE_URL}${stepUpUrl("password.change", "/acme/account/security")}`);
  });
});

test.describe("sessions re-evaluated when their context changes (tenant defaults)", () => {
  test("a new network mid-session downgrades it: sensitive actions need a confirmation again and the sessions page says why", async ({
    page,
    context,
  }) => {
    await signedInUser(page, "context-network");
    const confirmSection = page.getByRole("heading", { name: "Confirm it's you", level: 2 });
    await page.goto("/acme/account/security");
    await expect(page.getByRole("heading", { name: "Security", level: 1 })).toBeVisible();
    await expect(confirmSection).toHaveCount(0);

    const newIp = otherNetworkIp();
    await context.setExtraHTTPHeaders({ "x-forwarded-for": newIp });
    await page.reload();
    // Still signed in, but the sign-in no longer counts for sensitive actions.
    await expect(page.getByRole("heading", { name: "Security", level: 1 })).toBeVisible();
    await expect(confirmSection).toBeVisible();
    await page.goto("/acme/account/sessions");
    const session = page.getByTestId("session");
    await expect(session).toHaveCount(1);
    await expect(session).toContainText(newIp);
    await expect(page.getByTestId("session-context")).toHaveText(
      /^Network changed at .+ GMT: sensitive actions need confirmation again\.$/,
    );

    await page.goto("/acme/account/security");
    await confirmWithPassword(page);
    await expect(page).toHaveURL(/\/acme\/account\/security$/);
    await expect(confirmSection).toHaveCount(0);
  });

  test("another browser family mid-session ends it", async ({ page }) => {
    const email = await signedInUser(page, "context-browser");
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.setUserAgentOverride", { userAgent: FIREFOX_ON_LINUX });
    await page.goto("/acme/account/sessions");
    await expect(page).toHaveURL(/\/acme\/login\?returnTo=%2Facme%2Faccount%2Fsessions$/);
    expect(await page.evaluate(() => navigator.userAgent)).toBe(FIREFOX_ON_LINUX);

    // Signing in again works; the ended session is gone from the list.
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/account$/);
    await page.goto("/acme/account/sessions");
    await expect(page.getByTestId("session")).toHaveCount(1);
    await expect(page.getByTestId("session")).toContainText("Firefox 140 on Linux");
  });
});

test.describe("step-up cannot be misused", () => {
  test("returnTo on the step-up page never leaves the tenant", async ({ page }) => {
    await signedInUser(page, "stepup-return");
    // Right after sign-in a profile change is covered, so the step-up page goes straight to returnTo.
    const hostile = [
      "https://evil.test/acme/account",
      "//evil.test/acme/account",
      "/\\evil.test/acme/account",
      "/%2F%2Fevil.test",
      "/globex/account",
      "/acme/../globex/account",
      "/acme/%2e%2e/globex/account",
      "javascript:alert(1)",
      "/acme/login",
    ];
    for (const returnTo of hostile) {
      await page.goto(stepUpUrl("profile.update", returnTo));
      await expect(page, returnTo).toHaveURL(`${BASE_URL}/acme/account`);
    }
    await page.goto(stepUpUrl("profile.update", "/acme/account/sessions"));
    await expect(page).toHaveURL(`${BASE_URL}/acme/account/sessions`);

    // When a step-up is needed, the returnTo the form posts is checked again on the server.
    minutesAfterSignIn(31);
    await page.goto(stepUpUrl("profile.update", "//evil.test/"));
    await expect(page.getByRole("heading", { name: "Confirm it's you", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "Go back" })).toHaveAttribute("href", "/acme/account");
    const forged = "https://evil.test/acme/account";
    await page
      .locator('input[type="hidden"][name="returnTo"]')
      .evaluate((input, value) => ((input as HTMLInputElement).value = value), forged);
    const posted = page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/acme/step-up");
    await confirmWithPassword(page);
    expect((await posted).postData()).toContain(forged);
    await expect(page).toHaveURL(`${BASE_URL}/acme/account`);
  });

  test("a step-up in one browser does not count for another session of the same user", async ({ page, browser }) => {
    const email = await signedInUser(page, "stepup-binding");
    const other = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": randomIp() } });
    try {
      const otherPage = await other.newPage();
      await signIn(otherPage, "acme", email);
      await enterSignInCode(otherPage, email);
      await expect(otherPage).toHaveURL(/\/acme\/account$/);

      minutesAfterSignIn(31);
      const url = stepUpUrl("profile.update", "/acme/account/sessions");
      await page.goto(url);
      await confirmWithPassword(page);
      await expect(page).toHaveURL(/\/acme\/account\/sessions$/);
      await page.goto(url);
      await expect(page).toHaveURL(/\/acme\/account\/sessions$/);

      // The other session of the same user still has to confirm for itself.
      await otherPage.goto(url);
      await expect(otherPage.getByRole("heading", { name: "Confirm it's you", level: 1 })).toBeVisible();
      await otherPage.goto("/acme/account");
      await otherPage.getByLabel("Display name").fill("Grace");
      await otherPage.getByRole("button", { name: "Save profile" }).click();
      await expect(otherPage).toHaveURL(/\/acme\/step-up\?action=profile\.update&/);
    } finally {
      await other.close();
    }
  });
});

test("a sign-in from a new device on a new network asks the second factor and mails the user; the known device gets no mail", async ({
  page,
  browser,
}) => {
  const email = await signedInUser(page, "risk-new-device");
  await page.goto("/acme/account/security");
  const { secret, codes } = await turnOnAuthenticatorApp(page);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login\?notice=signed-out$/);

  // The known device and network: the second factor, as always for a user who has one.
  await signIn(page, "acme", email);
  await expect(page).toHaveURL(/\/acme\/login\/second-factor/);
  await page.getByLabel("Code").fill(codes[0]!);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/acme\/account$/);

  // A new browser (no device cookie) on another network.
  const newIp = otherNetworkIp();
  const other = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": newIp } });
  try {
    const otherPage = await other.newPage();
    await signIn(otherPage, "acme", email);
    await expect(otherPage).toHaveURL(/\/acme\/login\/second-factor/);
    // The right password with the second factor still pending, from a new device: the owner is told.
    const partial = await waitForMail(email, /^Your password was used to start a sign-in/);
    expect(partial.text).toContain("203.0.113.0/24");
    // A code for the next 30-second step: the drift window accepts it and it was never used.
    await otherPage.getByLabel("Code").fill(totpCodeAt(secret, new Date(Date.now() + 30_000)));
    await otherPage.getByRole("button", { name: "Continue" }).click();
    await expect(otherPage).toHaveURL(/\/acme\/account$/);
  } finally {
    await other.close();
  }
  const mail = await waitForMail(email, /New sign-in to your account/);
  expect(mail.text).toContain("from a device we have not seen before");
  expect(mail.text).toContain(`Network address: ${newIp}.`);
  // Mail goes out in order: a mail for the known device's sign-in would have come first.
  expect((await mailsTo(email)).filter((m) => /New sign-in to your account/.test(m.subject))).toHaveLength(1);
});
