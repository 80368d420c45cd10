// 100 concurrent redemptions of one single-use secret, sent over HTTP to two production instances
// (half to each) sharing one PostgreSQL database: a password-reset token, an email-verification
// token, an authenticator-app code and a recovery code. Each time exactly one request succeeds and
// none fails with a 5xx. For the second-factor codes the pending sign-in is the single-use thing:
// the first valid code ends it (a compare-and-set on its stage), and the rest of the burst finds it
// ended before checking, let alone using up, a code; the per-sign-in attempt limit holds too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TTenant } from "../lib/tenancy/types";
import { totpCodeAt } from "../lib/identity/totp";
import { createSecretBox } from "../lib/security/secret-box";
import { seedSecondFactor } from "../tests/support/seed-factors";
import { lastMailTo, linkToken, type TTestDb } from "../tests/support/test-db";
import { createBrowser, findForm, randomIp, type TBrowser, type TResponse } from "./support/browser";
import { createAcmeUser, signIn } from "./support/flows";
import { ENCRYPTION_KEY, startInstance, type TInstance } from "./support/instances";
import { LOAD_PASSWORD } from "./support/load";
import { createSharedPostgresDatabase } from "./support/shared-database";
import type { TUser } from "../lib/identity/types";

const PUBLIC_ORIGIN = "http://localhost:3630";
const BURST = 100;
const NEW_PASSWORD = "harbour pelican midnight quartz";

let db: TTestDb;
let a: TInstance;
let b: TInstance;

