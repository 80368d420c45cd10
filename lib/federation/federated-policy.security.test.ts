// An enterprise sign-in is held to the member's effective organisation policy
// (lib/organisations/policy.ts) exactly as a password sign-in is: below the organisation's level it
// opens no complete session, only a pending one at the second factor (or at enrolment), and the
// session that finishes it proved the IdP sign-in and Portico's own factor (amr fed + otp, AAL2).
import { describe, expect, it } from "vitest";
import { PASSWORD, testScenario } from "../../tests/scenario";
import { confirmTotpEnrolment, findPendingTotp, startTotpEnrolment } from "../account/totp-enrolment";
import { finishPasskeySignIn, startPasskeySignIn } from "../identity/passkey-sign-in";
import { verifySecondFactor } from "../identity/verify-second-factor";
import { generateToken } from "../security/tokens";
import { totpCodeAt } from "../identity/totp";
import type { TOrgPolicy } from "../organisations/types";
import { validateSession } from "../sessions/validate-session";
import { completeFederatedLink, completeFederatedSignIn } from "./complete-federated-sign-in";
import { createConnection } from "./connections";

const t = testScenario();
const META = { ip: "203.0.113.9", userAgent: "test" };
const OPERATOR = { staffId: null, by: "operator", meta: META };
const ISSUER = "https://idp.initech.test";

async function initech(policy: TOrgPolicy, options: { trust?: boolean } = {}) {
  await t.store.organisations.create({
    tenantId: t.globex.id,
    slug: "initech",
    name: "Initech",
    domains: ["initech.test"],
    policy,
    at: t.clock.now(),
  });
  const created = await createConnection(t.deps, OPERATOR, {
    tenant: t.globex,
    organisation: "initech",
    issuer: ISSUER,
    clientId: "portico",
    clientSecret: "s3cret-value",
    jit: true,
    trustIdpAssurance: options.trust ?? false,
  });
  if (!created.ok) throw new Error(created.code);
  return created.value.id;
}

const profile = (over: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  sub: "idp-subject-1",
  email: "ada@initech.test",
  email_verified: true,
  name: "Ada",
  ...over,
});

async function federated(connectionId: string, over: Record<string, unknown> = {}) {
  const result = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile(over) }, META);
  if (!result.ok || result.kind !== "signed_in") throw new Error(`not signed in: ${JSON.stringify(result)}`);
  return result;
}

