import { randomBytes, X509Certificate } from "node:crypto";
import type { Page } from "@playwright/test";
import { createPrismaClient } from "../lib/db/client";
import { createStore } from "../lib/db/store";
import { totpCodeAt } from "../lib/identity/totp";
import { BUILT_IN_ACTIONS, toPolicyInput } from "../lib/step-up/policies";
import { DEMO_TENANTS } from "../lib/tenancy/demo-tenants";
import { createAttestationCa } from "../tests/support/attestation-ca";
import { BASE_URL, e2eDatabaseUrl } from "./support/env";
import { runOperator as cli, setUpStaff, setupLinkIn } from "./support/operator";
import {
  createVerifiedUser,
  expect,
  expectNoAxeViolations,
  setClockOffset,
  signIn,
  test,
  uniqueEmail,
} from "./support/fixtures";

// One journey: an admin is created with the operator CLI, sets up their account, and changes
// branding, policies and assurance levels, each checked from the customer side. The server clock
// is moved (a file the e2e server reads) to make the set-up step-up stale; it is put back after.
const MINUTE = 60_000;
const STAFF_PASSWORD = "granite harbour violin meadow";
const ACME = DEMO_TENANTS[0]!;
/** A 1×1 PNG. */
const PNG_1X1 = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

let clockOffset = 0;
function moveClock(ms: number) {
  clockOffset = ms;
  setClockOffset(ms);
}

test.afterEach(() => setClockOffset(0));

// Whatever happened above, acme gets its demo branding and profile.update policy back, so other
// specs see the tenant they expect.
test.afterAll(async () => {
  const store = createStore(createPrismaClient(e2eDatabaseUrl()));
  try {
    const acme = await store.tenants.findBySlug("acme");
    if (acme) {
      const { name, tagline, logoUrl, primaryColor, accentColor, supportEmail } = ACME;
      await store.tenantSettings.update(
        acme.id,
        { name, tagline, logoUrl, primaryColor, accentColor, supportEmail, brandTextColor: null },
        new Date(),
      );
      await store.stepUpPolicies.save(
        acme.id,
        toPolicyInput(BUILT_IN_ACTIONS.find((p) => p.action === "profile.update")!),
        new Date(),
      );
    }
  } finally {
    await store.disconnect();
  }
});

/**
 * A code for the step after the server's current one (accepted within the drift window), so it is never a code already
 * used.
 */
const nextCode = (secret: string) => totpCodeAt(secret, new Date(Date.now() + clockOffset + 30_000));

async function stepUp(page: Page, secret: string) {
  await page.getByRole("link", { name: "Confirm it's you" }).click();
  await expect(page).toHaveURL(/\/admin\/step-up\?/);
  await page.getByLabel("Code from your authenticator app").fill(nextCode(secret));
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByTestId("step-up-notice")).toContainText("Confirmed");
}