beforeAll(async () => {
  db = await createSharedPostgresDatabase();
  [a, b] = await Promise.all([
    startInstance({ port: 3631, databaseUrl: db.url, publicOrigin: PUBLIC_ORIGIN }),
    startInstance({ port: 3632, databaseUrl: db.url, publicOrigin: PUBLIC_ORIGIN }),
  ]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db?.close();
});

const unique = (prefix: string) => `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;
const instance = (i: number) => (i % 2 ? b.url : a.url);

/** Sends the burst: `BURST` requests at once, alternating between the instances. */
async function burst(send: (i: number) => Promise<TResponse>): Promise<TResponse[]> {
  return Promise.all(Array.from({ length: BURST }, (_, i) => send(i)));
}

function expectExactlyOne(answers: TResponse[], succeeded: (r: TResponse) => boolean) {
  expect(
    answers.filter((r) => r.status >= 500).map((r) => r.status),
    "no 5xx",
  ).toEqual([]);
  expect(answers.filter(succeeded)).toHaveLength(1);
}

/** A verified user with a confirmed authenticator app (and recovery codes), set up through the repositories. */
async function userWithSecondFactor(
  prefix: string,
): Promise<{ email: string; acme: TTenant; user: TUser; secret: string; codes: string[] }> {
  const email = unique(prefix);
  const { acme, user } = await createAcmeUser(db.store, email, LOAD_PASSWORD);
  const secrets = createSecretBox(Buffer.from(ENCRYPTION_KEY, "base64url"));
  const { secret, codes } = await seedSecondFactor(db.store, secrets, {
    tenantId: acme.id,
    userId: user.id,
    now: new Date(),
  });
  return { email, acme, user, secret, codes };
}

/** Password sign-in that stops at the second-factor page; returns the browser holding the pending session. */
async function pendingSecondFactor(
  email: string,
): Promise<{ browser: TBrowser; path: string; form: ReturnType<typeof findForm> }> {
  const browser = createBrowser(PUBLIC_ORIGIN);
  const answer = await signIn(browser, a.url, email, LOAD_PASSWORD);
  expect(answer.status).toBe(303);
  const path = answer.location!;
  expect(path).toContain("/acme/login/second-factor");
  const page = await browser.get(b.url, path);
  return { browser, path, form: findForm(page.html, "code") };
}

async function auditCount(user: TUser, type: string): Promise<number> {
  const events = await db.store.audit.list(user.tenantId, { userId: user.id, limit: 1000 });
  return events.filter((e) => e.type === type).length;
}

describe(`${BURST} concurrent redemptions of one single-use secret, across two instances`, () => {
  it("one password-reset token resets the password exactly once", async () => {
    const email = unique("race-reset");
    await createAcmeUser(db.store, email, LOAD_PASSWORD);
    const requester = createBrowser(PUBLIC_ORIGIN);
    const forgot = await requester.get(a.url, "/acme/forgot-password");
    await requester.submit(a.url, "/acme/forgot-password", findForm(forgot.html, "email"), { email });
    const path = `/acme/reset-password?token=${linkToken((await lastMailTo(db.store, email))?.text, "/acme/reset-password")}`;
    const form = findForm((await createBrowser(PUBLIC_ORIGIN).get(b.url, path)).html, "confirmPassword");

    const answers = await burst((i) =>
      createBrowser(PUBLIC_ORIGIN, { ip: randomIp() }).submit(instance(i), path, form, {
        password: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      }),
    );
    expectExactlyOne(
      answers,
      (r) => r.status === 303 && (r.location ?? "").includes("/acme/login?notice=password-reset"),
    );
  });

  it("one email-verification token confirms the address exactly once", async () => {
    const email = unique("race-verify");
    const visitor = createBrowser(PUBLIC_ORIGIN);
    const signup = await visitor.get(a.url, "/acme/signup");
    const signedUp = await visitor.submit(a.url, "/acme/signup", findForm(signup.html, "confirmPassword"), {
      email,
      password: LOAD_PASSWORD,
      confirmPassword: LOAD_PASSWORD,
    });
    expect(signedUp.status).toBe(303);
    const path = `/acme/verify-email?token=${linkToken((await lastMailTo(db.store, email))?.text, "/acme/verify-email")}`;
    const form = findForm((await createBrowser(PUBLIC_ORIGIN).get(b.url, path)).html, "token");

    const answers = await burst((i) =>
      createBrowser(PUBLIC_ORIGIN, { ip: randomIp() }).submit(instance(i), path, form, {}),
    );
    // Opened away from the browser that signed up, the first confirmation goes on to choosing a password.
    expectExactlyOne(
      answers,
      (r) =>
        r.status === 303 &&
        (r.location ?? "").includes("/acme/reset-password?token=") &&
        (r.location ?? "").endsWith("&confirmed=1"),
    );
  });

  it("one authenticator-app code completes sign-in exactly once, and the attempt limit holds under the burst", async () => {
    const { email, user, secret } = await userWithSecondFactor("race-totp");
    const pending = await pendingSecondFactor(email);
    const code = totpCodeAt(secret, new Date());

    const answers = await burst((i) =>
      pending.browser.fork().submit(instance(i), pending.path, pending.form, { code }),
    );
    expectExactlyOne(answers, (r) => r.status === 303 && (r.location ?? "").endsWith("/acme/account"));
    expect(await auditCount(user, "second_factor.succeeded")).toBe(1);
    expect(
      (await auditCount(user, "second_factor.succeeded")) + (await auditCount(user, "second_factor.failed")),
    ).toBeLessThanOrEqual(5);
  });

  it("one pending sign-in completes exactly once under 100 submissions of distinct valid codes, and only the winner's code is used up", async () => {
    const { email, user, acme, codes, secret } = await userWithSecondFactor("race-stage");
    const pending = await pendingSecondFactor(email);
    // Every one of the ten recovery codes and the current app code, spread over the burst.
    const valid = [...codes, totpCodeAt(secret, new Date())];

    const answers = await burst((i) =>
      pending.browser.fork().submit(instance(i), pending.path, pending.form, { code: valid[i % valid.length]! }),
    );
    expectExactlyOne(answers, (r) => r.status === 303 && (r.location ?? "").endsWith("/acme/account"));
    expect(
      answers.filter((r) => r.status === 303 && (r.location ?? "").includes("/acme/login?notice=session-ended")),
    ).toHaveLength(BURST - 1);
    expect(await db.store.sessions.listActive(acme.id, user.id, new Date())).toHaveLength(1);
    expect(await auditCount(user, "second_factor.succeeded")).toBe(1);
    expect(await auditCount(user, "user.signed_in")).toBe(1);
    expect(await auditCount(user, "second_factor.failed")).toBe(0);
    const used = codes.length - (await db.store.recoveryCodes.countRemaining(acme.id, user.id));
    expect(used).toBeLessThanOrEqual(1);
  });

  it("one recovery code completes sign-in exactly once", async () => {
    const { email, user, acme, codes } = await userWithSecondFactor("race-recovery");
    const pending = await pendingSecondFactor(email);

    const answers = await burst((i) =>
      pending.browser.fork().submit(instance(i), pending.path, pending.form, { code: codes[0]! }),
    );
    expectExactlyOne(answers, (r) => r.status === 303 && (r.location ?? "").endsWith("/acme/account"));
    expect(await auditCount(user, "second_factor.succeeded")).toBe(1);
    expect(await db.store.recoveryCodes.countRemaining(acme.id, user.id)).toBe(codes.length - 1);
  });
});
