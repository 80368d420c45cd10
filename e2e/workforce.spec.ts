import type { Browser, Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { totpCodeAt } from "../lib/identity/totp";
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
  waitForMail,
} from "./support/fixtures";
import { addStaffByOperator, runOperator, setUpStaff, setupLinkIn } from "./support/operator";
import { addVirtualAuthenticator } from "./support/webauthn";

const STAFF_PASSWORD = "granite meadow falcon whistle";
const MINUTE = 60_000;
// Tests here move the e2e server's clock; the config runs one worker, and each test puts it back.
let clockOffset = 0;
function moveClock(ms: number) {
  clockOffset = ms;
  setClockOffset(ms);
}
test.afterEach(() => moveClock(0));
// Whole journeys with several argon2id hashes and axe runs on a 2-core machine.
test.describe.configure({ timeout: 150_000 });

/** A code for the next 30-second step on the server's clock, so it is never one already used. */
const nextCode = (secret: string) => totpCodeAt(secret, new Date(Date.now() + clockOffset + 30_000));

/** Uses a set-up link (checking each page with axe and a wrong code first); returns the app's secret. */
async function completeSetup(page: Page, link: string): Promise<string> {
  const check = async (step: "password" | "enrol") => {
    if (step === "password") {
      await expect(page.getByRole("heading", { name: "Set up your staff account" })).toBeVisible();
      await expectNoAxeViolations(page, "staff set-up page");
      return;
    }
    await expectNoAxeViolations(page, "staff enrolment page");
    await page.getByLabel("Code from your authenticator app").fill("000000");
    await page.getByRole("button", { name: "Turn on and continue" }).click();
    await expect(page.getByText(/That code is not right/)).toBeVisible();
  };
  return setUpStaff(page, link, STAFF_PASSWORD, { check, serverNow: () => new Date(Date.now() + clockOffset) });
}

async function newBrowser(browser: Browser) {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": randomIp() } });
  return { context, page: await context.newPage() };
}

