import { createVerifiedUser, expect, signIn, test } from "./support/fixtures";
import { GLOBEX_PARTNER } from "./support/env";

test.describe("tenants", () => {
  test("an unknown tenant gets a 404 page, not a crash", async ({ page }) => {
    const response = await page.goto("/no-such-tenant/login");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "We can't find that page" })).toBeVisible();
    expect((await page.goto("/acme/no-such-page"))?.status()).toBe(404);
  });

  test("each tenant's pages carry its own name, logo and colours", async ({ page }) => {
    const brand = async () =>
      page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--brand").trim());
    await page.goto("/acme/login");
    await expect(page).toHaveTitle("Sign in · Acme");
    expect(await brand()).toBe("#c2410c");
    await expect(page.locator("header img")).toHaveAttribute("src", "/brand/acme.svg");
    const acmeButton = await page
      .getByRole("button", { name: "Sign in", exact: true })
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    await page.goto("/globex/login");
    await expect(page).toHaveTitle("Sign in · Globex Partner Portal");
    expect(await brand()).toBe("#1e3a8a");
    await expect(page.locator("header img")).toHaveAttribute("src", "/brand/globex.svg");
    // Once the B2B specs gave globex organisations, its first step is "Continue" (identifier-first).
    const globexButton = await page
      .getByRole("button", { name: /^(Sign in|Continue)$/ })
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(acmeButton).toBe("rgb(194, 65, 12)");
    expect(globexButton).toBe("rgb(30, 58, 138)");
  });

  test("an acme customer cannot sign in at globex, and an acme session grants nothing at globex", async ({ page }) => {
    const email = await createVerifiedUser(page, "acme", "isolation");
    await signIn(page, "globex", email);
    await expect(page.getByText("Incorrect email or password.")).toBeVisible();
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/account$/);
    await page.goto("/globex/account");
    await expect(page).toHaveURL(/\/globex\/login/);
    await page.goto("/globex/account/sessions");
    await expect(page).toHaveURL(/\/globex\/login/);
  });

  test("a globex partner signs in at globex, and one tenant's session cookie is not another's", async ({
    page,
    context,
  }) => {
    await signIn(page, "globex", GLOBEX_PARTNER.email, GLOBEX_PARTNER.password);
    await expect(page).toHaveURL(/\/globex\/account$/);
    await signIn(page, "acme", GLOBEX_PARTNER.email, GLOBEX_PARTNER.password);
    await expect(page.getByText("Incorrect email or password.")).toBeVisible();
    // Present globex's token under acme's cookie name: acme looks it up within acme only.
    const globexCookie = (await context.cookies()).find((c) => c.name === "__Host-portico-globex");
    expect(globexCookie).toBeDefined();
    await context.addCookies([{ ...globexCookie!, name: "__Host-portico-acme", sameSite: "Lax" }]);
    await page.goto("/acme/account");
    await expect(page).toHaveURL(/\/acme\/login/);
  });
});
