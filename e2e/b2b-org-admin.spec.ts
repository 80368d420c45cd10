import type { Browser, BrowserContext, Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createPrismaClient } from "../lib/db/client";
import { createStore, type TStore } from "../lib/db/store";
import { hashPassword } from "../lib/identity/password-hasher";
import { totpCodeAt } from "../lib/identity/totp";
import { e2eDatabaseUrl } from "./support/env";
import { addStaffByOperator, setUpStaff } from "./support/operator";
import {
  expect,
  expectNoAxeViolations,
  PASSWORD,
  randomIp,
  setClockOffset,
  signIn,
  test,
  turnOnAuthenticatorApp,
  waitForMail,
} from "./support/fixtures";

const SHOTS = "/work/wt/shots";
const PHONE = {
  viewport: { width: 375, height: 740 },
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
};
const MINUTE = 60_000;
let clockOffset = 0;
function moveClock(ms: number) {
  clockOffset = ms;
  setClockOffset(ms);
}
test.afterEach(() => moveClock(0));
// Whole journeys with several argon2id hashes and axe runs on a loaded machine.
test.describe.configure({ timeout: 360_000 });

/** A code for the next 30-second step on the server's clock, so it is never one already used. */
const nextCode = (secret: string) => totpCodeAt(secret, new Date(Date.now() + clockOffset + 30_000));

type TPerson = { id: string; email: string };
type TWorld = {
  initech: { id: string; slug: string; name: string };
  ada: TPerson;
  bob: TPerson;
  carol: TPerson;
  dave: TPerson;
};

async function withStore<T>(work: (store: TStore) => Promise<T>): Promise<T> {
  const store = createStore(createPrismaClient(e2eDatabaseUrl()));
  try {
    return await work(store);
  } finally {
    await store.disconnect();
  }
}

/**
 * Globex (sign-up by invitation only) gets two organisations written through the repositories, as
 * the invitation flow would leave them: Initech with Ada (org_admin), Bob and Carol; Hooli with Dave.
 */
async function seedOrganisations(): Promise<TWorld> {
  const tag = randomBytes(3).toString("hex");
  return withStore(async (store) => {
    const globex = (await store.tenants.findBySlug("globex"))!;
    const now = new Date();
    const hash = await hashPassword(PASSWORD);
    const org = (slug: string, name: string) =>
      store.organisations.create({
        tenantId: globex.id,
        slug: `${slug}-${tag}`,
        name: `${name} ${tag}`,
        domains: [`${slug}-${tag}.test`],
        policy: {},
        at: now,
      });
    const initech = await org("initech", "Initech");
    const hooli = await org("hooli", "Hooli");
    const person = async (local: string, orgId: string, role: "member" | "org_admin", name: string) => {
      const email = `${local}@${orgId === initech.id ? initech.slug : hooli.slug}.test`;
      const user = await store.users.create({ tenantId: globex.id, email, displayName: name, at: now });
      await store.passwords.set(globex.id, user.id, hash, now);
      await store.users.markEmailVerified(globex.id, user.id, email, now);
      await store.memberships.set(globex.id, user.id, orgId, role);
      return { id: user.id, email };
    };
    return {
      initech: { id: initech.id, slug: initech.slug, name: initech.name },
      ada: await person("ada", initech.id, "org_admin", "Ada Admin"),
      bob: await person("bob", initech.id, "member", "Bob Member"),
      carol: await person("carol", initech.id, "member", "Carol Member"),
      dave: await person("dave", hooli.id, "member", "Dave Other"),
    };
  });
}

async function newBrowser(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}) {
  const context = await browser.newContext({
    extraHTTPHeaders: { "x-forwarded-for": randomIp() },
    viewport: { width: 1280, height: 800 },
    ...options,
  });
  return { context, page: await context.newPage() };
}

async function signedIn(browser: Browser, person: TPerson) {
  const { context, page } = await newBrowser(browser, { userAgent: PHONE.userAgent });
  await signIn(page, "globex", person.email);
  await expect(page).toHaveURL(/\/globex\/account$/);
  return { context, page };
}

