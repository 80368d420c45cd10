import { randomInt } from "node:crypto";
import { devices, type Browser, type Page } from "@playwright/test";
import { totpCodeAt } from "../lib/identity/totp";
import { BASE_URL } from "./support/env";
import {
  createVerifiedUser,
  expect,
  expectNoAxeViolations,
  randomIp,
  signIn,
  signInCodeFor,
  signOut,
  test,
  turnOnAuthenticatorApp,
  waitForMail,
} from "./support/fixtures";

/** A code for the next 30-second step (accepted through the ±1 step drift window), so it is never the one just used. */
const nextCode = (secret: string) => totpCodeAt(secret, new Date(Date.now() + 30_000));

async function enrolTotp(page: Page, tenant: string) {
  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  const secret = (await page.getByTestId("totp-secret").innerText()).trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await page.getByLabel("Code from the app").fill("000000");
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText(/That code is not right/)).toBeVisible();
  await page.getByLabel("Code from the app").fill(totpCodeAt(secret, new Date()));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("Your authenticator app is set up.")).toBeVisible();
  const codes = (await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").allInnerTexts()).map(
    (c) => c.trim(),
  );
  expect(codes).toHaveLength(10);
  expect(tenant).toBeTruthy();
  return { secret, codes };
}

test.describe("authenticator app and recovery codes", () => {
  test("enrol TOTP from the page, then sign-in needs a code; a recovery code works once", async ({ page }) => {
    const email = await createVerifiedUser(page, "acme", "totp");
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/account$/);
    await page.goto("/acme/account/security");
    const { secret, codes } = await enrolTotp(page, "acme");

    await page.goto("/acme/account/sessions");
    await expect(page.getByTestId("session").first()).toContainText("AAL2");
    await signOut(page);

    // The password alone opens nothing but the second step.
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/login\/second-factor/);
    await page.goto("/acme/account");
    await expect(page).toHaveURL(/\/acme\/login/);
    await signIn(page, "acme", email);
    await page.getByLabel("Code").fill("123456");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByText(/That code is not right/)).toBeVisible();
    await page.getByLabel("Code").fill(nextCode(secret));
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(/\/acme\/account$/);
    await signOut(page);

    await signIn(page, "acme", email);
    await page.getByLabel("Code").fill(codes[0]!);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(/\/acme\/account$/);
    await page.goto("/acme/account/security");
    await expect(page.getByTestId("recovery-count")).toHaveText("9 of 10 recovery codes left.");
    await signOut(page);

    await signIn(page, "acme", email);
    await page.getByLabel("Code").fill(codes[0]!);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByText(/That code is not right/)).toBeVisible();
  });

  test("a tenant that requires a second factor makes a new user enrol before anything else", async ({ page }) => {
    const email = await createVerifiedUser(page, "umbrella", "required");
    await signIn(page, "umbrella", email);
    await expect(page).toHaveURL(/\/umbrella\/login\/enrol/);
    await page.goto("/umbrella/account");
    await expect(page).toHaveURL(/\/umbrella\/login/);
    await signIn(page, "umbrella", email);
    await expect(page.getByRole("heading", { name: "Set up a second step" })).toBeVisible();
    await enrolTotp(page, "umbrella");
    await page.getByRole("link", { name: "Continue" }).click();
    await expect(page).toHaveURL(/\/umbrella\/account$/);
    await page.goto("/umbrella/account/sessions");
    await expect(page.getByTestId("session").first()).toContainText("AAL2");
  });
});

test("wrong codes from another browser end its sign-ins and then lock the account, yet the owner's browser signs in with the right code", async ({
  page,
  browser,
}) => {
  const email = await createVerifiedUser(page, "acme", "guessed-codes");
  await signIn(page, "acme", email);
  await expect(page).toHaveURL(/\/acme\/account$/);
  await page.goto("/acme/account/security");
  const { secret } = await turnOnAuthenticatorApp(page);
  await signOut(page);

  // Someone who has the password, in another browser: 5 codes per sign-in, 20 in all.
  const other = await browser.newContext({
    ...devices["Desktop Chrome"],
    baseURL: BASE_URL,
    extraHTTPHeaders: { "x-forwarded-for": randomIp() },
  });
  const attacker = await other.newPage();
  try {
    for (let round = 1; round <= 4; round++) {
      await signIn(attacker, "acme", email);
      await expect(attacker).toHaveURL(/\/acme\/login\/second-factor/);
      for (let i = 1; i <= 5; i++) {
        await attacker.getByLabel("Code").fill(String(100000 + round * 10 + i));
        const answered = attacker.waitForResponse((r) => r.request().method() === "POST");
        await attacker.getByRole("button", { name: "Continue" }).click();
        await answered;
        if (i < 5) await expect(attacker.getByText(/That code is not right/)).toBeVisible();
      }
      if (round < 4)
        await expect(
          attacker.getByText("Too many wrong codes for that sign-in. Sign in again with your password."),
        ).toBeVisible();
    }
    await expect(attacker.getByText(/Sign-in is locked after too many wrong codes/)).toBeVisible();
    await waitForMail(email, /Sign-in to your account is locked/);
    // From that browser even the right password is refused now.
    await signIn(attacker, "acme", email);
    await expect(attacker.getByText(/Sign-in is locked/)).toBeVisible();
  } finally {
    await other.close();
  }

  // The owner's browser completed a sign-in before: it keeps its own budget and gets in.
  await signIn(page, "acme", email);
  await expect(page).toHaveURL(/\/acme\/login\/second-factor/);
  await page.getByLabel("Code").fill(nextCode(secret));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/acme\/account$/);
});

