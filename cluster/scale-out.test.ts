// Two production instances of the portal, A and B, on different ports against one PostgreSQL
// database, as behind a load balancer without sticky sessions: whatever one instance starts, the
// other continues, and single-use or counted state is shared.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import type { TTestDb } from "../tests/support/test-db";
import { lastMailTo, linkToken } from "../tests/support/test-db";
import { createSoftAuthenticator } from "../tests/support/soft-authenticator";
import { createBrowser, findForm, randomIp, textOf } from "./support/browser";
import { createAcmeUser, isSignedInAnswer, opensAccount, signIn } from "./support/flows";
import { startInstance, type TInstance } from "./support/instances";
import { LOAD_PASSWORD } from "./support/load";
import { createSharedPostgresDatabase } from "./support/shared-database";

const PUBLIC_ORIGIN = "http://localhost:3600";
const NEW_PASSWORD = "harbour pelican midnight quartz";

let db: TTestDb;
let a: TInstance;
let b: TInstance;
const clockFile = path.join(mkdtempSync(path.join(os.tmpdir(), "portico-clock-")), "offset");

beforeAll(async () => {
  db = await createSharedPostgresDatabase();
  writeFileSync(clockFile, "0");
  // Both instances read one movable clock (as the e2e server does), so the lockout test can pass
  // the growing delays between failures without sleeping.
  const env = { PORTICO_E2E: "1", PORTICO_TEST_CLOCK_FILE: clockFile };
  [a, b] = await Promise.all([
    startInstance({ port: 3601, databaseUrl: db.url, publicOrigin: PUBLIC_ORIGIN, env }),
    startInstance({ port: 3602, databaseUrl: db.url, publicOrigin: PUBLIC_ORIGIN, env }),
  ]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db?.close();
});

const unique = (prefix: string) => `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;

describe("two app instances on one PostgreSQL database", () => {
  it("a session created on A works on B, and signing out on B ends it on A too", async () => {
    const email = unique("scale-session");
    await createAcmeUser(db.store, email, LOAD_PASSWORD);
    const browser = createBrowser(PUBLIC_ORIGIN);
    expect(isSignedInAnswer(await signIn(browser, a.url, email, LOAD_PASSWORD))).toBe(true);
    expect(await opensAccount(browser, b.url)).toBe(true);

    // A copy of the cookies from before sign-out: what a stolen or second tab's cookie would hold.
    const before = browser.fork();
    const signedOut = await browser.submit(b.url, "/acme/logout", { fields: [] }, {});
    expect(signedOut.status).toBe(303);
    expect(signedOut.location).toContain("/acme/login?notice=signed-out");

    for (const instance of [a, b]) {
      const page = await before.get(instance.url, "/acme/account");
      expect(page.status, `old session on ${instance.url}`).toBe(307);
      expect(page.location).toContain("/acme/login");
    }
  });

  it("a WebAuthn challenge issued by A is verified by B, for registration and for sign-in", async () => {
    const email = unique("scale-passkey");
    await createAcmeUser(db.store, email, LOAD_PASSWORD);
    const browser = createBrowser(PUBLIC_ORIGIN);
    expect(isSignedInAnswer(await signIn(browser, a.url, email, LOAD_PASSWORD))).toBe(true);
    const authenticator = createSoftAuthenticator({ origin: PUBLIC_ORIGIN });

    const creation = await browser.postJson(a.url, "/api/acme/passkeys/register-options", {});
    expect(creation.status).toBe(200);
    const registered = await browser.postJson(b.url, "/api/acme/passkeys/register", {
      name: "Soft key",
      response: authenticator.register(creation.json as unknown as PublicKeyCredentialCreationOptionsJSON),
    });
    expect(registered.json).toMatchObject({ ok: true });

    const visitor = createBrowser(PUBLIC_ORIGIN);
    const request = await visitor.postJson(b.url, "/api/acme/passkeys/login-options", {});
    expect(request.status).toBe(200);
    const signedIn = await visitor.postJson(a.url, "/api/acme/passkeys/login", {
      response: authenticator.authenticate(request.json as unknown as PublicKeyCredentialRequestOptionsJSON),
    });
    expect(signedIn.json).toMatchObject({ ok: true, redirect: "/acme/account" });
    expect(await opensAccount(visitor, b.url)).toBe(true);
  });

  it("a reset token issued on A is consumed exactly once across A and B", async () => {
    const email = unique("scale-reset");
    await createAcmeUser(db.store, email, LOAD_PASSWORD);
    const requester = createBrowser(PUBLIC_ORIGIN);
    const forgot = await requester.get(a.url, "/acme/forgot-password");
    const requested = await requester.submit(a.url, "/acme/forgot-password", findForm(forgot.html, "email"), { email });
    expect(requested.status).toBeLessThan(400);
    const token = linkToken((await lastMailTo(db.store, email))?.text, "/acme/reset-password");

    const resetPath = `/acme/reset-password?token=${token}`;
    const form = findForm((await createBrowser(PUBLIC_ORIGIN).get(b.url, resetPath)).html, "confirmPassword");
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        createBrowser(PUBLIC_ORIGIN, { ip: randomIp() }).submit(i % 2 ? b.url : a.url, resetPath, form, {
          password: NEW_PASSWORD,
          confirmPassword: NEW_PASSWORD,
        }),
      ),
    );
    const succeeded = answers.filter(
      (r) => r.status === 303 && (r.location ?? "").includes("/acme/login?notice=password-reset"),
    );
    expect(succeeded).toHaveLength(1);
    expect(answers.filter((r) => r.status >= 500)).toEqual([]);
    for (const refused of answers.filter((r) => r !== succeeded[0])) expect(refused.status).toBe(200);

    // The one reset counted everywhere: the new password opens a session on both instances.
    expect(isSignedInAnswer(await signIn(createBrowser(PUBLIC_ORIGIN), b.url, email, NEW_PASSWORD))).toBe(true);
    expect(isSignedInAnswer(await signIn(createBrowser(PUBLIC_ORIGIN), a.url, email, LOAD_PASSWORD))).toBe(false);
  });

  // Last in the file: it moves the shared clock forward.
  it("ten failed sign-ins split between A and B lock the account on both", async () => {
    const email = unique("scale-lockout");
    const { user } = await createAcmeUser(db.store, email, LOAD_PASSWORD);
    const browser = createBrowser(PUBLIC_ORIGIN);
    let offsetMs = 0;
    const answers: string[] = [];
    for (let attempt = 1; attempt <= 10; attempt++) {
      // Past the growing delay the previous failure imposed (at most 60 s).
      offsetMs += 61_000;
      writeFileSync(clockFile, String(offsetMs));
      const instance = attempt % 2 ? a : b;
      const answer = await signIn(browser, instance.url, email, "not the right password at all");
      expect(answer.status).toBe(200);
      answers.push(textOf(answer.html));
    }
    expect(answers.slice(0, 9).every((text) => text.includes("Incorrect email or password."))).toBe(true);
    expect(answers[9]).toContain("Too many failed attempts");

    for (const instance of [a, b]) {
      const answer = await signIn(createBrowser(PUBLIC_ORIGIN), instance.url, email, LOAD_PASSWORD);
      expect(isSignedInAnswer(answer), `the right password on ${instance.url}`).toBe(false);
      expect(textOf(answer.html)).toContain("Too many failed attempts");
    }
    const locked = await db.store.users.findById(user.tenantId, user.id);
    expect(locked?.status).toBe("locked");
    writeFileSync(clockFile, "0");
  });
});
