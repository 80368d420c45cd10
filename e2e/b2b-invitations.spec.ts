// Invitations to the invitation-only globex tenant: the operator's command line and the admin
// console invite; the invitee sets up an account from the mailed link (with and without
// JavaScript) and signs in with it; a used, resent or revoked link is not valid.
import { randomBytes } from "node:crypto";
import type { Browser } from "@playwright/test";
import {
  expect,
  expectNoAxeViolations,
  linkIn,
  passwordStep,
  randomIp,
  signIn,
  signOut,
  test,
  waitForMail,
} from "./support/fixtures";
import { addStaffByOperator, runOrgOperator, setUpStaff } from "./support/operator";
import { addVirtualAuthenticator } from "./support/webauthn";

const INVITEE_PASSWORD = "copper lantern meadow giraffe";
const STAFF_PASSWORD = "granite meadow falcon whistle";
const SHOTS = "/work/wt/shots";
const PHONE_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
test.describe.configure({ timeout: 150_000 });

const suffix = () => randomBytes(4).toString("hex");

/** An organisation of globex with its own domain, made by the operator. */
function createInitech() {
  const id = suffix();
  const created = runOrgOperator([
    "create",
    "--tenant",
    "globex",
    "--name",
    `Initech ${id}`,
    "--domain",
    `initech-${id}.test`,
  ]);
  expect(created).toMatchObject({ tenant: "globex", slug: `initech-${id}` });
  return { slug: created.slug!, name: `Initech ${id}` };
}