test("the second-factor pages have no accessibility violations", async ({ page }) => {
  const check = (label: string) => expectNoAxeViolations(page, label);
  const email = await createVerifiedUser(page, "acme", "axe-totp");
  await signIn(page, "acme", email);
  await expect(page).toHaveURL(/\/acme\/account$/);
  await page.goto("/acme/account/security");
  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  await expect(page.getByTestId("totp-secret")).toBeVisible();
  await check("security page with an enrolment in progress");
  const secret = (await page.getByTestId("totp-secret").innerText()).trim();
  await page.getByLabel("Code from the app").fill(totpCodeAt(secret, new Date()));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByRole("list", { name: "Recovery codes" })).toBeVisible();
  await check("security page showing recovery codes");
  await signOut(page);
  await signIn(page, "acme", email);
  await expect(page).toHaveURL(/second-factor/);
  await check("second-factor page");
});

/** A new browser (no device cookie) on a network the tests' own addresses (198.51.x.x) never use. */
async function newDeviceOnNewNetwork(browser: Browser) {
  const ip = `203.0.113.${randomInt(1, 255)}`;
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": ip } });
  return { context, page: await context.newPage() };
}

test.describe("a user without a second factor signing in from a new device and network", () => {
  test("waits on 'Check your email' for the 6-digit code: a wrong code is refused, a resent code replaces the first, and it signs in at AAL1", async ({
    page,
    browser,
  }) => {
    const email = await createVerifiedUser(page, "acme", "emailcode");
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/account$/);

    const other = await newDeviceOnNewNetwork(browser);
    try {
      await signIn(other.page, "acme", email);
      await expect(other.page).toHaveURL(/\/acme\/login\/email-code/);
      await expect(other.page.getByRole("heading", { name: "Check your email" })).toBeVisible();
      await expect(other.page.getByText(email)).toBeVisible();
      const field = other.page.getByLabel("Code from the email");
      await expect(field).toHaveAttribute("autocomplete", "one-time-code");
      await expect(field).toHaveAttribute("inputmode", "numeric");
      // The pointer is still where "Sign in" was, which is now over "Continue": hovering dims the button.
      await other.page.mouse.move(0, 0);
      await expectNoAxeViolations(other.page, "the email-code page");
      const mail = await waitForMail(email, /^Your sign-in code/);
      expect(mail.text).toMatch(/Approximate network: 203\.0\.113\.0\/24\./);
      const first = await signInCodeFor(email, 1);

      // The password alone opens nothing else.
      await other.page.goto("/acme/account");
      await expect(other.page).toHaveURL(/\/acme\/login\?returnTo=/);
      await other.page.goto("/acme/login/email-code");

      await field.fill(first === "000000" ? "000001" : "000000");
      await other.page.getByRole("button", { name: "Continue" }).click();
      await expect(
        other.page.getByText("That code is not right. Check the latest email from us and try again (4 tries left)."),
      ).toBeVisible();

      await other.page.getByRole("button", { name: "Send a new code" }).click();
      await expect(
        other.page.getByText(`We sent a new code to ${email}. The earlier code no longer works.`),
      ).toBeVisible();
      const second = await signInCodeFor(email, 2);
      if (second !== first) {
        await field.fill(first);
        await other.page.getByRole("button", { name: "Continue" }).click();
        await expect(other.page.getByText(/That code is not right.*\(3 tries left\)/)).toBeVisible();
      }
      await field.fill(second);
      await other.page.getByRole("button", { name: "Continue" }).click();
      await expect(other.page).toHaveURL(/\/acme\/account$/);
      await other.page.goto("/acme/account/sessions");
      await expect(other.page.getByTestId("session").first()).toContainText("AAL1 (password, code sent by email)");
    } finally {
      await other.context.close();
    }
  });

  test("five wrong codes end the pending sign-in: the user starts over", async ({ page, browser }) => {
    const email = await createVerifiedUser(page, "acme", "emailcode-wrong");
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/account$/);
    const other = await newDeviceOnNewNetwork(browser);
    try {
      await signIn(other.page, "acme", email);
      const code = await signInCodeFor(email, 1);
      const wrong = code === "000000" ? "000001" : "000000";
      for (let left = 4; left >= 1; left--) {
        await other.page.getByLabel("Code from the email").fill(wrong);
        await other.page.getByRole("button", { name: "Continue" }).click();
        await expect(other.page.getByText(new RegExp(`\\(${left} tr(y|ies) left\\)`))).toBeVisible();
      }
      await other.page.getByLabel("Code from the email").fill(wrong);
      await other.page.getByRole("button", { name: "Continue" }).click();
      await expect(other.page).toHaveURL(/\/acme\/login\?notice=code-attempts/);
      await expect(
        other.page.getByText(
          "The code from the email was wrong too many times, so that sign-in ended. Sign in again to get a new code.",
        ),
      ).toBeVisible();
      // The pending sign-in is over: its page sends the user back to sign in.
      await other.page.goto("/acme/login/email-code");
      await expect(other.page).toHaveURL(/\/acme\/login\?notice=session-ended/);
    } finally {
      await other.context.close();
    }
  });
});
