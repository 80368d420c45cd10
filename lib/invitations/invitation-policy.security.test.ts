// Accepting an invitation with a new account is held to the invited organisation's effective policy
// (lib/organisations/policy.ts), as a sign-in is: its allowed methods, its level, and — for an
// organisation with an enterprise connection — its IdP for the people at its domains.
import { beforeEach, describe, expect, it } from "vitest";
import { createOrganisation } from "../organisations/organisations";
import type { TOrgActor } from "../organisations/actor";
import type { TOrganisation, TOrgPolicy } from "../organisations/types";
import { validateSession } from "../sessions/validate-session";
import { linkToken } from "../../tests/support/test-db";
import { expectOk, META, testScenario } from "../../tests/scenario";
import { acceptInvitationAsNewAccount, lookupInvitation } from "./accept";
import { inviteToTenant } from "./invitations";

const t = testScenario();
const NEW_PASSWORD = "amber falcon tramline quietly";
const operator = (): TOrgActor => ({ kind: "operator", tenant: t.globex, meta: META });
const withPassword = {
  method: "password" as const,
  displayName: "Bob",
  password: NEW_PASSWORD,
  confirmPassword: NEW_PASSWORD,
};
let initech: TOrganisation;

beforeEach(async () => {
  const created = await createOrganisation(t.deps, operator(), { name: "Initech", domains: ["initech.test"] });
  expectOk(created);
  initech = created.organisation;
});

async function invite(email: string, policy: TOrgPolicy) {
  await t.store.organisations.setPolicy(t.globex.id, initech.id, policy);
  expectOk(await inviteToTenant(t.deps, operator(), { email, organisation: "initech" }));
  return linkToken((await t.lastMailTo(email))?.text, "/globex/invitation");
}

describe("accepting an invitation under the organisation's policy", () => {
  it("refuses a password account where the organisation allows only passkeys, and the page offers only the passkey", async () => {
    const token = await invite("bob@partner.test", { methods: ["passkey"] });
    const lookup = await lookupInvitation(t.deps, t.globex, token);
    expect(lookup.state === "pending" ? lookup.methods : null).toEqual({ password: false, passkey: true });
    const refused = await acceptInvitationAsNewAccount(t.deps, t.globex, token, withPassword, META);
    expect(refused.ok ? "ok" : refused.code).toBe("METHOD_NOT_ALLOWED");
    expect(await t.store.users.findByEmail(t.globex.id, "bob@partner.test")).toBeNull();
    const passkey = await acceptInvitationAsNewAccount(t.deps, t.globex, token, { method: "passkey" }, META);
    expect(passkey.ok ? passkey.method : passkey.code).toBe("passkey");
  });

  it("starts a new member of an organisation requiring AAL2 at enrolment, not signed in", async () => {
    const token = await invite("bob@partner.test", { minAal: 2 });
    const accepted = await acceptInvitationAsNewAccount(t.deps, t.globex, token, withPassword, META);
    if (!accepted.ok) throw new Error(accepted.code);
    expect(accepted.next).toBe("enrol_factor");
    expect(await validateSession(t.deps, t.globex, accepted.token)).toBeNull();
  });

  it("starts a new member of an organisation requiring a second factor at enrolment", async () => {
    const token = await invite("bob@partner.test", { mfaRequired: true });
    const accepted = await acceptInvitationAsNewAccount(t.deps, t.globex, token, withPassword, META);
    expect(accepted.ok ? accepted.next : accepted.code).toBe("enrol_factor");
  });

  it("signs a new member of an organisation without a level straight in", async () => {
    const token = await invite("bob@partner.test", {});
    const accepted = await acceptInvitationAsNewAccount(t.deps, t.globex, token, withPassword, META);
    expect(accepted.ok ? accepted.next : accepted.code).toBe("complete");
  });

  it("makes no local account for an address at a domain of the organisation's enterprise connection", async () => {
    await t.store.enterpriseConnections.create({
      tenantId: t.globex.id,
      organisationId: initech.id,
      issuer: "https://idp.initech.test",
      clientId: "portico",
      clientSecretSealed: "sealed",
      scopes: ["openid", "email", "profile"],
      claimMapping: {},
      jitProvisioning: false,
      trustIdpAssurance: false,
    });
    const token = await invite("ada@initech.test", {});
    for (const input of [withPassword, { method: "passkey" as const }]) {
      const refused = await acceptInvitationAsNewAccount(t.deps, t.globex, token, input, META);
      expect(refused.ok ? "ok" : refused.code).toBe("ENTERPRISE_SIGN_IN");
    }
    expect(await t.store.users.findByEmail(t.globex.id, "ada@initech.test")).toBeNull();
    // A partner outside the organisation's domains still accepts with an account of their own.
    const partner = await invite("bob@partner.test", {});
    const accepted = await acceptInvitationAsNewAccount(t.deps, t.globex, partner, withPassword, META);
    expect(accepted.ok ? accepted.next : accepted.code).toBe("complete");
  });
});
