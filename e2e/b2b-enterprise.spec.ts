// Enterprise sign-in end to end: identifier-first sign-in sends an organisation's address to its
// identity provider (oidc-provider on a loopback port, a real OpenID Provider the spec starts), and
// Portico makes its own session from the verified answer — provisioning, linking after a password
// proof, or refusing. The security tests put a man in the middle of the token endpoint (the ID
// token re-signed with one claim changed), replay callbacks, cross tenants and poke at next-auth's
// routes that must not exist.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { BrowserContext, Page } from "@playwright/test";
import { BASE_URL, e2eDatabaseUrl } from "./support/env";
import { startEnterpriseIdp, type TEnterpriseIdp } from "./support/enterprise-idp";
import { expect, expectNoAxeViolations, PASSWORD, test } from "./support/fixtures";
import { totpCodeAt } from "../lib/identity/totp";
import { runOperator, runOrgOperator, setUpStaff, setupLinkIn } from "./support/operator";
import { addVirtualAuthenticator, withoutPasskeyAutofill } from "./support/webauthn";

const root = path.resolve(import.meta.dirname, "..");
// The IdPs' loopback ports (E2E_IDP_PORT and the next two up), so parallel runs can each have their own.
const IDP_PORT = Number(process.env.E2E_IDP_PORT ?? 3335);
const OTHER_IDP_PORT = IDP_PORT + 2;
const slug = `b2b${randomBytes(4).toString("hex")}`;
const suffix = () => randomBytes(4).toString("hex");

function runTsx(script: string, args: string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", path.join(root, script), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: e2eDatabaseUrl(), PORTICO_BASE_URL: BASE_URL },
    encoding: "utf8",
  });
}
const lastJson = <T>(output: string): T => JSON.parse(output.trim().split("\n").at(-1) ?? "{}") as T;
const seed = <T>(args: string[]) => lastJson<T>(runTsx("e2e/support/seed-b2b.ts", args));

type TSessions = { exists: boolean; sessions: { aal: number; amr: string[]; stage: string }[] };
const sessionsOf = (email: string) => seed<TSessions>(["sessions", slug, email]);

let ownerLink = "";
let redirectUri = "";
let initech: TEnterpriseIdp;
let umbrella: TEnterpriseIdp;
let initechConnection = "";
let umbrellaConnection = "";

test.beforeAll(async () => {
  ownerLink = setupLinkIn(
    runOperator(["create", "--slug", slug, "--name", "Globex Partners", "--owner", `owner-${suffix()}@example.test`]),
  );
  seed(["org", slug, "initech", "Initech", "initech.test"]);
  seed(["org", slug, "umbrella", "Umbrella", "umbrella.test"]);
  const initechSecret = randomBytes(24).toString("base64url");
  const umbrellaSecret = randomBytes(24).toString("base64url");
  const created = lastJson<{ connectionId: string; redirectUri: string }>(
    runTsx("scripts/connection-admin.ts", [
      "create",
      ...["--tenant", slug, "--org", "initech", "--issuer", `http://127.0.0.1:${IDP_PORT}`],
      ...["--client-id", "portico-initech", "--client-secret", initechSecret, "--jit"],
    ]),
  );
  const other = lastJson<{ connectionId: string; redirectUri: string }>(
    runTsx("scripts/connection-admin.ts", [
      "create",
      ...["--tenant", slug, "--org", "umbrella", "--issuer", `http://127.0.0.1:${OTHER_IDP_PORT}`],
      ...["--client-id", "portico-umbrella", "--client-secret", umbrellaSecret],
    ]),
  );
  initechConnection = created.connectionId;
  redirectUri = created.redirectUri;
  umbrellaConnection = other.connectionId;
  expect(created.redirectUri).toBe(`${BASE_URL}/${slug}/api/auth/callback/${created.connectionId}`);
  initech = await startEnterpriseIdp({
    port: IDP_PORT,
    redirectUris: [created.redirectUri],
    clientId: "portico-initech",
    clientSecret: initechSecret,
  });
  umbrella = await startEnterpriseIdp({
    port: OTHER_IDP_PORT,
    redirectUris: [other.redirectUri],
    clientId: "portico-umbrella",
    clientSecret: umbrellaSecret,
  });
});

test.afterAll(async () => {
  await initech?.close();
  await umbrella?.close();
});

test.afterEach(() => {
  initech.setTamper(null);
});

async function identify(page: Page, email: string) {
  await page.goto(`/${slug}/login`);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
}