async function shoot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/orgadmin-${name}.png`, fullPage: true });
}

/** Opens the member's panel from the members table. */
async function manage(page: Page, who: string) {
  await page.getByRole("link", { name: `Manage ${who}` }).click();
  await expect(page.getByRole("heading", { name: `Manage ${who}` })).toBeVisible();
}

async function act(page: Page, form: string, reason: string) {
  const panel = page.getByRole("form", { name: form });
  await panel.getByLabel("Reason (kept in the audit log)").fill(reason);
  await panel.getByRole("button").click();
}

async function orgAuditOf(userId: string) {
  return withStore(async (store) => {
    const globex = (await store.tenants.findBySlug("globex"))!;
    return (await store.audit.list(globex.id, { userId, limit: 50 }))
      .filter((e) => e.type.startsWith("org_member."))
      .map((e) => ({ type: e.type, reason: e.reason }));
  });
}

test("an organisation's administrator steps up and manages only their own members: ends a session, starts a recovery, removes a member; a tampered member id is refused and a plain member sees no controls", async ({
  browser,
}) => {
  const w = await seedOrganisations();
  const admin = await signedIn(browser, w.ada);
  const page = admin.page;
  await page.goto("/globex/account/security");
  const { secret } = await turnOnAuthenticatorApp(page);

  // Five minutes on, managing members asks for a fresh second factor.
  moveClock(6 * MINUTE);
  await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Organisation" }).click();
  await expect(page).toHaveURL(/\/globex\/account\/organisation$/);
  await expect(page.getByTestId("org-role")).toContainText("You are an administrator of");
  await expect(page.getByTestId("org-members")).toHaveCount(0);
  await expectNoAxeViolations(page, "organisation page (step-up needed)");
  await page.getByRole("link", { name: "Confirm it's you" }).click();
  await expect(page).toHaveURL(/\/globex\/step-up\?action=org\.manage&/);
  await page.getByLabel("Code from your authenticator app").fill(nextCode(secret));
  await page.getByRole("button", { name: "Confirm with code" }).click();
  await expect(page).toHaveURL(/\/globex\/account\/organisation$/);

  // Only Initech's members, with their sign-in methods as types.
  const table = page.getByTestId("org-members");
  await expect(table.getByTestId("org-member")).toHaveCount(3);
  await expect(table).toContainText(w.bob.email);
  await expect(table).toContainText(w.carol.email);
  await expect(table).not.toContainText(w.dave.email);
  await expect(table.getByTestId("org-member").filter({ hasText: w.ada.email })).toContainText("Authenticator app");
  await expectNoAxeViolations(page, "organisation page (members)");
  await page.setViewportSize({ width: 1280, height: 800 });
  await shoot(page, "members-desktop");

  // Bob, signed in elsewhere, is signed out when his sessions end.
  const bob = await signedIn(browser, w.bob);
  await manage(page, "Bob Member");
  await expectNoAxeViolations(page, "organisation page (a member's actions)");
  await shoot(page, "member-actions-desktop");
  await act(page, "End their sessions", "Lost laptop, reported by phone");
  await expect(page.getByText("Every session of that member has ended")).toBeVisible();
  await bob.page.goto("/globex/account");
  await expect(bob.page).toHaveURL(/\/globex\/login/);

  // Carol's recovery link goes to Carol's own address; the administrator's page never shows it.
  await manage(page, "Carol Member");
  await act(page, "Start account recovery", "Lost her phone with the authenticator app");
  await expect(page.getByText("A recovery link was sent to the member's own address")).toBeVisible();
  const mail = await waitForMail(w.carol.email, /administrator started recovering/);
  const link = mail.text.match(/\/globex\/reset-password\?token=([\w-]+)/)?.[1];
  expect(link).toBeTruthy();
  expect(await page.content()).not.toContain(link!);

  // A request naming another organisation's member (the hidden field changed) is refused.
  await manage(page, "Carol Member");
  const endForm = page.getByRole("form", { name: "End their sessions" });
  await endForm.locator('input[name="memberId"]').evaluate((input, id) => {
    (input as HTMLInputElement).value = id;
  }, w.dave.id);
  await act(page, "End their sessions", "Trying someone else's account");
  await expect(endForm.getByRole("alert")).toHaveText("There is no such member in your organisation.");
  expect(await orgAuditOf(w.dave.id)).toEqual([]);

  // Removing Bob takes him out of the table.
  await manage(page, "Bob Member");
  await act(page, "Remove from the organisation", "Left the company");
  await expect(page.getByText("The member was removed from your organisation")).toBeVisible();
  await expect(table.getByTestId("org-member")).toHaveCount(2);
  await expect(table).not.toContainText(w.bob.email);
  expect(await orgAuditOf(w.bob.id)).toEqual([
    { type: "org_member.removed", reason: "Left the company" },
    { type: "org_member.sessions_ended", reason: "Lost laptop, reported by phone" },
  ]);

  // Inviting a new member: the link goes by mail, and the invitation is listed.
  const newcomer = `newcomer@${w.initech.slug}.test`;
  const invite = page.getByRole("form", { name: "Invite someone" });
  await invite.getByLabel("Email address").fill(newcomer);
  await invite.getByLabel("Reason (kept in the audit log)").fill("Joins the support team");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("Invitation sent.")).toBeVisible();
  await expect(page.getByTestId("org-invitation")).toContainText(newcomer);
  await waitForMail(newcomer, /invit/i);

  // The phone layout of the same page.
  await page.setViewportSize(PHONE.viewport);
  await shoot(page, "members-phone");
  await expectNoAxeViolations(page, "organisation page on a phone");
  await manage(page, "Carol Member");
  await shoot(page, "member-actions-phone");

  // Carol, a plain member, sees her organisation and its administrators, and no controls.
  const carol = await signedIn(browser, w.carol);
  await carol.page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Organisation" }).click();
  await expect(carol.page.getByTestId("org-role")).toHaveText(`You are a member of ${w.initech.name}.`);
  await expect(carol.page.getByRole("list", { name: "Administrators" })).toContainText(w.ada.email);
  await expect(carol.page.getByTestId("org-members")).toHaveCount(0);
  await expect(carol.page.getByRole("button")).toHaveText(["Sign out"]);
  await carol.page.goto(`/globex/account/organisation?member=${w.bob.id}`);
  await expect(carol.page.getByTestId("org-member-actions")).toHaveCount(0);
  await expectNoAxeViolations(carol.page, "organisation page (plain member)");
  await shoot(carol.page, "plain-member-desktop");

  for (const c of [admin.context, bob.context, carol.context] as BrowserContext[]) await c.close();
});

test("in the admin console, an administrator creates an organisation and makes one of its members its org_admin", async ({
  browser,
}) => {
  const tag = randomBytes(3).toString("hex");
  const link = addStaffByOperator({
    tenant: "globex",
    email: `staff-${tag}@globex.example`,
    name: "Gia Staff",
    role: "admin",
  });
  const { context, page } = await newBrowser(browser, { userAgent: PHONE.userAgent });
  await setUpStaff(page, link, "granite meadow falcon whistle");
  await page.goto("/admin/globex");
  await page
    .getByRole("navigation", { name: /sections/ })
    .getByRole("link", { name: "Organisations" })
    .click();
  await expect(page).toHaveURL(/\/admin\/globex\/organisations$/);
  await expectNoAxeViolations(page, "console organisations");
  const form = page.getByRole("form", { name: "New organisation" });
  await form.getByLabel("Name").fill(`Umbra ${tag}`);
  await form.getByLabel("Slug").fill(`umbra-${tag}`);
  await form.getByLabel("Email domains").fill(`umbra-${tag}.test`);
  await form.getByRole("button", { name: "Create organisation" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/globex/organisations/umbra-${tag}\\?done=created$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Umbra ${tag}`);
  await expect(page.getByRole("link", { name: "Enterprise sign-in" })).toHaveAttribute(
    "href",
    `/admin/globex/organisations/umbra-${tag}/connection`,
  );
  await expect(page.getByRole("link", { name: "Assurance policy" })).toHaveAttribute(
    "href",
    `/admin/globex/organisations/umbra-${tag}/policy`,
  );

  // A member (as an accepted invitation leaves them), promoted to the organisation's administrator.
  const email = `erin@umbra-${tag}.test`;
  await withStore(async (store) => {
    const globex = (await store.tenants.findBySlug("globex"))!;
    const org = (await store.organisations.findBySlug(globex.id, `umbra-${tag}`))!;
    const user = await store.users.create({ tenantId: globex.id, email, displayName: "Erin", at: new Date() });
    await store.memberships.set(globex.id, user.id, org.id, "member");
  });
  await page.reload();
  const row = page.getByTestId("org-console-member").filter({ hasText: email });
  await expect(row).toContainText("Member");
  await row.getByRole("button", { name: `Make ${email} an administrator` }).click();
  await expect(page.getByText("The member's role is changed.")).toBeVisible();
  await expect(page.getByTestId("org-console-member").filter({ hasText: email })).toContainText("Administrator");
  await expectNoAxeViolations(page, "console organisation");
  await page.setViewportSize({ width: 1280, height: 800 });
  await shoot(page, "console-organisation-desktop");
  await page.goto("/admin/globex/organisations");
  await expect(page.getByTestId("organisations")).toContainText(`Umbra ${tag}`);
  await shoot(page, "console-organisations-desktop");
  await page.setViewportSize(PHONE.viewport);
  await expectNoAxeViolations(page, "console organisations on a phone");
  await shoot(page, "console-organisations-phone");
  await page.goto(`/admin/globex/organisations/umbra-${tag}`);
  await shoot(page, "console-organisation-phone");
  await context.close();
});
