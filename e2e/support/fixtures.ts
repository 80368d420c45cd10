import AxeBuilder from "@axe-core/playwright";
import { randomBytes, randomInt } from "node:crypto";
import { test as base, type Browser, devices, expect, type Page } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { totpCodeAt } from "../../lib/identity/totp";
import { SINK_HTTP_PORT, TEST_CLOCK_FILE } from "./env";
import type { TSinkMessage } from "./mail-sink";

export const PASSWORD = "violet tractor snowfall lemon";
export const NEW_PASSWORD = "harbour pelican midnight quartz";

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString("hex")}@example.test`;
}

/** Addresses from the documentation ranges; they are only header values, never contacted. */
export function randomIp(): string {
  return `198.51.${randomInt(0, 255)}.${randomInt(1, 254)}`;
}

export const test = base.extend<{ clientIp: string }>({
  clientIp: async ({}, provide) => {
    await provide(randomIp());
  },
  context: async ({ context, clientIp }, provide) => {
    await context.setExtraHTTPHeaders({ "x-forwarded-for": clientIp });
    await provide(context);
  },
});

export { expect };

export async function mailsTo(to: string): Promise<TSinkMessage[]> {
  const response = await fetch(`http://127.0.0.1:${SINK_HTTP_PORT}/messages?to=${encodeURIComponent(to)}`);
  return (await response.json()) as TSinkMessage[];
}

/** Waits for the `nth` (1-based) mail to `to` whose subject matches. */
export async function waitForMail(to: string, subject: RegExp, nth = 1): Promise<TSinkMessage> {
  let found: TSinkMessage | undefined;
  await expect
    .poll(
      async () => {
        found = (await mailsTo(to)).filter((m) => subject.test(m.subject))[nth - 1];
        return found !== undefined;
      },
      { message: `mail to ${to} matching ${subject}`, timeout: 20_000 },
    )
    .toBe(true);
  return found as TSinkMessage;
}

export function linkIn(message: TSinkMessage, pathname: string): string {
  const match = message.text.match(
    new RegExp(`https?://[^\\s]+${pathname.replace(/\//g, "\\/")}\\?token=[A-Za-z0-9_-]+`),
  );
  if (!match) throw new Error(`no ${pathname} link in "${message.subject}"`);
  return match[0];
}

export async function signUp(page: Page, tenant: string, email: string, password = PASSWORD) {
  await page.goto(`/${tenant}/signup`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Confirm password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
}

export async function signIn(page: Page, tenant: string, email: string, password = PASSWORD) {
  await page.goto(`/${tenant}/login`);
  await page.getByLabel("Email address").fill(email);
  await passwordStep(page);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/**
 * A tenant with organisations asks for the address first (home-realm discovery): "Continue" leads
 * to the password step, with the address filled in. Other tenants show the password at once.
 */
export async function passwordStep(page: Page) {
  const next = page.getByRole("button", { name: "Continue", exact: true });
  if ((await next.count()) === 0) return;
  await next.click();
  await expect(page.getByLabel("Password", { exact: true })).toBeVisible();
}

/** Signs up, confirms the address from the mail, and ends on the confirmation page. */
export async function createVerifiedUser(page: Page, tenant: string, prefix: string): Promise<string> {
  const email = uniqueEmail(prefix);
  await signUp(page, tenant, email);
  const mail = await waitForMail(email, /Confirm your email/);
  await page.goto(linkIn(mail, `/${tenant}/verify-email`));
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(page.getByRole("heading", { name: "Email address confirmed" })).toBeVisible();
  return email;
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login\?notice=signed-out$/);
}

/** Moves the e2e server's clock `ms` ahead of real time (0 = real time again). */
export function setClockOffset(ms: number) {
  writeFileSync(TEST_CLOCK_FILE, String(Math.trunc(ms)));
}

/** On the Security page: turns on the authenticator app and returns its secret and recovery codes. */
export async function turnOnAuthenticatorApp(page: Page): Promise<{ secret: string; codes: string[] }> {
  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  const secret = (await page.getByTestId("totp-secret").innerText()).trim();
  await page.getByLabel("Code from the app").fill(totpCodeAt(secret, new Date()));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("Your authenticator app is set up.")).toBeVisible();
  const codes = (await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").allInnerTexts()).map(
    (c) => c.trim(),
  );
  return { secret, codes };
}

/**
 * Sets up the authenticator app from another browser on the same network and returns its secret:
 * the caller's own session stays what its sign-in proved (the password alone, AAL1).
 */
export async function turnOnAuthenticatorAppElsewhere(browser: Browser, clientIp: string, email: string) {
  const other = await browser.newContext({
    ...devices["Desktop Chrome"],
    extraHTTPHeaders: { "x-forwarded-for": clientIp },
  });
  const otherPage = await other.newPage();
  await signIn(otherPage, "acme", email);
  await expect(otherPage).toHaveURL(/\/acme\/account$/);
  await otherPage.goto("/acme/account/security");
  await otherPage.getByRole("button", { name: "Set up authenticator app" }).click();
  const secret = (await otherPage.getByTestId("totp-secret").innerText()).trim();
  await otherPage.getByLabel("Code from the app").fill(totpCodeAt(secret, new Date()));
  await otherPage
    .locator("form")
    .filter({ has: otherPage.getByLabel("Code from the app") })
    .getByLabel("Sign out my other devices")
    .uncheck();
  await otherPage.getByRole("button", { name: "Turn on" }).click();
  await expect(otherPage.getByText("Your authenticator app is set up.")).toBeVisible();
  await other.close();
  return secret;
}

/**
 * axe (WCAG 2.2 AA and best practice) on the page as it stands. A page still settling after a
 * server action (a refresh in flight, a pending button dimmed on purpose) is checked again a few
 * times; a violation still there after 10 seconds fails the test with every violation found.
 */
export async function expectNoAxeViolations(page: Page, label: string) {
  await page.waitForLoadState("networkidle");
  await expect(async () => {
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
      .analyze();
    const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    expect(summary, `axe violations on ${label}`).toEqual([]);
  }).toPass({ intervals: [500, 1_000, 2_000], timeout: 10_000 });
}

/** The 6-digit code in the `nth` (1-based) sign-in code mail to `to`. */
export async function signInCodeFor(to: string, nth = 1): Promise<string> {
  const mail = await waitForMail(to, /^Your sign-in code/, nth);
  const code = mail.text.match(/^(\d{6})$/m)?.[1];
  if (!code) throw new Error(`no code in "${mail.subject}"`);
  return code;
}

/**
 * Finishes a sign-in the risk engine stepped up (a new device on a new network, for a user without
 * a second factor): the "Check your email" page, and the code from the `nth` code mail.
 */
export async function enterSignInCode(page: Page, to: string, nth = 1) {
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.getByLabel("Code from the email").fill(await signInCodeFor(to, nth));
  await page.getByRole("button", { name: "Continue" }).click();
}
