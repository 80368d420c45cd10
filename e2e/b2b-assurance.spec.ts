import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createPrismaClient } from "../lib/db/client";
import { createStore, type TStore } from "../lib/db/store";
import { hashPassword } from "../lib/identity/password-hasher";
import type { TOrgPolicy } from "../lib/organisations/types";
import { e2eDatabaseUrl } from "./support/env";
import { runOperator as cli, setUpStaff, setupLinkIn } from "./support/operator";
import { expect, expectNoAxeViolations, PASSWORD, signIn, test, uniqueEmail } from "./support/fixtures";
import { addVirtualAuthenticator, withoutPasskeyAutofill } from "./support/webauthn";

// Assurance per organisation: an organisation of initrode (a tenant of its own, so that no other
// spec's sign-in page turns identifier-first) that signs its members in with passkeys
// only. Its member (who has only a password) is sent from the right password to passkey
// enrolment and lands signed in at AAL2; a consumer of the same tenant still signs in with the
// password at AAL1; the console's policy page shows what a member gets. The organisation and its
// members are written straight into the e2e server's database, as the repositories do.
const SHOTS = "/work/wt/shots";
const STAFF_PASSWORD = "granite harbour violin meadow";
const PHONE = {
  viewport: { width: 375, height: 740 },
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
};

async function withStore<T>(work: (store: TStore) => Promise<T>): Promise<T> {
  const store = createStore(createPrismaClient(e2eDatabaseUrl()));
  try {
    return await work(store);
  } finally {
    await store.disconnect();
  }
}

/** An organisation of initrode with `policy`, a member with only a password, and a consumer. */
async function seed(policy: TOrgPolicy) {
  const tag = randomBytes(3).toString("hex");
  const slug = `initech-${tag}`;
  const name = `Initech ${tag}`;
  const member = uniqueEmail("org-member");
  const consumer = uniqueEmail("org-consumer");
  await withStore(async (store) => {
    const initrode = await store.tenants.findBySlug("initrode");
    if (!initrode) throw new Error("the e2e database has no initrode tenant");
    const at = new Date();
    const organisation = await store.organisations.create({
      tenantId: initrode.id,
      slug,
      name,
      domains: [`${tag}.initech.test`],
      policy,
      at,
    });
    const hash = await hashPassword(PASSWORD);
    for (const email of [member, consumer]) {
      const user = await store.users.create({ tenantId: initrode.id, email, displayName: null, at });
      await store.passwords.set(initrode.id, user.id, hash, at);
      await store.users.markEmailVerified(initrode.id, user.id, email, at);
      if (email === member) await store.memberships.set(initrode.id, user.id, organisation.id, "member");
    }
  });
  return { slug, name, member, consumer };
}

test.beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
  cli(["create", "--slug", "initrode", "--name", "Initrode", "--owner", uniqueEmail("initrode-owner")]);
});

test("an organisation requiring passkeys sends a password-only member to passkey enrolment; a consumer keeps the password", async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(180_000);
  const org = await seed({ methods: ["passkey"] });
  await withoutPasskeyAutofill(page);
  await addVirtualAuthenticator(context, page);

  await test.step("the member's right password leads only to passkey enrolment", async () => {
    await signIn(page, "initrode", org.member);
    await expect(page).toHaveURL(/\/initrode\/login\/enrol/);
    await expect(page.getByRole("heading", { name: "Create your passkey" })).toBeVisible();
    await expect(page.getByText(`${org.name} signs its members in to`)).toBeVisible();
    // No authenticator app is offered: the organisation allows passkeys only.
    await expect(page.getByRole("button", { name: "Set up authenticator app" })).toHaveCount(0);
    await expectNoAxeViolations(page, "organisation passkey enrolment");
    await page.screenshot({ path: `${SHOTS}/policy-enrol-1280.png`, fullPage: true });
  });

  await test.step("until a passkey is registered, the account stays closed", async () => {
    await page.goto("/initrode/account");
    await expect(page).not.toHaveURL(/\/initrode\/account$/);
    await page.goto("/initrode/login/enrol");
    await expect(page.getByRole("heading", { name: "Create your passkey" })).toBeVisible();
  });

  await test.step("registering a passkey completes the sign-in at AAL2", async () => {
    await page.getByLabel("Name for the new passkey").fill("Work laptop");
    await page.getByRole("button", { name: "Create a passkey" }).click();
    await expect(page).toHaveURL(/\/initrode\/account$/);
    await page.goto("/initrode/account/sessions");
    await expect(page.getByTestId("session").first()).toContainText("AAL2");
  });

  await test.step("a consumer of the same tenant still signs in with the password at AAL1", async () => {
    const other = await browser.newContext();
    const consumerPage = await other.newPage();
    await signIn(consumerPage, "initrode", org.consumer);
    await expect(consumerPage).toHaveURL(/\/initrode\/account$/);
    await consumerPage.goto("/initrode/account/sessions");
    await expect(consumerPage.getByTestId("session").first()).toContainText("AAL1 (password)");
    await other.close();
  });
});

test("the console's organisation policy page shows what a member gets, and saves a tightening", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const org = await seed({ methods: ["passkey"], sessionLimits: { "2": { absoluteMinutes: 480 } } });
  const adminEmail = uniqueEmail("org-policy-admin");
  const secret = await setUpStaff(
    page,
    setupLinkIn(
      cli(["staff-add", "--tenant", "initrode", "--email", adminEmail, "--name", "Policy Admin", "--role", "admin"]),
    ),
    STAFF_PASSWORD,
  );
  expect(secret).not.toBe("");
  const path = `/admin/initrode/organisations/${org.slug}/policy`;

  await test.step("the effective policy, in plain words, marks what the organisation tightened", async () => {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: `Sign-in policy of ${org.name}` })).toBeVisible();
    const gets = page.getByRole("region", { name: `What a member of ${org.name} gets` });
    await expect(gets).toContainText("Sign-in methods");
    await expect(gets).toContainText("Passkey");
    await expect(gets).not.toContainText("Password,");
    await expect(gets).toContainText("Level 2: 8 hours");
    await expect(gets.getByText("tightened by the organisation").first()).toBeVisible();
    await expectNoAxeViolations(page, "organisation policy page");
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: `${SHOTS}/policy-console-1280.png`, fullPage: true });
  });

  await test.step("a second factor required by the organisation is saved and shown", async () => {
    await page.getByLabel("Require a second factor of every member").check();
    await page.getByRole("button", { name: `Save the policy of ${org.name}` }).click();
    await expect(page.getByText("Saved. Members get the new policy")).toBeVisible();
    await page.reload();
    await expect(page.getByRole("region", { name: `What a member of ${org.name} gets` })).toContainText(
      "A second step is required at every sign-in.",
    );
  });

  await test.step("the page reads on a phone", async () => {
    const phone = await browser.newContext({ ...PHONE, storageState: await page.context().storageState() });
    const small = await phone.newPage();
    await small.goto(path);
    await expect(small.getByRole("heading", { name: `Sign-in policy of ${org.name}` })).toBeVisible();
    await expectNoAxeViolations(small, "organisation policy page on a phone");
    await small.screenshot({ path: `${SHOTS}/policy-console-375.png`, fullPage: true });
    await phone.close();
  });
});
