import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { BASE_URL } from "./support/env";
import { registerClient } from "./support/relying-party";
import { addStaffByOperator, setUpStaff } from "./support/operator";
import {
  createVerifiedUser,
  expect,
  expectNoAxeViolations,
  PASSWORD,
  randomIp,
  setClockOffset,
  signIn,
  test,
  uniqueEmail,
} from "./support/fixtures";

const STAFF_PASSWORD = "granite meadow copper lantern";
const STAFF_NAME = "Avery Insights";

async function signInCount(page: Page): Promise<number> {
  const title = await page.getByRole("region", { name: "Sign-ins", exact: true }).locator("svg > title").textContent();
  const match = /^Sign-ins: (\d+) in the last 30 days/.exec(title ?? "");
  if (!match) throw new Error(`unexpected chart title: ${title}`);
  return Number(match[1]);
}

test("an acme admin sees sign-ins on the dashboard, filters the audit log by customer and downloads it as CSV", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  await setUpStaff(
    page,
    addStaffByOperator({ tenant: "acme", email: uniqueEmail("insights-admin"), name: STAFF_NAME, role: "admin" }),
    STAFF_PASSWORD,
  );

  const customer = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": randomIp() } });
  const customerPage = await customer.newPage();
  const customerEmail = await createVerifiedUser(customerPage, "acme", "insights");

  await page.goto("/admin/acme");
  await page
    .getByRole("navigation", { name: /sections$/ })
    .getByRole("link", { name: "Dashboard" })
    .click();
  await expect(page).toHaveURL(/\/admin\/acme\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  const before = await signInCount(page);

  await signIn(customerPage, "acme", customerEmail);
  await expect(customerPage).toHaveURL(/\/acme\/account$/);
  await customer.close();

  await page.reload();
  const today = new Date().toISOString().slice(0, 10);
  const signIns = page.getByRole("region", { name: "Sign-ins", exact: true });
  await expect(signIns.getByRole("img")).toHaveAccessibleName(
    new RegExp(`^Sign-ins: ${before + 1} in the last 30 days, most on ${today} \\(\\d+\\)\\.$`),
  );
  await signIns.getByText("Daily numbers").click();
  await expect(signIns.getByRole("row", { name: new RegExp(`^${today} \\d+$`) })).toBeVisible();
  await expect(page.getByRole("region", { name: "Sign-ups", exact: true }).getByRole("img")).toHaveAccessibleName(
    /^Sign-ups: [1-9]\d* in the last 30 days/,
  );
  await expectNoAxeViolations(page, "admin dashboard");

  await page
    .getByRole("navigation", { name: /sections$/ })
    .getByRole("link", { name: "Audit log" })
    .click();
  await expect(page).toHaveURL(/\/admin\/acme\/audit$/);
  await page.getByLabel("Customer email").fill(customerEmail);
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/acme\/audit\?user=/);
  const rows = page.getByTestId("audit-row");
  await expect(rows.filter({ hasText: "user.signed_in" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "user.signed_up" })).toHaveCount(1);
  for (const text of await rows.allInnerTexts()) expect(text).toContain(customerEmail);
  await expectNoAxeViolations(page, "admin audit log");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`audit-acme-${today}.csv`);
  const csv = await readFile(await download.path(), "utf8");
  const lines = csv.trimEnd().split("\r\n");
  expect(lines[0]).toBe("time_utc,type,user_email,user_id,staff_name,staff_id,reason,ip,user_agent,data");
  expect(lines.some((line) => line.includes(`,user.signed_in,${customerEmail},`))).toBe(true);
  expect(lines.slice(1).every((line) => line.includes(customerEmail))).toBe(true);

  // The same request with the staff cookie answers CSV; without it, or for another tenant, 404.
  const exportUrl = `/admin/acme/audit/export?user=${encodeURIComponent(customerEmail)}`;
  const response = await page.request.get(exportUrl);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(response.headers()["content-disposition"]).toBe(`attachment; filename="audit-acme-${today}.csv"`);
  expect((await page.request.get("/admin/globex/audit/export")).status()).toBe(404);
  expect((await request.get(exportUrl)).status()).toBe(404);
  expect((await page.request.get("/admin/acme/audit/export?type=not.a.type")).status()).toBe(400);
  // A filter the log cannot read is answered with the form, its message and a 400.
  const refused = await page.goto("/admin/acme/audit?type=not.a.type&from=2026-13-45");
  expect(refused?.status()).toBe(400);
  await expect(page.getByLabel("Event type")).toHaveAccessibleDescription(/Choose an event type from the list\./);
  await expect(page.getByRole("alert").filter({ hasText: "Enter the start date as YYYY-MM-DD." })).toBeVisible();

  // Each download is in the log, with who took it.
  await page.goto("/admin/acme/audit?type=audit.exported");
  await expect(page.getByTestId("audit-row").first()).toContainText(STAFF_NAME);
  await expect(page.getByTestId("audit-row")).toHaveCount(2);

  // Six minutes later the code proven at set-up is stale: the export is refused until step-up.
  setClockOffset(6 * 60_000);
  try {
    expect((await page.request.get(exportUrl)).status()).toBe(403);
    await page.goto(`/admin/acme/audit?user=${encodeURIComponent(customerEmail)}`);
    await expect(page.getByRole("link", { name: "Confirm it's you to download CSV" })).toHaveAttribute(
      "href",
      /\/admin\/step-up\?returnTo=/,
    );
  } finally {
    setClockOffset(0);
  }
});