async function signInAtIdp(page: Page, email: string, issuer = initech.issuer) {
  await expect(page).toHaveURL(new RegExp(`^${issuer.replace(/\./g, "\\.")}/interaction/`));
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function hasSession(context: BrowserContext): Promise<boolean> {
  return (await context.cookies(BASE_URL)).some((c) => c.name === `__Host-portico-${slug}` && c.value !== "");
}

async function authjsCookies(context: BrowserContext): Promise<string[]> {
  return (await context.cookies(BASE_URL)).map((c) => c.name).filter((name) => /authjs\./.test(name));
}

test("home-realm discovery sends an Initech address to its IdP with login_hint and comes back signed in (JIT, amr fed, AAL1)", async ({
  page,
  context,
}) => {
  const email = `ada-${suffix()}@initech.test`;
  initech.addAccount({ email, email_verified: true, name: "Ada Initech" });
  await page.goto(`/${slug}/login`);
  await expect(page.getByLabel("Password", { exact: true })).toHaveCount(0);
  await expectNoAxeViolations(page, "identifier-first sign-in");
  await identify(page, email);
  await expect(page).toHaveURL(new RegExp(`^${initech.issuer.replace(/\./g, "\\.")}/interaction/`));
  await expect(page.getByLabel("Work email")).toHaveValue(email);
  expect(initech.lastLoginHint()).toBe(email);
  await signInAtIdp(page, email);
  await expect(page).toHaveURL(`${BASE_URL}/${slug}/account`);
  expect(await hasSession(context)).toBe(true);
  expect(await authjsCookies(context)).toEqual([]);
  const { sessions } = sessionsOf(email);
  expect(sessions).toHaveLength(1);
  expect(sessions[0]?.amr).toContain("fed");
  expect(sessions[0]?.aal).toBe(1);
  // A second sign-in finds the linked identity instead of provisioning again.
  await context.clearCookies();
  await identify(page, email);
  await signInAtIdp(page, email);
  await expect(page).toHaveURL(`${BASE_URL}/${slug}/account`);
  expect(sessionsOf(email).sessions).toHaveLength(2);
});

test("an address outside every federated domain continues with the password step, the address filled in", async ({
  page,
}) => {
  const email = `pat-${suffix()}@partner.test`;
  await identify(page, email);
  await expect(page).toHaveURL(new RegExp(`/${slug}/login\\?step=password`));
  await expect(page.getByLabel("Email address")).toHaveValue(email);
  await expect(page.getByLabel("Password", { exact: true })).toBeVisible();
});

test("the answer depends only on the domain: with or without an account, the same step", async ({ page }) => {
  const local = `known-${suffix()}@partner.test`;
  seed(["user", slug, local, PASSWORD]);
  const unknown = `unknown-${suffix()}@partner.test`;
  // Wait for each answer's navigation before reading where it went.
  await identify(page, local);
  await expect(page).toHaveURL(/[?&]step=/);
  const knownUrl = new URL(page.url());
  await identify(page, unknown);
  await expect(page).toHaveURL(/[?&]step=/);
  const unknownUrl = new URL(page.url());
  expect(knownUrl.pathname).toBe(unknownUrl.pathname);
  expect(knownUrl.searchParams.get("step")).toBe(unknownUrl.searchParams.get("step"));
  // Both Initech addresses go to Initech's IdP, account or not.
  const member = `known-${suffix()}@initech.test`;
  seed(["user", slug, member, PASSWORD]);
  await identify(page, member);
  await expect(page).toHaveURL(new RegExp(`^${initech.issuer.replace(/\./g, "\\.")}/interaction/`));
  await identify(page, `unknown-${suffix()}@initech.test`);
  await expect(page).toHaveURL(new RegExp(`^${initech.issuer.replace(/\./g, "\\.")}/interaction/`));
});

test("an existing local account links only after proving its password; without the proof there is no session", async ({
  page,
  context,
}) => {
  const email = `bob-${suffix()}@initech.test`;
  seed(["user", slug, email, PASSWORD]);
  initech.addAccount({ email, email_verified: true, name: "Bob Initech" });
  await identify(page, email);
  await signInAtIdp(page, email);
  await expect(page).toHaveURL(`${BASE_URL}/${slug}/login/link-account`);
  await expect(page.getByRole("heading", { name: "Link your account" })).toBeVisible();
  await expectNoAxeViolations(page, "link account");
  expect(await hasSession(context)).toBe(false);
  expect(sessionsOf(email).sessions).toHaveLength(0);
  // Leaving the page for the account does not sign in either.
  await page.goto(`/${slug}/account`);
  await expect(page).toHaveURL(new RegExp(`/${slug}/login`));
  await page.goto(`/${slug}/login/link-account`);
  await page.getByLabel("Password", { exact: true }).fill("not the password at all");
  await page.getByRole("button", { name: "Link and sign in" }).click();
  await expect(page.getByText("Incorrect password for this account.")).toBeVisible();
  expect(sessionsOf(email).sessions).toHaveLength(0);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Link and sign in" }).click();
  await expect(page).toHaveURL(`${BASE_URL}/${slug}/account`);
  const { sessions } = sessionsOf(email);
  expect(sessions).toHaveLength(1);
  expect(sessions[0]?.amr).toEqual(expect.arrayContaining(["fed", "pwd"]));
  // Linked now: the next IdP sign-in goes straight in.
  await context.clearCookies();
  await identify(page, email);
  await signInAtIdp(page, email);
  await expect(page).toHaveURL(`${BASE_URL}/${slug}/account`);
});

test("an existing account with only a passkey links after proving it with the passkey (amr fed)", async ({
  page,
  context,
}) => {
  const email = `pia-${suffix()}@initech.test`;
  // A tenant invitation (no organisation): Pia sets up a passkey and no password.
  const invited = runOrgOperator(["invite", "--tenant", slug, "--email", email]);
  // The sign-in page's passkey autofill would sign Pia in with the passkey directly; only the IdP way is tested here.
  await withoutPasskeyAutofill(page);
  await addVirtualAuthenticator(context, page);
  await page.goto(invited.invitationLink!);
  await page.getByLabel("Your name").fill("Pia");
  await page.getByRole("button", { name: "Use a passkey instead" }).click();
  await expect(page.getByRole("heading", { name: "Create your passkey" })).toBeVisible();
  await page.getByLabel("Name for the new passkey").fill("Work laptop");
  await page.getByRole("button", { name: "Create a passkey" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/account`));
  await context.clearCookies();

  initech.addAccount({ email, email_verified: true, name: "Pia Initech" });
  await identify(page, email);
  await signInAtIdp(page, email);
  await expect(page).toHaveURL(`${BASE_URL}/${slug}/login/link-account`);
  await expect(page.getByLabel("Password", { exact: true })).toHaveCount(0);
  expect(await hasSession(context)).toBe(false);
  await expectNoAxeViolations(page, "link account with a passkey");
  await page.getByRole("button", { name: "Link with your passkey" }).click();
  await expect(page).toHaveURL(`${BASE_URL}/${slug}/account`);
  // The set-up session from the invitation is still live; the link made one more, federated.
  const { sessions } = sessionsOf(email);
  expect(sessions.filter((session) => session.amr.includes("fed"))).toHaveLength(1);
  // Linked now: the next IdP sign-in goes straight in, without the passkey.
  await context.clearCookies();
  await identify(page, email);
  await signInAtIdp(page, email);
  await expect(page).toHaveURL(`${BASE_URL}/${slug}/account`);
});

test("an IdP answer with email_verified: false is refused and makes no account or session", async ({
  page,
  context,
}) => {
  const email = `unverified-${suffix()}@initech.test`;
  initech.addAccount({ email, email_verified: false, name: "Unverified" });
  await identify(page, email);
  await signInAtIdp(page, email);
  await expect(page).toHaveURL(new RegExp(`/${slug}/login\\?federation=EMAIL_NOT_VERIFIED`));
  await expect(page.getByText("did not confirm your email address")).toBeVisible();
  expect(await hasSession(context)).toBe(false);
  expect(sessionsOf(email).exists).toBe(false);
});

test("an IdP answer with an address outside the organisation's domains is refused", async ({ page, context }) => {
  const start = `carol-${suffix()}@initech.test`;
  const foreign = `carol-${suffix()}@elsewhere.test`;
  initech.addAccount({ email: foreign, email_verified: true, name: "Carol Elsewhere" });
  await identify(page, start);
  await signInAtIdp(page, foreign);
  await expect(page).toHaveURL(new RegExp(`/${slug}/login\\?federation=FOREIGN_DOMAIN`));
  expect(await hasSession(context)).toBe(false);
  expect(sessionsOf(foreign).exists).toBe(false);
});

for (const tamper of [
  { claim: "iss", value: "http://127.0.0.1:3399", what: "a wrong issuer" },
  { claim: "aud", value: "someone-else", what: "a wrong audience" },
  { claim: "nonce", value: "not-the-nonce-portico-sent", what: "a nonce mismatch" },
] as const) {
  test(`an ID token with ${tamper.what}, re-signed by a man in the middle, is refused and no session is made`, async ({
    page,
    context,
  }) => {
    const email = `mitm-${tamper.claim}-${suffix()}@initech.test`;
    initech.addAccount({ email, email_verified: true, name: "Target" });
    initech.setTamper({ claim: tamper.claim, value: tamper.value });
    await identify(page, email);
    await signInAtIdp(page, email);
    await expect(page).toHaveURL(new RegExp(`/${slug}/login\\?federation=failed`));
    expect(await hasSession(context)).toBe(false);
    expect(await authjsCookies(context)).toEqual([]);
    expect(sessionsOf(email).exists).toBe(false);
  });
}

test("a callback URL replayed, or carried into another browser, is refused (state) and makes no session", async ({
  page,
  context,
  browser,
}) => {
  const email = `replay-${suffix()}@initech.test`;
  initech.addAccount({ email, email_verified: true, name: "Replay" });
  let callback = "";
  page.on("request", (request) => {
    if (request.url().includes(`/${slug}/api/auth/callback/`)) callback = request.url();
  });
  await identify(page, email);
  await signInAtIdp(page, email);
  await expect(page).toHaveURL(`${BASE_URL}/${slug}/account`);
  expect(callback).not.toBe("");
  expect(sessionsOf(email).sessions).toHaveLength(1);
  // The same browser again: the state cookie is spent.
  await page.goto(callback);
  await expect(page).toHaveURL(new RegExp(`/${slug}/login\\?federation=failed|/${slug}/account`));
  expect(sessionsOf(email).sessions).toHaveLength(1);
  // Another browser: it never had the state, PKCE verifier or nonce of that flow.
  const other = await browser.newContext();
  const stranger = await other.newPage();
  await stranger.goto(callback);
  await expect(stranger).toHaveURL(new RegExp(`/${slug}/login\\?federation=failed`));
  expect(await hasSession(other)).toBe(false);
  expect(sessionsOf(email).sessions).toHaveLength(1);
  await other.close();
  void context;
});

test("a federated sign-in to one tenant never makes a session at another (the callback at acme fails)", async ({
  page,
  context,
}) => {
  const email = `cross-${suffix()}@initech.test`;
  initech.addAccount({ email, email_verified: true, name: "Cross" });
  let callback = "";
  page.on("request", (request) => {
    if (request.url().includes(`/${slug}/api/auth/callback/`)) callback = request.url();
  });
  await identify(page, email);
  await signInAtIdp(page, email);
  await expect(page).toHaveURL(`${BASE_URL}/${slug}/account`);
  expect(callback).not.toBe("");
  // The same IdP answer brought to acme's next-auth route: acme has no such connection.
  const atAcme = callback.replace(`/${slug}/api/auth/`, "/acme/api/auth/");
  const answer = await page.request.get(atAcme, { maxRedirects: 0 });
  expect(answer.status()).toBe(404);
  await page.goto(atAcme);
  expect((await context.cookies(BASE_URL)).some((c) => c.name === "__Host-portico-acme" && c.value !== "")).toBe(false);
  expect(seed<TSessions>(["sessions", "acme", email]).exists).toBe(false);
});

test("next-auth's own routes are not exposed: session, csrf, providers, signin page, signout answer 404", async ({
  request,
}) => {
  for (const route of ["session", "csrf", "providers", "signin", `signin/${initechConnection}`, "signout", "error"]) {
    const answer = await request.get(`/${slug}/api/auth/${route}`, { maxRedirects: 0 });
    expect(answer.status(), route).toBe(404);
  }
  for (const route of [`signin/${initechConnection}`, "signout", "session", `callback/${initechConnection}`]) {
    // Same-origin, so that the proxy's cross-site refusal is not what answers.
    const answer = await request.post(`/${slug}/api/auth/${route}`, {
      maxRedirects: 0,
      form: { csrfToken: "x" },
      headers: { origin: BASE_URL },
    });
    expect(answer.status(), `POST ${route}`).toBe(404);
  }
  // Another tenant's connection has no callback here.
  expect((await request.get(`/acme/api/auth/callback/${initechConnection}`, { maxRedirects: 0 })).status()).toBe(404);
});

test("an organisation's person cannot be routed to another organisation's IdP by changing the form", async ({
  page,
}) => {
  const email = `dave-${suffix()}@initech.test`;
  await page.goto(`/${slug}/login`);
  await page.getByLabel("Email address").fill(email);
  // Whatever a tampered form adds, the connection comes from the address's domain.
  await page.evaluate((other) => {
    const form = document.querySelector("form");
    for (const name of ["connection", "connectionId", "provider", "organisation", "issuer"]) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = other;
      form?.appendChild(input);
    }
  }, umbrellaConnection);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(new RegExp(`^${initech.issuer.replace(/\./g, "\\.")}/interaction/`));
  expect(umbrella.lastLoginHint()).toBeNull();
});

test("identifier-first sign-in and the IdP round trip work without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const email = `nojs-${suffix()}@initech.test`;
  initech.addAccount({ email, email_verified: true, name: "No Script" });
  await identify(page, email);
  // Without a script the page offers the way on: a link to the IdP (forms may post only to Portico).
  await page.getByRole("link", { name: "Continue to your organisation's sign-in." }).click();
  await signInAtIdp(page, email);
  await expect(page).toHaveURL(`${BASE_URL}/${slug}/account`);
  expect(await hasSession(context)).toBe(true);
  // And the local path: the password step, with the address filled in.
  const local = `nojs-${suffix()}@partner.test`;
  await context.clearCookies();
  await identify(page, local);
  await expect(page.getByLabel("Email address")).toHaveValue(local);
  await expect(page.getByLabel("Password", { exact: true })).toBeVisible();
  await context.close();
});

test("connection:create refuses bad arguments with exit code 2 and a message on stderr", () => {
  const run = (args: string[]) => {
    try {
      runTsx("scripts/connection-admin.ts", ["create", ...args]);
      return { status: 0, stderr: "" };
    } catch (error) {
      const failed = error as { status: number; stderr: string };
      return { status: failed.status, stderr: String(failed.stderr) };
    }
  };
  const missing = run(["--tenant", slug, "--org", "initech"]);
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain("usage:");
  const insecure = run([
    ...["--tenant", slug, "--org", "umbrella", "--issuer", "http://idp.umbrella.example"],
    ...["--client-id", "c", "--client-secret", "s"],
  ]);
  expect(insecure.status).toBe(2);
  expect(insecure.stderr).toContain("must use https");
});

test("an admin sees the connection's redirect URI, tests it against the IdP's discovery, saves it keeping the secret, and pre-approves a local account's link", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const totp = await setUpStaff(page, ownerLink, "granite harbour violin meadow");
  const path = `/admin/${slug}/organisations/initech/connection`;
  await page.goto(path);
  const notice = page.getByTestId("step-up-notice");
  if ((await notice.innerText()).includes("Changes here need")) {
    await page.getByRole("link", { name: "Confirm it's you" }).click();
    await page.getByLabel("Code from your authenticator app").fill(totpCodeAt(totp, new Date(Date.now() + 30_000)));
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect(notice).toContainText("Confirmed");
  }
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(page.getByTestId("redirect-uri")).toHaveText(redirectUri);
  await expect(page.getByLabel("Client secret")).toHaveValue("");
  await expectNoAxeViolations(page, "connection page");
  await page.getByRole("button", { name: "Test connection" }).click();
  const report = page.getByTestId("discovery-report");
  await expect(report).toContainText(`${initech.issuer} (matches)`);
  await expect(report).toContainText("PKCE (S256)supported");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved the enterprise connection.")).toBeVisible();

  // An admin allows a local Initech account to link at its next enterprise sign-in (with a reason).
  const carl = `carl-${suffix()}@initech.test`;
  const { userId } = seed<{ userId: string }>(["user", slug, carl, PASSWORD]);
  await page.goto(`/admin/${slug}/users/${userId}`);
  const allow = page
    .locator("form")
    .filter({ has: page.getByRole("button", { name: "Allow linking at the next enterprise sign-in" }) });
  await allow.getByRole("textbox").fill("Carl called; identity checked against the signed contract.");
  await allow.getByRole("button", { name: "Allow linking at the next enterprise sign-in" }).click();
  await expect(page.getByText(/^Linking is allowed once/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Revoke the linking approval" })).toBeVisible();
  await expectNoAxeViolations(page, "console user page with a linking approval");

  // The secret was kept: a sign-in through the connection still completes.
  await page.context().clearCookies();
  const email = `after-save-${suffix()}@initech.test`;
  initech.addAccount({ email, email_verified: true, name: "After Save" });
  await identify(page, email);
  await signInAtIdp(page, email);
  await expect(page).toHaveURL(`${BASE_URL}/${slug}/account`);

  // Carl's IdP sign-in links without the link page, once.
  await page.context().clearCookies();
  initech.addAccount({ email: carl, email_verified: true, name: "Carl" });
  await identify(page, carl);
  await signInAtIdp(page, carl);
  await expect(page).toHaveURL(`${BASE_URL}/${slug}/account`);
  expect(sessionsOf(carl).sessions.filter((session) => session.amr.includes("fed"))).toHaveLength(1);
});
