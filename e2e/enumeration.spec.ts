import type { APIRequestContext, Page } from "@playwright/test";
import { createVerifiedUser, expect, PASSWORD, randomIp, test, uniqueEmail, waitForMail } from "./support/fixtures";

/** The visible text of the main content, with the typed address removed. */
async function outcome(page: Page, email: string) {
  return (await page.locator("main").innerText()).replaceAll(email, "<email>");
}

async function status(request: APIRequestContext, url: string) {
  return (await request.get(url, { headers: { "x-forwarded-for": randomIp() } })).status();
}

test.describe("no account enumeration", () => {
  test("sign-up answers the same for a new and an existing address, and the owner gets a mail instead", async ({
    page,
    request,
  }) => {
    const existing = await createVerifiedUser(page, "acme", "exists");
    const fresh = uniqueEmail("fresh");
    const results: string[] = [];
    for (const email of [existing, fresh]) {
      await page.goto("/acme/signup");
      await page.getByLabel("Email address").fill(email);
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByLabel("Confirm password").fill(PASSWORD);
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
      results.push(`${page.url()}\n${await outcome(page, email)}`);
    }
    expect(results[0]).toBe(results[1]);
    expect(await status(request, "/acme/signup?sent=1")).toBe(200);
    await waitForMail(existing, /Someone tried to sign up with your address/);
    await waitForMail(fresh, /Confirm your email address/);
  });

  test("sign-in answers the same for an unknown address and a wrong password", async ({ page }) => {
    const existing = await createVerifiedUser(page, "acme", "known");
    const results: string[] = [];
    for (const email of [existing, uniqueEmail("unknown")]) {
      await page.goto("/acme/login");
      await page.getByLabel("Email address").fill(email);
      await page.getByLabel("Password", { exact: true }).fill("a wrong password for sure");
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(page.getByText("Incorrect email or password.")).toBeVisible();
      results.push(`${page.url()}\n${await outcome(page, email)}`);
    }
    expect(results[0]).toBe(results[1]);
  });

  test("forgot-password answers the same for an unknown and an existing address", async ({ page }) => {
    const existing = await createVerifiedUser(page, "acme", "resetknown");
    const results: string[] = [];
    for (const email of [existing, uniqueEmail("resetunknown")]) {
      await page.goto("/acme/forgot-password");
      await page.getByLabel("Email address").fill(email);
      await page.getByRole("button", { name: "Send reset link" }).click();
      await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
      results.push(`${page.url()}\n${await outcome(page, email)}`);
    }
    expect(results[0]).toBe(results[1]);
    await waitForMail(existing, /Reset your password/);
  });
});