describe("enterprise sign-in under the organisation's policy", () => {
  it("gives a member of an organisation requiring AAL2 no complete AAL1 session: a member without a factor enrols one, and ends at fed + otp AAL2", async () => {
    const connectionId = await initech({ minAal: 2 });
    const first = await federated(connectionId);
    expect(first.next).toBe("enrol_factor");
    expect(first.session.stage).toBe("enrol_factor");
    expect(await validateSession(t.deps, t.globex, first.token)).toBeNull();

    const pending = await validateSession(t.deps, t.globex, first.token, { stages: ["enrol_factor"] });
    if (!pending) throw new Error("no pending enrolment");
    const started = await startTotpEnrolment(t.deps, t.globex, pending);
    expect(started.ok ? "ok" : started.code).toBe("ok");
    const secret = (await findPendingTotp(t.deps, t.globex, pending.user))!.secret;
    const confirmed = await confirmTotpEnrolment(
      t.deps,
      t.globex,
      pending,
      { code: totpCodeAt(secret, t.clock.now()), endOtherSessions: false },
      META,
    );
    if (!confirmed.ok || !confirmed.rotated) throw new Error("enrolment failed");
    expect(confirmed.rotated.session.stage).toBe("complete");
    expect(confirmed.rotated.session.aal).toBe(2);
    expect(confirmed.rotated.session.amr).toEqual(expect.arrayContaining(["fed", "otp"]));
    expect(confirmed.rotated.session.amr).not.toContain("pwd");
  });

  it("sends a member of an organisation requiring a second factor who has one to the second factor, which completes at fed + otp AAL2", async () => {
    const connectionId = await initech({ mfaRequired: true });
    const first = await federated(connectionId);
    const { secret } = await t.seedSecondFactor(first.user, t.globex);
    t.clock.advance(60_000);

    const again = await federated(connectionId);
    expect(again.next).toBe("second_factor");
    expect(again.session.aal).toBe(1);
    expect(await validateSession(t.deps, t.globex, again.token)).toBeNull();
    const pending = await validateSession(t.deps, t.globex, again.token, { stages: ["second_factor"] });
    if (!pending) throw new Error("no pending second factor");
    const done = await verifySecondFactor(t.deps, t.globex, pending, { code: totpCodeAt(secret, t.clock.now()) }, META);
    if (!done.ok) throw new Error(done.code);
    expect(done.session.stage).toBe("complete");
    expect(done.session.aal).toBe(2);
    expect(done.session.amr).toEqual(expect.arrayContaining(["fed", "otp", "mfa"]));
    expect(done.session.amr).not.toContain("pwd");
  });

  it("completes at once when a connection trusting the IdP's assurance reports a multi-factor sign-in", async () => {
    const connectionId = await initech({ minAal: 2 }, { trust: true });
    const result = await federated(connectionId, { amr: ["pwd", "mfa"] });
    expect(result.next).toBe("complete");
    expect(result.session.aal).toBe(2);
  });

  it("does not trust an untrusted IdP's claimed multi-factor sign-in to meet the organisation's level", async () => {
    const connectionId = await initech({ minAal: 2 }, { trust: false });
    const result = await federated(connectionId, { amr: ["pwd", "mfa"] });
    expect(result.next).toBe("enrol_factor");
  });

  it("leaves a member of an organisation without a level at a complete AAL1 session", async () => {
    const connectionId = await initech({});
    const result = await federated(connectionId);
    expect(result.next).toBe("complete");
    expect(result.session.aal).toBe(1);
  });

  it("holds the password link of a local account to the organisation's level: no complete session before its second factor", async () => {
    const connectionId = await initech({ minAal: 2 });
    const local = await t.user("ada@initech.test", { tenant: t.globex });
    await t.seedSecondFactor(local, t.globex);
    const result = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
    if (!result.ok || result.kind !== "link") throw new Error("expected a link request");
    const linked = await completeFederatedLink(
      t.deps,
      t.globex,
      { linkToken: result.linkToken, password: PASSWORD },
      META,
    );
    if (!linked.ok || linked.kind !== "signed_in") throw new Error("not linked");
    expect(linked.next).toBe("second_factor");
    expect(await validateSession(t.deps, t.globex, linked.token)).toBeNull();
  });

  it("finishes a pending enterprise sign-in with the member's passkey at fed + the passkey, AAL2, never pwd", async () => {
    const connectionId = await initech({ minAal: 2 });
    const local = await t.withPasskey("ada@initech.test", {
      tenant: t.globex,
      authenticator: t.authenticator({ userVerification: true, backupEligible: true }),
    });
    const result = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
    if (!result.ok || result.kind !== "link") throw new Error("expected a link request");
    const linked = await completeFederatedLink(
      t.deps,
      t.globex,
      { linkToken: result.linkToken, password: PASSWORD },
      META,
    );
    if (!linked.ok || linked.kind !== "signed_in") throw new Error("not linked");
    t.clock.advance(60_000);
    const again = await federated(connectionId);
    expect(again.next).toBe("second_factor");
    const pending = await validateSession(t.deps, t.globex, again.token, { stages: ["second_factor"] });
    if (!pending) throw new Error("no pending second factor");
    const binding = generateToken();
    const options = await startPasskeySignIn(t.deps, t.globex, binding);
    if (!options.ok) throw new Error("no passkey options");
    const done = await finishPasskeySignIn(
      t.deps,
      t.globex,
      local.authenticator.authenticate(options.options),
      binding,
      META,
      pending,
    );
    if (!done.ok) throw new Error(done.code);
    expect(done.session.stage).toBe("complete");
    expect(done.session.aal).toBe(2);
    expect(done.session.amr).toEqual(expect.arrayContaining(["fed", "swk", "user", "mfa"]));
    expect(done.session.amr).not.toContain("pwd");
  });
});