/** Screenshots of the invitation page at desktop and phone widths, each in a fresh browser. */
async function screenshotInvitation(browser: Browser, link: string) {
  for (const [name, viewport] of [
    ["desktop", { width: 1280, height: 800 }],
    ["phone", { width: 375, height: 740 }],
  ] as const) {
    const context = await browser.newContext({
      viewport,
      userAgent: PHONE_UA,
      extraHTTPHeaders: { "x-forwarded-for": randomIp() },
    });
    try {
      const page = await context.newPage();
      await page.goto(link);
      await expect(page.getByRole("heading", { name: /^Join Initech/ })).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/inv-${name}.png`, fullPage: true });
    } finally {
      await context.close();
    }
  }
}

test("the operator invites a partner to globex: the mailed link sets up a password account, which then signs in; the link is not valid the second time", async ({
  page,
  browser,
}) => {
  const initech = createInitech();
  const bob = `bob-${suffix()}@partner.test`;
  const invited = runOrgOperator(["invite", "--tenant", "globex", "--email", bob, "--org", initech.slug]);
  expect(Object.keys(invited)).not.toContain("userExists");
  const mail = await waitForMail(bob, /You are invited to join Initech/);
  const link = linkIn(mail, "/globex/invitation");
  expect(link).toBe(invited.invitationLink);
  expect(mail.text).toMatch(/Set up your account/);

  await page.goto(link);
  await expect(page.getByRole("heading", { name: `Join ${initech.name}` })).toBeVisible();
  await expect(page.getByText(bob).first()).toBeVisible();
  await expect(page.getByLabel("Email address")).toHaveValue(bob);
  await expectNoAxeViolations(page, "invitation page");
  await screenshotInvitation(browser, link);

  // The tenant's password policy, as at sign-up.
  await page.getByLabel("Your name").fill("Bob Partner");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Confirm password").fill("short");
  await page.getByRole("button", { name: "Create account and accept" }).click();
  await expect(page.getByText(/Use at least \d+ characters/)).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(INVITEE_PASSWORD);
  await page.getByLabel("Confirm password").fill(INVITEE_PASSWORD);
  await page.getByRole("button", { name: "Create account and accept" }).click();
  await expect(page).toHaveURL(/\/globex\/account\?welcome=invitation$/);
  await expect(page.getByText(`Welcome to ${initech.name} on Globex Partner Portal`)).toBeVisible();

  await signOut(page);
  await signIn(page, "globex", bob, INVITEE_PASSWORD);
  await expect(page).toHaveURL(/\/globex\/account$/);

  // Used once: the same link now shows the one calm answer.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This invitation link is not valid" })).toBeVisible();
  await expect(page.getByText(/Ask your Globex Partner Portal contact for a new one/)).toBeVisible();
  await expectNoAxeViolations(page, "invalid invitation page");
});

test("an admin invites from the users page behind a fresh step-up; a resend kills the earlier link and a revoke the new one", async ({
  page,
}) => {
  const initech = createInitech();
  const admin = `admin-${suffix()}@globex.example`;
  await setUpStaff(
    page,
    addStaffByOperator({ tenant: "globex", email: admin, name: "Ada Admin", role: "admin" }),
    STAFF_PASSWORD,
  );
  await page.goto("/admin/globex");
  await page.getByRole("link", { name: "Invite someone" }).click();
  await expect(page).toHaveURL(/\/admin\/globex\/users$/);
  await expect(page.getByRole("heading", { name: "Invitations", exact: true })).toBeVisible();
  await expectNoAxeViolations(page, "console invitations page");

  const carol = `carol-${suffix()}@elsewhere.test`;
  await page.getByLabel("Email address").fill(carol);
  await page.getByLabel("Organisation", { exact: true }).selectOption(initech.slug);
  await page.getByLabel("Role in the organisation").selectOption("org_admin");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(/^Invitation sent\./)).toBeVisible();
  const row = page.getByTestId("tenant-invitation").filter({ hasText: carol });
  await expect(row).toContainText(`${initech.name} · organisation administrator`);
  // Outside the organisation's domains: allowed, and shown.
  await expect(row).toContainText(`Not at ${initech.name}'s domains`);
  await page.screenshot({ path: `${SHOTS}/inv-console.png`, fullPage: true });
  // The console never shows the link.
  await expect(page.locator("body")).not.toContainText("token=");

  const first = linkIn(await waitForMail(carol, /You are invited/), "/globex/invitation");
  await row.getByRole("button", { name: `Resend to ${carol}` }).click();
  await expect(page.getByText(/^Sent again with a new link/)).toBeVisible();
  const second = linkIn(await waitForMail(carol, /You are invited/, 2), "/globex/invitation");
  expect(second).not.toBe(first);

  const invitee = page.context();
  const other = await invitee.newPage();
  await other.goto(first);
  await expect(other.getByRole("heading", { name: "This invitation link is not valid" })).toBeVisible();
  await other.goto(second);
  await expect(other.getByRole("heading", { name: `Join ${initech.name}` })).toBeVisible();
  await expect(other.getByText(`as an administrator of ${initech.name}`)).toBeVisible();

  await page
    .getByTestId("tenant-invitation")
    .filter({ hasText: carol })
    .getByRole("button", { name: /^Revoke/ })
    .click();
  await expect(page.getByText(/^The invitation is revoked/)).toBeVisible();
  await expect(page.getByTestId("tenant-invitation").filter({ hasText: carol })).toHaveCount(0);
  await other.goto(second);
  await expect(other.getByRole("heading", { name: "This invitation link is not valid" })).toBeVisible();
});

test("an invitee chooses a passkey instead of a password: the account is created and the passkey signs them in", async ({
  page,
  context,
}) => {
  const initech = createInitech();
  const erin = `erin-${suffix()}@partner.test`;
  const invited = runOrgOperator(["invite", "--tenant", "globex", "--email", erin, "--org", initech.slug]);
  await addVirtualAuthenticator(context, page);
  await page.goto(invited.invitationLink!);
  await page.getByLabel("Your name").fill("Erin");
  await page.getByRole("button", { name: "Use a passkey instead" }).click();
  await expect(page).toHaveURL(/\/globex\/login\/enrol$/);
  await expect(page.getByRole("heading", { name: "Create your passkey" })).toBeVisible();
  await page.getByLabel("Name for the new passkey").fill("Work laptop");
  await page.getByRole("button", { name: "Create a passkey" }).click();
  await expect(page).toHaveURL(/\/globex\/account$/);
  await page.goto(invited.invitationLink!);
  await expect(page.getByRole("heading", { name: "This invitation link is not valid" })).toBeVisible();
});

test("an existing account is invited to an organisation: the mail says to sign in, and it accepts while signed in", async ({
  page,
}) => {
  const initech = createInitech();
  const frank = `frank-${suffix()}@partner.test`;
  // Frank already has a globex account (from an earlier invitation to the tenant).
  const first = runOrgOperator(["invite", "--tenant", "globex", "--email", frank]);
  await page.goto(first.invitationLink!);
  await page.getByLabel("Password", { exact: true }).fill(INVITEE_PASSWORD);
  await page.getByLabel("Confirm password").fill(INVITEE_PASSWORD);
  await page.getByRole("button", { name: "Create account and accept" }).click();
  await expect(page).toHaveURL(/\/globex\/account\?welcome=invitation$/);
  await signOut(page);

  const second = runOrgOperator(["invite", "--tenant", "globex", "--email", frank, "--org", initech.slug]);
  // The same answer as for a new address; the mail tells Frank to sign in.
  expect(Object.keys(second).sort()).toEqual(Object.keys(first).sort());
  const mail = await waitForMail(frank, new RegExp(`You are invited to join ${initech.name}`));
  expect(mail.text).toMatch(/sign in as usual and accept/);
  await page.goto(linkIn(mail, "/globex/invitation"));
  await page.getByRole("link", { name: "Sign in to accept" }).click();
  await expect(page.getByLabel("Email address")).toHaveValue(frank);
  // globex has organisations, so its sign-in page asks for the address first.
  await passwordStep(page);
  await page.getByLabel("Password", { exact: true }).fill(INVITEE_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/globex\/invitation\?token=/);
  await expectNoAxeViolations(page, "invitation page, signed in");
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page).toHaveURL(/\/globex\/account\?welcome=invitation$/);
  await expect(page.getByText(`Welcome to ${initech.name} on Globex Partner Portal`)).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the invitation form sets up the account with plain form posts", async ({ page }) => {
    const dave = `dave-${suffix()}@partner.test`;
    const invited = runOrgOperator(["invite", "--tenant", "globex", "--email", dave]);
    await page.goto(invited.invitationLink!);
    await expect(page.getByRole("heading", { name: "Join Globex Partner Portal" })).toBeVisible();
    // A refused post comes back with the reason, and nothing is used up.
    await page.getByLabel("Password", { exact: true }).fill(INVITEE_PASSWORD);
    await page.getByLabel("Confirm password").fill("not the same password at all");
    await page.getByRole("button", { name: "Create account and accept" }).click();
    await expect(page.getByText(/The two passwords do not match/).first()).toBeVisible();
    await page.getByLabel("Password", { exact: true }).fill(INVITEE_PASSWORD);
    await page.getByLabel("Confirm password").fill(INVITEE_PASSWORD);
    await page.getByRole("button", { name: "Create account and accept" }).click();
    await expect(page).toHaveURL(/\/globex\/account\?welcome=invitation$/);
    await expect(page.getByText("Welcome to Globex Partner Portal. The invitation is accepted.")).toBeVisible();
  });
});