test("the dashboard's Sign-ins by app counts the sign-ins that issued a code to each app, single sign-on included", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  // The app's redirect URI: a loopback server that only answers.
  const server = createServer((_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("signed in"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const callback = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
  try {
    const appName = `Insights shop ${Date.now()}`;
    const { client_id: clientId } = registerClient([
      "--tenant",
      "acme",
      "--name",
      appName,
      "--redirect-uri",
      callback,
      "--first-party",
    ]);
    await setUpStaff(
      page,
      addStaffByOperator({ tenant: "acme", email: uniqueEmail("insights-apps"), name: STAFF_NAME, role: "admin" }),
      STAFF_PASSWORD,
    );
    await page.goto("/admin/acme/dashboard");
    const byApp = page.getByRole("region", { name: "Sign-ins by app" });
    const appRow = byApp.getByRole("row", { name: new RegExp(appName) });
    await expect(appRow.getByRole("cell")).toHaveText("0");

    const signUp = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": randomIp() } });
    const email = await createVerifiedUser(await signUp.newPage(), "acme", "insights-app");
    await signUp.close();
    const customer = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": randomIp() } });
    const customerPage = await customer.newPage();
    const authorize = `${BASE_URL}/acme/oidc/auth?${new URLSearchParams({
      client_id: clientId,
      response_type: "code",
      scope: "openid email",
      redirect_uri: callback,
      state: "insights",
    }).toString()}`;
    // A sign-in at Portico for the app, then single sign-on without a prompt: two codes issued.
    await customerPage.goto(authorize);
    await expect(customerPage).toHaveURL(/\/acme\/login\?returnTo=/);
    await customerPage.getByLabel("Email address").fill(email);
    await customerPage.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await customerPage.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(customerPage).toHaveURL(new RegExp(`^${callback}\\?code=`));
    await customerPage.goto(authorize);
    await expect(customerPage).toHaveURL(new RegExp(`^${callback}\\?code=`));
    await customer.close();

    await expect(async () => {
      await page.reload();
      await expect(appRow.getByRole("cell")).toHaveText("2", { timeout: 1_000 });
    }).toPass();
    await expect(byApp.getByRole("table", { name: /Sign-ins by app in the last 30 days/ })).toBeVisible();
    await expectNoAxeViolations(page, "admin dashboard with sign-ins by app");

    // Each of them is in the audit log, which offers the event type in its filter.
    await page.goto(`/admin/acme/audit?type=app.signed_in&user=${encodeURIComponent(email)}`);
    await expect(page.getByTestId("audit-row").filter({ hasText: email })).toHaveCount(2);
    await expect(page.getByLabel("Event type").locator("option", { hasText: "app_token.refused" })).toHaveCount(1);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
