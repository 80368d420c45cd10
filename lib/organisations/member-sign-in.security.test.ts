// An organisation's policy holds its members at sign-in, in their sessions and at step-up, and a
// consumer of the same tenant signs in exactly as before.
import { describe, expect, it } from "vitest";
import { expectOk, META, PASSWORD, testScenario } from "../../tests/scenario";
import { registerPasskey } from "../../tests/support/passkey-helpers";
import { finishPasskeyRegistration, startPasskeyRegistration } from "../account/passkey-registration";
import { startTotpEnrolment } from "../account/totp-enrolment";
import { signInWithPassword } from "../identity/sign-in-with-password";
import { generateToken } from "../security/tokens";
import { validateSession } from "../sessions/validate-session";
import { checkStepUp } from "../step-up/step-up";
import type { TOrgPolicy } from "./types";
import { policyForUser } from "./policy";

const t = testScenario();

async function member(email: string, policy: TOrgPolicy) {
  const user = await t.user(email);
  const organisation = await t.store.organisations.create({
    tenantId: t.acme.id,
    slug: `initech-${email.split("@")[0]}`,
    name: "Initech",
    domains: [],
    policy,
    at: t.clock.now(),
  });
  await t.store.memberships.set(t.acme.id, user.id, organisation.id, "member");
  return { user: (await t.store.users.findById(t.acme.id, user.id))!, organisation };
}

const signIn = (email: string) => signInWithPassword(t.deps, t.acme, { email, password: PASSWORD }, META);

describe("assurance per organisation", () => {
  it("an organisation requiring passkeys sends a password-only member to passkey enrolment, which completes the sign-in at AAL2", async () => {
    await member("pat@initech.test", { methods: ["passkey"] });
    const signedIn = await signIn("pat@initech.test");
    expectOk(signedIn);
    expect(signedIn.next).toBe("enrol_factor");
    // The pending sign-in opens nothing: not the account, not an app.
    expect(await validateSession(t.deps, t.acme, signedIn.token)).toBeNull();
    // An authenticator app would not make an allowed sign-in: only a passkey is offered.
    expect(await startTotpEnrolment(t.deps, t.acme, signedIn)).toMatchObject({ ok: false, code: "METHOD_NOT_ALLOWED" });
    const authenticator = t.authenticator();
    const binding = generateToken();
    const options = await startPasskeyRegistration(t.deps, t.acme, signedIn, binding);
    expectOk(options);
    const done = await finishPasskeyRegistration(
      t.deps,
      t.acme,
      signedIn,
      { response: authenticator.register(options.options), name: "Laptop" },
      binding,
      META,
    );
    expectOk(done);
    expect(done.signedIn?.session).toMatchObject({ stage: "complete", aal: 2 });
    expect(await validateSession(t.deps, t.acme, done.signedIn?.token)).not.toBeNull();
    // The pending sign-in is used up: it cannot register a second passkey or sign in again.
    expect(await validateSession(t.deps, t.acme, signedIn.token, { stages: ["enrol_factor"] })).toBeNull();
  });

  it("a member of a passkeys-only organisation who has a passkey is refused the password", async () => {
    const { user } = await member("kim@initech.test", {});
    const session = await signIn("kim@initech.test");
    expectOk(session);
    await registerPasskey(t, t.acme, session, t.authenticator());
    await t.store.organisations.setPolicy(t.acme.id, user.organisationId!, { methods: ["passkey"] });
    expect(await signIn("kim@initech.test")).toMatchObject({ ok: false, code: "METHOD_NOT_ALLOWED" });
  });

  it("a member whose organisation requires level 2 cannot complete a sign-in at AAL1", async () => {
    await member("lou@initech.test", { minAal: 2 });
    const signedIn = await signIn("lou@initech.test");
    expectOk(signedIn);
    expect(signedIn.next).toBe("enrol_factor");
    expect(signedIn.session.stage).not.toBe("complete");
    expect(await validateSession(t.deps, t.acme, signedIn.token)).toBeNull();
  });

  it("a consumer of the same tenant signs in with the password at AAL1, as before", async () => {
    await member("org@initech.test", { methods: ["passkey"], minAal: 2 });
    await t.user("consumer@example.com");
    const signedIn = await signIn("consumer@example.com");
    expectOk(signedIn);
    expect(signedIn.next).toBe("complete");
    expect(signedIn.session.aal).toBe(1);
    const policy = await policyForUser(t.deps, t.acme, signedIn.user);
    expect(policy.tenant).toBe(t.acme);
  });

  it("a member's session lives no longer than the organisation's limit for its level", async () => {
    await member("max@initech.test", { sessionLimits: { "1": { absoluteMinutes: 60, idleMinutes: 10 } } });
    const signedIn = await signIn("max@initech.test");
    expectOk(signedIn);
    const now = t.clock.now().getTime();
    expect(signedIn.session.absoluteExpiresAt.getTime() - now).toBe(60 * 60_000);
    expect((signedIn.session.idleExpiresAt?.getTime() ?? Infinity) - now).toBe(10 * 60_000);
    // A consumer keeps the tenant's lifetimes.
    await t.user("free@example.com");
    const consumer = await signIn("free@example.com");
    expectOk(consumer);
    expect(consumer.session.absoluteExpiresAt.getTime() - now).toBeGreaterThan(60 * 60_000);
  });

  it("a member's step-up follows the organisation's stricter level and shorter maximum age", async () => {
    await member("sam@initech.test", { stepUp: { "profile.update": { minAal: 2, maxAgeMinutes: 1 } } });
    const signedIn = await signIn("sam@initech.test");
    expectOk(signedIn);
    const check = await checkStepUp(t.deps, t.acme, signedIn, "profile.update", META);
    expect(check.ok).toBe(false);
    if (!check.ok && check.code === "REQUIRED") expect(check.params.requiredAal).toBe(2);
    // A consumer with the same session age passes the tenant's own policy.
    await t.user("pam@example.com");
    const consumer = await signIn("pam@example.com");
    expectOk(consumer);
    expect((await checkStepUp(t.deps, t.acme, consumer, "profile.update", META)).ok).toBe(true);
  });
});