test("the operator creates a tenant and its owner; the owner sets up a password and an authenticator app and reaches only their tenant", async ({
  page,
}) => {
  const slug = `hooli-${randomBytes(3).toString("hex")}`;
  const owner = uniqueEmail("owner");
  const output = runOperator([
    "create",
    "--slug",
    slug,
    "--name",
    "Hooli",
    "--owner",
    owner,
    "--owner-name",
    "Gavin Belson",
  ]);
  expect(output).toContain(`Tenant "${slug}" created`);
  const link = setupLinkIn(output);
  const secret = await completeSetup(page, link);
  await expect(page.getByRole("link", { name: "Hooli" })).toBeVisible();
  await expect(page.getByText("Signed in as")).toContainText("Gavin Belson");
  await expectNoAxeViolations(page, "admin tenant list");
  await page.getByRole("link", { name: "Hooli" }).click();
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
  await expect(page.getByText("No accounts yet.")).toBeVisible();
  await expectNoAxeViolations(page, "admin users page");

  // The set-up link worked once.
  await page.goto(link);
  await expect(page.getByText(/This set-up link is not valid any more/)).toBeVisible();

  // Staff of one tenant cannot see another: the same not-found page as a tenant that does not exist.
  for (const path of ["/admin/acme", "/support/acme", "/admin/no-such-tenant"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  // A staff session signs in no customer.
  await page.goto(`/${slug}/account`);
  await expect(page).toHaveURL(new RegExp(`/${slug}/login`));

  // Signing in again takes the password and then the code; the password alone opens nothing.
  await page.goto("/admin");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/admin\/login\?notice=signed-out/);
  await page.getByLabel("Work email").fill(owner);
  await page.getByLabel("Password", { exact: true }).fill(STAFF_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/login\/verify/);
  await expectNoAxeViolations(page, "staff code page");
  await page.goto(`/admin/${slug}`);
  await expect(page).toHaveURL(/\/admin\/login\?returnTo=/);
  await page.getByLabel("Work email").fill(owner);
  await page.getByLabel("Password", { exact: true }).fill(STAFF_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByLabel("Code from your authenticator app").fill(nextCode(secret));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/${slug}$`));
});

test("a customer's session opens neither console", async ({ page }) => {
  const email = await createVerifiedUser(page, "acme", "console-probe");
  await signIn(page, "acme", email);
  await expect(page).toHaveURL(/\/acme\/account$/);
  for (const path of ["/admin", "/admin/acme", "/support", "/support/acme"]) {
    await page.goto(path);
    await expect(page, path).toHaveURL(/\/(admin|support)\/login/);
  }
  await expect(page.getByRole("heading", { name: /Sign in to the (admin console|support workbench)/ })).toBeVisible();
  await expectNoAxeViolations(page, "staff sign-in page");
});

test("a customer locks their account; support finds it in the queue with the reason, steps up, unlocks it with a justification, and the audit trail shows who and why", async ({
  page,
  browser,
}) => {
  const customerBrowser = await newBrowser(browser);
  const customer = customerBrowser.page;
  const email = await createVerifiedUser(customer, "acme", "locked");
  for (let attempt = 1; attempt <= 10; attempt += 1) {
    // Past the growing delays between guesses without waiting for them.
    moveClock(attempt * 2 * MINUTE);
    await signIn(customer, "acme", email, `not my password ${attempt}`);
    await expect(customer.getByText(/Incorrect email or password|Too many failed attempts/)).toBeVisible();
  }
  moveClock(21 * MINUTE);
  await signIn(customer, "acme", email);
  await expect(customer.getByText(/Too many failed attempts/)).toBeVisible();

  const agent = uniqueEmail("agent");
  const secret = await completeSetup(
    page,
    setupLinkIn(
      runOperator(["staff-add", "--tenant", "acme", "--email", agent, "--name", "Sandra Support", "--role", "support"]),
    ),
  );
  // A support role opens no admin console.
  await expect(page.getByText(/no role here that opens the admin console/)).toBeVisible();
  expect((await page.goto("/admin/acme"))?.status()).toBe(404);
  await page.goto("/support");
  await page.getByRole("link", { name: "Acme" }).click();
  const entry = page.getByTestId("queue-entry").filter({ hasText: email });
  await expect(entry).toContainText("Paused");
  await expect(entry).toContainText("Too many failed sign-in attempts");
  await expect(entry).toContainText("10 consecutive failed passwords");
  await expectNoAxeViolations(page, "support queue");
  await entry.getByRole("link", { name: email }).click();
  await expect(page.getByTestId("user-state")).toHaveText("Paused after failed attempts");

  // Without a fresh code the action is refused and changes nothing.
  moveClock(27 * MINUTE);
  await page.reload();
  const reason = "Customer phoned from the number on file and confirmed the last order.";
  await page.getByLabel(/Why\? \(unlock sign-in/).fill(reason);
  await page.getByRole("button", { name: "Unlock sign-in" }).click();
  await expect(page.getByText(/Console changes need your passkey or a fresh authenticator code/)).toBeVisible();
  await expect(page.getByTestId("user-state")).toHaveText("Paused after failed attempts");

  await page.getByRole("link", { name: "Confirm it's you" }).click();
  await expect(page).toHaveURL(/\/support\/step-up\?returnTo=/);
  await expectNoAxeViolations(page, "staff step-up page");
  await page.getByLabel("Code from your authenticator app").fill(nextCode(secret));
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByTestId("step-up-notice")).toContainText("Confirmed");
  await page.getByLabel(/Why\? \(unlock sign-in/).fill("short");
  await page.getByRole("button", { name: "Unlock sign-in" }).click();
  await expect(page.getByText(/at least 10 characters/)).toBeVisible();
  await page.getByLabel(/Why\? \(unlock sign-in/).fill(reason);
  await page.getByRole("button", { name: "Unlock sign-in" }).click();
  await expect(page.getByText("Sign-in is unlocked, and the customer was told by mail.")).toBeVisible();
  await expect(page.getByTestId("user-state")).toHaveText("Active");
  const trail = page.getByRole("region", { name: "Recent events" });
  await expect(trail).toContainText("user.unlocked");
  await expect(trail).toContainText(`Reason: ${reason}`);
  await expect(trail).toContainText("user.locked");
  await expectNoAxeViolations(page, "support account page");

  await signIn(customer, "acme", email, PASSWORD);
  await expect(customer).toHaveURL(/\/acme\/account$/);
  await customerBrowser.context.close();
});

test("a staff member enrols a passkey instead of an app, signs in and steps up with it, adds a second one, and an owner's reset removes both", async ({
  page,
  context,
  browser,
}) => {
  const laptop = await addVirtualAuthenticator(context, page);
  const member = uniqueEmail("keyholder");
  const link = setupLinkIn(
    runOperator(["staff-add", "--tenant", "acme", "--email", member, "--name", "Kai Keys", "--role", "admin"]),
  );
  await page.goto(link);
  await page.getByLabel("New password").fill(STAFF_PASSWORD);
  await page.getByLabel("Confirm password").fill(STAFF_PASSWORD);
  await page.getByRole("button", { name: "Save password and continue" }).click();
  await expect(page).toHaveURL(/\/admin\/login\/enrol/);
  await expectNoAxeViolations(page, "staff enrolment page with passkey option");
  await page.getByRole("button", { name: "Create a passkey and continue" }).click();
  await expect(page).toHaveURL(/\/admin$/);

  // Next sign-in: the password, then the passkey (no code form: this member has no app).
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByLabel("Work email").fill(member);
  await page.getByLabel("Password", { exact: true }).fill(STAFF_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/login\/verify/);
  await expect(page.getByLabel("Code from your authenticator app")).toHaveCount(0);
  await expectNoAxeViolations(page, "staff second step with a passkey");
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page).toHaveURL(/\/admin$/);

  // Past 5 minutes, "Your sign-in" asks for a step-up before a passkey can be added; the passkey answers it.
  moveClock(6 * MINUTE);
  await page.getByRole("link", { name: "Your sign-in" }).click();
  await expect(page.getByRole("heading", { name: "Your sign-in" })).toBeVisible();
  await expect(page.getByTestId("staff-passkey")).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Add a passkey" })).toHaveCount(0);
  await page.getByRole("link", { name: "Confirm it's you" }).click();
  await expect(page).toHaveURL(/\/admin\/step-up\?returnTo=/);
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page).toHaveURL(/\/admin\/account$/);
  // The browser refuses to register a second credential on the authenticator that has one: the
  // backup is another authenticator.
  await laptop.cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: laptop.authenticatorId });
  await addVirtualAuthenticator(context, page);
  await page.getByLabel("Passkey name (optional)").fill("Backup key");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByTestId("staff-passkey")).toHaveCount(2);
  await expect(page.getByTestId("staff-passkey").filter({ hasText: "Backup key" })).toBeVisible();
  await expectNoAxeViolations(page, "staff sign-in methods page");
  // One may go; the last may not.
  await page.getByRole("button", { name: "Remove Backup key" }).click();
  await expect(page.getByText("The passkey was removed.")).toBeVisible();
  await page.getByRole("button", { name: /^Remove / }).click();
  await expect(page.getByText(/only second factor, so it cannot be removed/)).toBeVisible();
  await expect(page.getByTestId("staff-passkey")).toHaveCount(1);

  // An owner resets the member: the passkey is gone and the password no longer works.
  const owner = uniqueEmail("owner");
  const ownerBrowser = await newBrowser(browser);
  await setUpStaff(
    ownerBrowser.page,
    setupLinkIn(
      runOperator(["staff-add", "--tenant", "acme", "--email", owner, "--name", "Olga Owner", "--role", "owner"]),
    ),
    STAFF_PASSWORD,
    {
      serverNow: () => new Date(Date.now() + clockOffset),
    },
  );
  const admin = ownerBrowser.page;
  await admin.goto("/admin/acme/team");
  await expect(admin.getByTestId("staff-member").filter({ hasText: member })).toContainText(
    "Password and a passkey set up.",
  );
  // Just signed in: the owner's second factor is fresh, so the reset needs no extra step.
  await expect(admin.getByTestId("step-up-notice")).toContainText("Confirmed");
  const row = admin.getByTestId("staff-member").filter({ hasText: member });
  await row.getByLabel(/Why\? \(reset their sign-in/).fill("Lost the laptop holding the passkey; confirmed in person.");
  await row.getByRole("button", { name: "Reset their sign-in" }).click();
  await expect(admin.getByTestId("staff-member").filter({ hasText: member })).toContainText(
    "Set-up link not used yet.",
  );
  await ownerBrowser.context.close();
  await page.reload();
  await expect(page).toHaveURL(/\/admin\/login/);
});

test('an owner invites someone who already works for another tenant: the owner sees only "invited", the member accepts while signed in, then the owner sees them without a reset; the operator resets them', async ({
  page,
  browser,
}) => {
  // The owner of a new tenant, signed in (their second factor is fresh).
  const slug = `initech-${randomBytes(3).toString("hex")}`;
  const ownerEmail = uniqueEmail("initech-owner");
  await setUpStaff(
    page,
    setupLinkIn(
      runOperator([
        "create",
        "--slug",
        slug,
        "--name",
        "Initech",
        "--owner",
        ownerEmail,
        "--owner-name",
        "Bill Lumbergh",
      ]),
    ),
    STAFF_PASSWORD,
  );
  // Someone who works for acme, signed in in their own browser.
  const memberEmail = uniqueEmail("shared");
  const memberBrowser = await newBrowser(browser);
  const member = memberBrowser.page;
  const secret = await setUpStaff(
    member,
    addStaffByOperator({ tenant: "acme", email: memberEmail, name: "Ivy Shared", role: "support" }),
    STAFF_PASSWORD,
  );

  await page.goto(`/admin/${slug}/team`);
  await page.getByLabel("Work email").fill(memberEmail);
  await page.getByLabel("Name", { exact: true }).fill("Somebody Else");
  await page.getByLabel("Role", { exact: true }).selectOption("admin");
  await page.getByRole("button", { name: "Add or invite" }).click();
  await expect(page.getByText(/Invitation sent/)).toBeVisible();
  const invited = page.getByTestId("staff-invitation").filter({ hasText: memberEmail });
  await expect(invited).toContainText("invited");
  await expect(invited).not.toContainText(/Ivy|Somebody|authenticator|passkey/);
  await expect(page.getByTestId("staff-member").filter({ hasText: memberEmail })).toHaveCount(0);
  await expectNoAxeViolations(page, "staff page with an invitation");
  // Until they accept, the invitation opens nothing for them here.
  expect((await member.goto(`/admin/${slug}`))?.status()).toBe(404);

  const mail = await waitForMail(memberEmail, /You are invited to a staff role/);
  expect(mail.subject).toBe("You are invited to a staff role — Portico");
  expect(mail.text).toContain(`"Initech" (${slug})`);
  expect(mail.text).toMatch(/\/admin\/invitations/);

  // Past 5 minutes the answer needs the second factor again; then the member accepts.
  moveClock(6 * MINUTE);
  await member.goto("/admin");
  await member.getByTestId("invitations-notice").getByRole("link", { name: "See your invitations" }).click();
  await expect(member.getByRole("heading", { name: "Your invitations" })).toBeVisible();
  await expect(member.getByTestId("my-invitation")).toContainText(
    `Initech (${slug}) invites you to the role Administrator`,
  );
  await member.getByRole("button", { name: "Accept the role at Initech" }).click();
  await expect(member.getByText(/Confirm it's you first: answering an invitation/)).toBeVisible();
  await expectNoAxeViolations(member, "staff invitations page");
  await member.getByRole("link", { name: "Confirm it's you" }).click();
  await member.getByLabel("Code from your authenticator app").fill(nextCode(secret));
  await member.getByRole("button", { name: "Confirm" }).click();
  await expect(member).toHaveURL(/\/admin\/invitations$/);
  await member.getByRole("button", { name: "Accept the role at Initech" }).click();
  await expect(member.getByText(/Accepted\./)).toBeVisible();
  await expect(member.getByTestId("my-invitation")).toHaveCount(0);
  await member.goto("/admin");
  await member.getByRole("link", { name: "Initech" }).click();
  await expect(member).toHaveURL(new RegExp(`/admin/${slug}$`));
  await waitForMail(memberEmail, /Your staff role changed/);

  // The owner now sees their name and role, but neither their factors nor a reset.
  await page.reload();
  const row = page.getByTestId("staff-member").filter({ hasText: memberEmail });
  await expect(row).toContainText("Ivy Shared");
  await expect(row).toContainText("Administrator");
  await expect(row).toContainText("Also works for another tenant");
  await expect(row).not.toContainText(/authenticator app|passkey|Set-up link/);
  await expect(row.getByRole("button", { name: "Reset their sign-in" })).toHaveCount(0);
  await expect(row.getByRole("button", { name: "Remove from this tenant" })).toBeVisible();
  await expect(page.getByTestId("staff-invitation")).toHaveCount(0);
  await expectNoAxeViolations(page, "staff page with a shared member");

  // The platform operator resets them: a new link is printed, and their session has ended.
  const reset = runOperator(["staff-reset", "--email", memberEmail]);
  expect(reset).toContain(`${memberEmail}: password, authenticator app and passkeys removed`);
  setupLinkIn(reset);
  await member.goto("/admin");
  await expect(member).toHaveURL(/\/admin\/login/);
  await memberBrowser.context.close();
});
