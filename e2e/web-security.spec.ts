import { readFileSync } from "node:fs";
import { BASE_URL, SERVER_LOG } from "./support/env";
import {
  createVerifiedUser,
  expect,
  linkIn,
  NEW_PASSWORD,
  PASSWORD,
  signIn,
  signUp,
  test,
  uniqueEmail,
  waitForMail,
} from "./support/fixtures";

test.describe("web security", () => {
  test("pages send a nonce-based CSP with frame-ancestors 'none', nosniff and a same-origin referrer policy", async ({
    page,
  }) => {
    for (const path of ["/acme/login", "/acme/signup", "/acme/forgot-password", "/acme/reset-password?token=x"]) {
      const response = await page.goto(path);
      const headers = response!.headers();
      expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
      expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(headers["content-security-policy"]).toContain("object-src 'none'");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["x-frame-options"]).toBe("DENY");
      expect(headers["referrer-policy"]).toBe("same-origin");
    }
  });

  test("authenticated pages are never cached", async ({ page }) => {
    const email = await createVerifiedUser(page, "acme", "nostore");
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/account$/);
    for (const path of ["/acme/account", "/acme/account/security", "/acme/account/sessions"]) {
      const response = await page.goto(path);
      expect(response!.headers()["cache-control"]).toContain("no-store");
    }
  });

  test("a POST with a forged Origin, or without Origin, is refused (403) and changes nothing", async ({ page }) => {
    const email = await createVerifiedUser(page, "acme", "csrf");
    await signIn(page, "acme", email);
    await expect(page).toHaveURL(/\/acme\/account$/);
    const forged = await page.request.post("/acme/logout", {
      headers: { origin: "https://evil.example" },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    const nullOrigin = await page.request.post("/acme/logout", { headers: { origin: "null" }, maxRedirects: 0 });
    expect(nullOrigin.status()).toBe(403);
    const crossSite = await page.request.post("/acme/logout", {
      headers: { "sec-fetch-site": "cross-site" },
      maxRedirects: 0,
    });
    expect(crossSite.status()).toBe(403);
    // No Origin at all (a script, not a browser: every browser sends it on POST) is refused too,
    // even when it claims to be same-origin.
    const noOrigin = await page.request.post("/acme/logout", { maxRedirects: 0 });
    expect(noOrigin.status()).toBe(403);
    const claimed = await page.request.post("/acme/logout", {
      headers: { "sec-fetch-site": "same-origin" },
      maxRedirects: 0,
    });
    expect(claimed.status()).toBe(403);
    expect(await claimed.text()).toContain("Cross-origin request refused");
    // A forged server-action post to a page is refused the same way, and one without Origin.
    const action = await page.request.post("/acme/account", {
      headers: { origin: "https://evil.example", "next-action": "0".repeat(42) },
      multipart: { tenant: "acme", displayName: "Mallory" },
      maxRedirects: 0,
    });
    expect(action.status()).toBe(403);
    const actionWithoutOrigin = await page.request.post("/acme/account", {
      headers: { "next-action": "0".repeat(42) },
      multipart: { tenant: "acme", displayName: "Mallory" },
      maxRedirects: 0,
    });
    expect(actionWithoutOrigin.status()).toBe(403);
    // Still signed in, name unchanged.
    await page.goto("/acme/account");
    await expect(page).toHaveURL(/\/acme\/account$/);
    await expect(page.getByLabel("Display name")).toHaveValue("");
    // The same request from the portal's own origin works.
    const real = await page.request.post("/acme/logout", { headers: { origin: BASE_URL }, maxRedirects: 0 });
    expect(real.status()).toBe(303);
    await page.goto("/acme/account");
    await expect(page).toHaveURL(/\/acme\/login/);
  });

  test("bad input gets a clear answer, never a server error", async ({ page }) => {
    for (const path of [
      "/acme/verify-email?token=%00%ff",
      "/acme/reset-password?token=" + "A".repeat(5000),
      "/acme/login?returnTo=%E0%A4%A",
      "/%E0%A4%A/login",
      "/acme/logout",
    ]) {
      const response = await page.goto(path);
      expect(response!.status(), path).toBeLessThan(500);
    }
    const junk = await page.request.post("/acme/login", {
      headers: { origin: BASE_URL },
      form: { email: "x" },
      maxRedirects: 0,
    });
    expect(junk.status()).toBeLessThan(500);
    const health = await page.request.get("/api/health");
    expect(await health.json()).toEqual({ status: "ok" });
  });
});

test("passwords, link tokens and session tokens never reach the server log", async ({ page, context }) => {
  const email = uniqueEmail("logs");
  await signUp(page, "acme", email);
  const verifyLink = linkIn(await waitForMail(email, /Confirm your email/), "/acme/verify-email");
  await page.goto(verifyLink);
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await page.goto("/acme/forgot-password");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  const resetLink = linkIn(await waitForMail(email, /Reset your password/), "/acme/reset-password");
  await page.goto(resetLink);
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/notice=password-reset/);
  await signIn(page, "acme", email, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/acme\/account$/);
  const cookie = (await context.cookies()).find((c) => c.name === "__Host-portico-acme")!.value;
  const log = readFileSync(SERVER_LOG, "utf8");
  expect(log).toContain("e2e server ready");
  for (const secret of [
    PASSWORD,
    NEW_PASSWORD,
    new URL(verifyLink).searchParams.get("token")!,
    new URL(resetLink).searchParams.get("token")!,
    cookie,
  ]) {
    expect(log.includes(secret), `a secret (${secret.slice(0, 4)}…) appears in the server log`).toBe(false);
  }
});