test("an admin changes branding, policies and assurance levels, and customers see each change", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const adminEmail = uniqueEmail("settings-admin");
  const slug = `settings-${randomBytes(3).toString("hex")}`;

  let secret = "";
  await test.step("the operator adds an admin for acme, who sets a password and an authenticator app", async () => {
    secret = await setUpStaff(
      page,
      setupLinkIn(
        cli(["staff-add", "--tenant", "acme", "--email", adminEmail, "--name", "Settings Admin", "--role", "admin"]),
      ),
      STAFF_PASSWORD,
    );
  });

  await test.step("a save without a fresh step-up is refused and changes nothing", async () => {
    moveClock(6 * MINUTE);
    await page.goto("/admin/acme/branding");
    await expect(
      page.getByRole("navigation", { name: "Acme sections" }).getByRole("link", { name: "Branding" }),
    ).toHaveAttribute("aria-current", "page");
    await expect(page.getByTestId("step-up-notice")).toContainText(
      "Changes here need your passkey or a fresh authenticator code",
    );
    await expectNoAxeViolations(page, "branding page");
    await page.getByLabel("Tagline (under the name on the sign-in pages)").fill("Refused tagline");
    await page.getByRole("button", { name: "Save branding" }).click();
    await expect(page.getByText(/Console changes need your passkey or a fresh authenticator code/)).toBeVisible();
    await page.goto("/acme/login");
    await expect(page.getByRole("banner")).toContainText(ACME.tagline!);
  });

  await test.step("after step-up: a contrast below AA is refused, a preview saves nothing, a save shows on the sign-in page", async () => {
    await page.goto("/admin/acme/branding");
    await stepUp(page, secret);
    await expect(page).toHaveURL(/\/admin\/acme\/branding$/);
    await page.getByLabel("Primary colour", { exact: true }).fill("#ea580c");
    await page.getByLabel("Text colour on the primary colour").fill("#ffffff");
    await page.getByRole("button", { name: "Save branding" }).click();
    await expect(page.getByText(/WCAG AA needs at least 4\.5:1/)).toBeVisible();

    await page.getByLabel("Text colour on the primary colour").fill("");
    await page.getByLabel("Primary colour", { exact: true }).fill("#1e40af");
    await page.getByLabel("Tagline (under the name on the sign-in pages)").fill("Settings journey tagline");
    // With JavaScript the preview follows the typing before anything is submitted.
    await expect(
      page.getByRole("img", { name: /Preview of the sign-in header: Acme, Settings journey tagline/ }),
    ).toBeVisible();
    await expect(
      page.getByTestId("brand-preview").getByText("Text #ffffff on #1e40af", { exact: false }),
    ).toBeVisible();
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByTestId("brand-preview").first()).toBeVisible();
    await expect(
      page.getByRole("img", { name: /Preview of the sign-in header: Acme, Settings journey tagline/ }),
    ).toBeVisible();
    await expect(page.getByText("Nothing is saved yet.")).toBeVisible();
    await expectNoAxeViolations(page, "branding page with a preview");
    const login = await browser.newPage();
    await login.goto(`${BASE_URL}/acme/login`);
    await expect(login.getByRole("banner")).toContainText(ACME.tagline!);

    await page.getByRole("button", { name: "Save branding" }).click();
    await expect(page.getByText(/Saved\. 2 settings changed\./)).toBeVisible();
    await login.reload();
    await expect(login.getByRole("banner")).toContainText("Settings journey tagline");
    const background = await login.getByRole("banner").evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).toBe("rgb(30, 64, 175)");
    await login.close();
  });

  await test.step("a new tenant: a disguised logo is refused, a PNG is served with safe headers", async () => {
    cli(["create", "--slug", slug, "--name", "Settings Test", "--owner", adminEmail]);
    await page.goto(`/admin/${slug}/branding`);
    await page.getByLabel("Upload a new logo").setInputFiles({
      name: "logo.png",
      mimeType: "image/png",
      buffer: Buffer.from("<!doctype html><script>alert(1)</script>"),
    });
    await page.getByRole("button", { name: "Save branding" }).click();
    await expect(page.getByText("Logo: the file is not a PNG, JPEG or WebP image.")).toBeVisible();
    await page.getByLabel("Upload a new logo").setInputFiles({
      name: "logo.svg",
      mimeType: "image/svg+xml",
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
    });
    await page.getByRole("button", { name: "Save branding" }).click();
    await expect(page.getByText(/SVG files are not accepted/)).toBeVisible();
    await page
      .getByLabel("Upload a new logo")
      .setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG_1X1 });
    await page.getByRole("button", { name: "Save branding" }).click();
    await expect(page.getByText(/Saved\. 1 setting changed\./)).toBeVisible();
    await page.goto(`/${slug}/login`);
    const src = await page.getByRole("banner").locator("img").getAttribute("src");
    expect(src).toMatch(new RegExp(`^/brand-assets/${slug}/logo\\?v=[0-9a-f]{16}$`));
    const response = await page.request.get(src!);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("image/png");
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response.headers()["content-security-policy"]).toBe("default-src 'none'");
    expect(response.headers()["cache-control"]).toContain("immutable");
    expect(Buffer.from(await response.body()).equals(PNG_1X1)).toBe(true);

    // Removed again: the sign-in page shows the name alone and the old address serves nothing.
    await page.goto(`/admin/${slug}/branding`);
    await page.getByLabel(/Remove the current logo/).check();
    await page.getByRole("button", { name: "Save branding" }).click();
    await expect(page.getByText(/Saved\. 1 setting changed\./)).toBeVisible();
    await page.goto(`/${slug}/login`);
    await expect(page.getByRole("banner").locator("img")).toHaveCount(0);
    expect((await page.request.get(src!)).status()).toBe(404);
  });

  await test.step("requiring a second factor makes a new customer enrol", async () => {
    await page.goto(`/admin/${slug}/policies`);
    await expectNoAxeViolations(page, "policies page");
    await page.getByLabel("Minimum password length").fill("10");
    await page.getByRole("button", { name: "Save policies" }).click();
    await expect(page.getByText(/at least 15 while a password can be the only factor/)).toBeVisible();
    await page.getByLabel("Second factor", { exact: true }).selectOption("required");
    await page.getByRole("button", { name: "Save policies" }).click();
    await expect(page.getByText(/Saved\. 2 settings changed\./)).toBeVisible();
    const customer = await browser.newPage({ baseURL: BASE_URL });
    const email = await createVerifiedUser(customer, slug, "settings-mfa");
    await signIn(customer, slug, email);
    await expect(customer).toHaveURL(new RegExp(`/${slug}/login/enrol`));
    await expect(customer.getByRole("heading", { name: "Set up a second step" })).toBeVisible();
    await customer.close();
  });

  await test.step("passkey attestation: a certificate that is not a root is refused, a root is saved and listed", async () => {
    const ca = await createAttestationCa("E2E Maker Root");
    const leaf = new X509Certificate((await ca.issueAttestation()).certificates[0]!).toString();
    await page.goto(`/admin/${slug}/policies`);
    await page.getByLabel("Ask new passkeys for attestation and check it against the roots below").check();
    await page.getByLabel("Trusted root certificates (PEM)").fill(leaf);
    await page.getByRole("button", { name: "Save attestation settings" }).click();
    await expect(page.getByText(/certificate 1: not a CA certificate/)).toBeVisible();
    await page.getByLabel("Trusted root certificates (PEM)").fill(ca.pem);
    await page.getByRole("button", { name: "Save attestation settings" }).click();
    await expect(page.getByText("Saved. Passkeys registered from now on are checked against this list.")).toBeVisible();
    await page.reload();
    await expect(page.getByRole("list", { name: "Trusted roots" })).toContainText("E2E Maker Root");
    await expect(
      page.getByLabel("Ask new passkeys for attestation and check it against the roots below"),
    ).toBeChecked();
  });

  await test.step("a shorter maximum age for profile.update sends the customer to step-up", async () => {
    await page.goto("/admin/acme/step-up");
    await expectNoAxeViolations(page, "assurance levels page");
    const row = page.getByTestId("action-profile.update");
    await row.getByLabel("Required level").selectOption("3");
    await row.getByLabel("Passkey", { exact: true }).uncheck();
    await row.getByLabel("Authenticator app", { exact: true }).check();
    await row.getByRole("button", { name: "Save profile.update" }).click();
    await expect(row.getByText(/AAL3 needs a passkey/)).toBeVisible();
    await row.getByLabel("Required level").selectOption("1");
    await row.getByLabel("Authenticator app", { exact: true }).uncheck();
    await row.getByLabel("Maximum age (minutes)").fill("2");
    await row.getByRole("button", { name: "Save profile.update" }).click();
    await expect(row.getByText("Saved profile.update.")).toBeVisible();

    const customer = await browser.newPage({ baseURL: BASE_URL });
    const email = await createVerifiedUser(customer, "acme", "settings-stepup");
    await signIn(customer, "acme", email);
    await expect(customer).toHaveURL(/\/acme\/account$/);
    // Three minutes after sign-in: within the default 30 minutes, but past the 2 set above.
    moveClock(clockOffset + 3 * MINUTE);
    await customer.goto("/acme/account");
    await customer.getByLabel("Display name").fill("Grace");
    await customer.getByRole("button", { name: "Save profile" }).click();
    await expect(customer).toHaveURL(/\/acme\/step-up\?/);
    expect(new URL(customer.url()).searchParams.get("action")).toBe("profile.update");
    await customer.close();
  });

  await test.step("without JavaScript, a preview re-renders the page with the submitted values and saves nothing", async () => {
    const context = await browser.newContext({ baseURL: BASE_URL, javaScriptEnabled: false });
    const noJs = await context.newPage();
    await noJs.goto(`/admin/login?returnTo=${encodeURIComponent(`/admin/${slug}/branding`)}`);
    await noJs.getByLabel("Work email").fill(adminEmail);
    await noJs.getByLabel("Password").fill(STAFF_PASSWORD);
    await noJs.getByRole("button", { name: "Sign in" }).click();
    await noJs.getByLabel("Code from your authenticator app").fill(nextCode(secret));
    await noJs.getByRole("button", { name: "Continue" }).click();
    await expect(noJs).toHaveURL(new RegExp(`/admin/${slug}/branding$`));
    await noJs.getByLabel("Tagline (under the name on the sign-in pages)").fill("Only a preview");
    await noJs.getByRole("button", { name: "Preview" }).click();
    await expect(
      noJs.getByRole("img", { name: /Preview of the sign-in header: Settings Test, Only a preview/ }),
    ).toBeVisible();
    await expect(noJs.getByLabel("Tagline (under the name on the sign-in pages)")).toHaveValue("Only a preview");
    await noJs.goto(`/${slug}/login`);
    await expect(noJs.getByRole("banner")).not.toContainText("Only a preview");
    await context.close();
  });
});
