import type { Page } from "@playwright/test";
import { totpCodeAt } from "../lib/identity/totp";
import { DEMO_CLIENT_ID, DEMO_CLIENT_LOCAL_SECRET } from "../lib/oidc/demo-client";
import { BASE_URL } from "./support/env";
import { expect, expectNoAxeViolations, test, uniqueEmail } from "./support/fixtures";
import { runOperator as cli, setUpStaff, setupLinkIn } from "./support/operator";

// One journey in the admin console's Apps page: an admin registers an app, sees its secret once,
// rotates it, and the token endpoint then refuses the old secret (client_secret_basic) and takes
// the new one. The token endpoint authenticates the client before it looks at the code, so a
// request with a made-up code answers 401 invalid_client for a wrong secret and 400 invalid_grant
// for the right one: exactly the client authentication this journey is about.
const STAFF_PASSWORD = "granite harbour violin meadow";
const REASON = "The secret was shown on a shared screen during a demo.";

async function tokenEndpoint(): Promise<string> {
  const discovery = (await (await fetch(`${BASE_URL}/acme/oidc/.well-known/openid-configuration`)).json()) as {
    token_endpoint: string;
  };
  return discovery.token_endpoint;
}

/** What the token endpoint says to this client id and secret (client_secret_basic, RFC 6749 §2.3.1). */
async function tokenAnswer(clientId: string, secret: string): Promise<{ status: number; error: string }> {
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64");
  const response = await fetch(await tokenEndpoint(), {
    method: "POST",
    headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: "made-up-code",
      redirect_uri: "http://127.0.0.1:4999/cb",
    }),
  });
  const body = (await response.json()) as { error?: string };
  return { status: response.status, error: body.error ?? "" };
}

const nextCode = (secret: string) => totpCodeAt(secret, new Date(Date.now() + 30_000));

async function stepUpIfAsked(page: Page, secret: string) {
  const notice = page.getByTestId("step-up-notice");
  if ((await notice.innerText()).includes("Changes here need")) {
    await page.getByRole("link", { name: "Confirm it's you" }).click();
    await page.getByLabel("Code from your authenticator app").fill(nextCode(secret));
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect(notice).toContainText("Confirmed");
  }
}

test("an admin registers an app, sees its secret once, rotates it, and the old secret stops working", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const email = uniqueEmail("apps-admin");
  const appName = `Shop ${Date.now()}`;
  let totp = "";

  await test.step("an admin of acme opens the Apps page from the console's navigation", async () => {
    totp = await setUpStaff(
      page,
      setupLinkIn(cli(["staff-add", "--tenant", "acme", "--email", email, "--name", "Apps Admin", "--role", "admin"])),
      STAFF_PASSWORD,
    );
    await page.goto("/admin/acme");
    await page.getByRole("navigation", { name: "Acme sections" }).getByRole("link", { name: "Apps" }).click();
    await expect(page).toHaveURL(/\/admin\/acme\/apps$/);
    await expect(page.getByRole("heading", { level: 1, name: "Apps" })).toBeVisible();
    // The seeded demo app is listed, and its documented local secret authenticates it.
    await expect(page.getByTestId(`app-${DEMO_CLIENT_ID}`)).toContainText("Acme Shop (demo app)");
    expect(await tokenAnswer(DEMO_CLIENT_ID, DEMO_CLIENT_LOCAL_SECRET)).toEqual({
      status: 400,
      error: "invalid_grant",
    });
    await stepUpIfAsked(page, totp);
    await expectNoAxeViolations(page, "apps page");
  });

  const register = page.getByRole("region", { name: "Register an app" });
  await test.step("a redirect URI over plain http to another host is a field error, and nothing is registered", async () => {
    await register.getByLabel("Name", { exact: true }).fill(appName);
    await register.getByLabel("Redirect URIs", { exact: true }).fill("http://shop.example/cb");
    await register.getByRole("button", { name: "Register app" }).click();
    await expect(register.getByText(/A redirect URI: must use https/)).toBeVisible();
    await expect(register.getByLabel("Redirect URIs", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expectNoAxeViolations(page, "apps page with a field error");
  });

  let clientId = "";
  let first = "";
  await test.step("registering shows the client id and secret once", async () => {
    await register.getByLabel("Name", { exact: true }).fill(appName);
    await register.getByLabel("Redirect URIs", { exact: true }).fill("http://127.0.0.1:4999/cb");
    await register.getByLabel("Post-logout redirect URIs").fill("http://127.0.0.1:4999/");
    await register.getByLabel("Access token lifetime (minutes)").fill("5");
    await register.getByRole("button", { name: "Register app" }).click();
    const shown = register.getByTestId("shown-secret");
    await expect(shown).toContainText("it is shown only this once");
    clientId = (await shown.getByTestId("shown-client-id").innerText()).trim();
    first = (await shown.getByTestId("shown-client-secret").innerText()).trim();
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expectNoAxeViolations(page, "apps page showing a new secret");
    expect(await tokenAnswer(clientId, first)).toEqual({ status: 400, error: "invalid_grant" });

    await page.reload();
    await expect(page.getByTestId(`app-${clientId}`)).toContainText(appName);
    expect(await page.content()).not.toContain(first);
  });

  await test.step("rotating the secret shows the new one once; the old one is refused at the token endpoint", async () => {
    const app = page.getByTestId(`app-${clientId}`);
    await app.locator("summary", { hasText: `Rotate the secret of ${appName}` }).click();
    await app.getByLabel(`Why ${appName} gets a new secret (kept in the audit log)`).fill(REASON);
    await app.getByRole("button", { name: `Rotate the secret of ${appName}` }).click();
    const shown = app.getByTestId("shown-secret");
    await expect(shown).toBeVisible();
    const second = (await shown.getByTestId("shown-client-secret").innerText()).trim();
    expect(second).not.toBe(first);
    expect(await tokenAnswer(clientId, first)).toEqual({ status: 401, error: "invalid_client" });
    expect(await tokenAnswer(clientId, second)).toEqual({ status: 400, error: "invalid_grant" });
    await expectNoAxeViolations(page, "apps page after a rotation");

    await page.reload();
    expect(await page.content()).not.toContain(second);
  });

  await test.step("the rotation is in the audit log with its reason", async () => {
    await page.goto("/admin/acme/audit?type=oidc.client_secret_rotated");
    await expect(page.getByText(REASON).first()).toBeVisible();
  });
});
