import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { isPasskeySetupSession } from "../identity/sign-in-methods";
import { createOrganisation } from "../organisations/organisations";
import type { TOrgActor } from "../organisations/actor";
import type { TOrganisation } from "../organisations/types";
import { validateSession } from "../sessions/validate-session";
import { actingStaff } from "../../tests/support/staff";
import { dumpDatabase, findInDump, linkToken } from "../../tests/support/test-db";
import { expectFailure, expectOk, META, okValue, testScenario, type TScenarioStaff } from "../../tests/scenario";
import { acceptInvitationAsNewAccount, acceptInvitationSignedIn, lookupInvitation } from "./accept";
import {
  INVITATION_DAYS,
  inviteToTenant,
  listOpenInvitations,
  resendInvitation,
  revokeInvitation,
} from "./invitations";

const t = testScenario();
const NEW_PASSWORD = "amber falcon tramline quietly";
const sha256 = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");
const operator = (): TOrgActor => ({ kind: "operator", tenant: t.globex, meta: META });
let olive: TScenarioStaff;
let initech: TOrganisation;
const admin = async (): Promise<TOrgActor> => ({ kind: "console", ...(await actingStaff(t, olive, "globex")) });
const tokenFor = async (email: string) => linkToken((await t.lastMailTo(email))?.text, "/globex/invitation");
const withPassword = {
  method: "password" as const,
  displayName: "Bob",
  password: NEW_PASSWORD,
  confirmPassword: NEW_PASSWORD,
};

beforeEach(async () => {
  olive = await t.staff("olive@globex.example", "admin", { tenantSlug: "globex", name: "Olive" });
  const created = await createOrganisation(t.deps, operator(), { name: "Initech", domains: ["initech.test"] });
  expectOk(created);
  initech = created.organisation;
});

describe("invitation links", () => {
  it("the token is random, 256-bit and stored only as its SHA-256 (the raw value is only in the mail)", async () => {
    const sent = okValue(
      await inviteToTenant(t.deps, operator(), { email: "bob@partner.test", organisation: "initech" }),
    );
    const token = await tokenFor("bob@partner.test");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sent.link).toBe(`${t.deps.baseUrl.origin}/globex/invitation?token=${token}`);
    const stored = await t.store.invitations.findById(t.globex.id, sent.invitation.id);
    expect(stored?.tokenHash).toBe(sha256(token));
    const hits = findInDump(await dumpDatabase(t.db), token);
    expect(hits.filter((hit) => !hit.startsWith("MailMessage."))).toEqual([]);
    expect(JSON.stringify(await t.store.audit.list(t.globex.id, { limit: 50 }))).not.toContain(token);
  });

  it("is single use: of two concurrent accepts one wins, and the link is not valid afterwards", async () => {
    await inviteToTenant(t.deps, operator(), { email: "bob@partner.test", organisation: "initech" });
    const token = await tokenFor("bob@partner.test");
    const results = await Promise.all([
      acceptInvitationAsNewAccount(t.deps, t.globex, token, withPassword, META),
      acceptInvitationAsNewAccount(t.deps, t.globex, token, withPassword, META),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([
      expect.objectContaining({ module: "invitation", code: "INVALID_LINK" }),
    ]);
    expect(await t.store.memberships.count(t.globex.id, initech.id)).toBe(1);
    expect(await lookupInvitation(t.deps, t.globex, token)).toEqual({ state: "accepted" });
    expectFailure(await acceptInvitationAsNewAccount(t.deps, t.globex, token, withPassword, META), {
      code: "INVALID_LINK",
    });
  });

  it("an expired invitation is refused", async () => {
    await inviteToTenant(t.deps, operator(), { email: "bob@partner.test" });
    const token = await tokenFor("bob@partner.test");
    t.clock.advance(INVITATION_DAYS * 86_400_000 + 1000);
    expect(await lookupInvitation(t.deps, t.globex, token)).toEqual({ state: "expired" });
    expectFailure(await acceptInvitationAsNewAccount(t.deps, t.globex, token, withPassword, META), {
      code: "INVALID_LINK",
    });
    expect(await t.store.users.findByEmail(t.globex.id, "bob@partner.test")).toBeNull();
  });

  it("a revoked invitation is refused, and revoking is audited", async () => {
    const sent = okValue(await inviteToTenant(t.deps, await admin(), { email: "bob@partner.test" }));
    const token = await tokenFor("bob@partner.test");
    expectOk(await revokeInvitation(t.deps, await admin(), { invitationId: sent.invitation.id }));
    expect(await lookupInvitation(t.deps, t.globex, token)).toEqual({ state: "revoked" });
    expectFailure(await acceptInvitationAsNewAccount(t.deps, t.globex, token, withPassword, META), {
      code: "INVALID_LINK",
    });
    expect(await t.auditTypes(undefined, t.globex)).toContain("invitation.revoked");
  });

  it("a resend mints a new token: the old link is dead, the new one works", async () => {
    const sent = okValue(await inviteToTenant(t.deps, operator(), { email: "bob@partner.test" }));
    const old = await tokenFor("bob@partner.test");
    t.clock.advance(60_000);
    const resent = okValue(await resendInvitation(t.deps, await admin(), { invitationId: sent.invitation.id }));
    expect(resent.link).toBeUndefined();
    const fresh = await tokenFor("bob@partner.test");
    expect(fresh).not.toBe(old);
    expect(await lookupInvitation(t.deps, t.globex, old)).toEqual({ state: "invalid" });
    expectFailure(await acceptInvitationAsNewAccount(t.deps, t.globex, old, withPassword, META), {
      code: "INVALID_LINK",
    });
    expectOk(await acceptInvitationAsNewAccount(t.deps, t.globex, fresh, withPassword, META));
    expect(await t.auditTypes(undefined, t.globex)).toEqual(
      expect.arrayContaining(["invitation.sent", "invitation.resent", "invitation.accepted"]),
    );
  });

  it("re-inviting an address replaces its open invitation instead of adding one, and the earlier link dies", async () => {
    await inviteToTenant(t.deps, operator(), { email: "bob@partner.test" });
    const first = await tokenFor("bob@partner.test");
    await inviteToTenant(t.deps, await admin(), { email: "Bob@Partner.test" });
    await inviteToTenant(t.deps, await admin(), {
      email: "bob@partner.test",
      organisation: "initech",
      role: "org_admin",
    });
    const open = await listOpenInvitations(t.deps, t.globex);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ email: "bob@partner.test", role: "org_admin", organisation: { slug: "initech" } });
    expect(await lookupInvitation(t.deps, t.globex, first)).toEqual({ state: "invalid" });
  });

  it("another tenant's token finds nothing there", async () => {
    await inviteToTenant(t.deps, operator(), { email: "bob@partner.test" });
    const token = await tokenFor("bob@partner.test");
    expect(await lookupInvitation(t.deps, t.acme, token)).toEqual({ state: "invalid" });
    expectFailure(await acceptInvitationAsNewAccount(t.deps, t.acme, token, withPassword, META), {
      code: "INVALID_LINK",
    });
    expect(await t.store.users.findByEmail(t.acme.id, "bob@partner.test")).toBeNull();
    expect(await lookupInvitation(t.deps, t.globex, "not-a-token")).toEqual({ state: "invalid" });
  });
});

describe("enumeration", () => {
  it("inviting an address that has an account answers exactly as for a new one; only the mail differs", async () => {
    await t.user("ada@partner.test", { tenant: t.globex });
    const strip = (result: Awaited<ReturnType<typeof inviteToTenant>>) => {
      expectOk(result);
      const { id: _id, email: _email, createdAt: _c, sentAt: _s, expiresAt: _e, ...rest } = result.invitation;
      return { ...result, invitation: rest };
    };
    const existing = strip(
      await inviteToTenant(t.deps, await admin(), { email: "ada@partner.test", organisation: "initech" }),
    );
    const fresh = strip(
      await inviteToTenant(t.deps, await admin(), { email: "bob@partner.test", organisation: "initech" }),
    );
    expect(existing).toEqual(fresh);
    expect(JSON.stringify(existing)).not.toMatch(/exist|account/i);
    const adaMail = await t.lastMailTo("ada@partner.test");
    const bobMail = await t.lastMailTo("bob@partner.test");
    expect(adaMail?.text).toMatch(/Sign in to accept/);
    expect(bobMail?.text).toMatch(/Set up your account/);
    // The console never sees the link.
    expect(JSON.stringify(existing)).not.toMatch(/token=/);
  });
});

describe("accepting", () => {
  it("a new account gets a verified address, the membership and role, and a signed-in session", async () => {
    await inviteToTenant(t.deps, operator(), { email: "bob@partner.test", organisation: "initech", role: "org_admin" });
    const token = await tokenFor("bob@partner.test");
    const lookup = await lookupInvitation(t.deps, t.globex, token);
    expect(lookup).toMatchObject({
      state: "pending",
      email: "bob@partner.test",
      organisation: { name: "Initech" },
      accountExists: false,
      enterpriseSignIn: false,
    });
    const accepted = okValue(await acceptInvitationAsNewAccount(t.deps, t.globex, token, withPassword, META));
    expect(accepted.next).toBe("complete");
    const auth = await validateSession(t.deps, t.globex, accepted.token);
    expect(auth?.user).toMatchObject({
      email: "bob@partner.test",
      displayName: "Bob",
      organisationId: initech.id,
      organisationRole: "org_admin",
    });
    expect(auth?.user.emailVerifiedAt).not.toBeNull();
    // The new password signs in.
    expect((await t.signIn("bob@partner.test", { tenant: t.globex, password: NEW_PASSWORD })).next).toBe("complete");
    expect(await t.auditTypes(accepted.user.id, t.globex)).toEqual(
      expect.arrayContaining(["user.signed_up", "invitation.accepted", "user.signed_in"]),
    );
  });

  it("a tenant that requires a second factor sends the new member to enrolment, as a sign-in would", async () => {
    await inviteToTenant(t.deps, operator(), { email: "bob@partner.test" });
    const strict = { ...t.globex, mfaPolicy: "required" as const };
    const accepted = okValue(
      await acceptInvitationAsNewAccount(t.deps, strict, await tokenFor("bob@partner.test"), withPassword, META),
    );
    expect(accepted.next).toBe("enrol_factor");
    expect(await validateSession(t.deps, strict, accepted.token)).toBeNull();
    expect(await validateSession(t.deps, strict, accepted.token, { stages: ["enrol_factor"] })).not.toBeNull();
  });

  it("choosing a passkey creates the account without a password and a session that can only create the passkey", async () => {
    await inviteToTenant(t.deps, operator(), { email: "bob@partner.test" });
    const accepted = okValue(
      await acceptInvitationAsNewAccount(
        t.deps,
        t.globex,
        await tokenFor("bob@partner.test"),
        { method: "passkey" },
        META,
      ),
    );
    expect(accepted.next).toBe("enrol_factor");
    expect(isPasskeySetupSession(accepted.session)).toBe(true);
    expect(await t.store.passwords.findByUserId(t.globex.id, accepted.user.id)).toBeNull();
    expect(await validateSession(t.deps, t.globex, accepted.token)).toBeNull();
  });

  it("the password must meet the tenant's policy and match its confirmation", async () => {
    await inviteToTenant(t.deps, operator(), { email: "bob@partner.test" });
    const token = await tokenFor("bob@partner.test");
    expectFailure(
      await acceptInvitationAsNewAccount(
        t.deps,
        t.globex,
        token,
        { ...withPassword, password: "short", confirmPassword: "short" },
        META,
      ),
      { module: "password", code: "INVALID_PASSWORD" },
    );
    expectFailure(
      await acceptInvitationAsNewAccount(
        t.deps,
        t.globex,
        token,
        { ...withPassword, confirmPassword: "something else entirely" },
        META,
      ),
      { module: "password", code: "PASSWORD_MISMATCH" },
    );
    expect(await lookupInvitation(t.deps, t.globex, token)).toMatchObject({ state: "pending" });
  });

  it("an address that already has an account cannot take the new-account path: it signs in to accept", async () => {
    await t.user("ada@partner.test", { tenant: t.globex });
    await inviteToTenant(t.deps, operator(), { email: "ada@partner.test", organisation: "initech" });
    const token = await tokenFor("ada@partner.test");
    expect(await lookupInvitation(t.deps, t.globex, token)).toMatchObject({ state: "pending", accountExists: true });
    expectFailure(await acceptInvitationAsNewAccount(t.deps, t.globex, token, withPassword, META), {
      code: "SIGN_IN_TO_ACCEPT",
    });
  });

  it("signed in, only the account with the invited address can accept", async () => {
    await inviteToTenant(t.deps, operator(), { email: "ada@partner.test", organisation: "initech" });
    const token = await tokenFor("ada@partner.test");
    const eve = await t.signedIn("eve@partner.test", { tenant: t.globex });
    expectFailure(await acceptInvitationSignedIn(t.deps, t.globex, token, eve, META), { code: "WRONG_ACCOUNT" });
    expect((await t.store.users.findById(t.globex.id, eve.user.id))?.organisationId).toBeNull();
    const ada = await t.signedIn("ada@partner.test", { tenant: t.globex });
    expect(await acceptInvitationSignedIn(t.deps, t.globex, token, ada, META)).toEqual({
      ok: true,
      organisation: { slug: "initech", name: "Initech" },
    });
    expect((await t.store.users.findById(t.globex.id, ada.user.id))?.organisationId).toBe(initech.id);
    expectFailure(await acceptInvitationSignedIn(t.deps, t.globex, token, ada, META), { code: "INVALID_LINK" });
  });

  it("a member of another organisation of the tenant is refused, and stays where they are", async () => {
    const hooli = okValue(await createOrganisation(t.deps, operator(), { name: "Hooli" })).organisation;
    const ada = await t.signedIn("ada@partner.test", { tenant: t.globex });
    await t.store.memberships.set(t.globex.id, ada.user.id, hooli.id, "member");
    const fresh = (await validateSession(t.deps, t.globex, ada.token))!;
    await inviteToTenant(t.deps, operator(), { email: "ada@partner.test", organisation: "initech" });
    expectFailure(await acceptInvitationSignedIn(t.deps, t.globex, await tokenFor("ada@partner.test"), fresh, META), {
      code: "OTHER_ORGANISATION",
    });
    expect((await t.store.users.findById(t.globex.id, ada.user.id))?.organisationId).toBe(hooli.id);
  });
});

describe("who may invite", () => {
  it("a console authority whose step-up is stale is refused, and so is the support workbench", async () => {
    const stale = { kind: "console" as const, authority: await olive.authority("admin", "globex"), meta: META };
    t.clock.advance(60 * 60_000);
    expectFailure(await inviteToTenant(t.deps, stale, { email: "bob@partner.test" }), {
      module: "step_up",
      code: "STAFF_REQUIRED",
    });
    const sid = await t.staff("sid@globex.example", "support", { tenantSlug: "globex" });
    expectFailure(
      await inviteToTenant(
        t.deps,
        { kind: "console", ...(await actingStaff(t, sid, "globex", "support")) },
        { email: "bob@partner.test" },
      ),
      { code: "NOT_ALLOWED" },
    );
    expect(await t.lastMailTo("bob@partner.test")).toBeNull();
  });

  it("an org_admin invites to their own organisation only", async () => {
    const hooli = okValue(await createOrganisation(t.deps, operator(), { name: "Hooli" })).organisation;
    const ada = await t.user("ada@initech.test", { tenant: t.globex });
    await t.store.memberships.set(t.globex.id, ada.id, initech.id, "org_admin");
    const asAda: TOrgActor = { kind: "org_admin", tenant: t.globex, userId: ada.id, meta: META };
    const sent = okValue(await inviteToTenant(t.deps, asAda, { email: "cy@partner.test", organisation: "initech" }));
    expect(sent.link).toBeUndefined();
    expect(sent.invitation.outsideDomains).toBe(true);
    expectFailure(await inviteToTenant(t.deps, asAda, { email: "cy@hooli.test", organisation: hooli.slug }), {
      code: "NOT_ALLOWED",
    });
    expectFailure(await inviteToTenant(t.deps, asAda, { email: "cy@hooli.test" }), { code: "NOT_ALLOWED" });
    // Re-inviting an address another organisation has invited leaves that invitation alone.
    await inviteToTenant(t.deps, operator(), { email: "dee@partner.test", organisation: hooli.slug });
    okValue(await inviteToTenant(t.deps, asAda, { email: "dee@partner.test", organisation: "initech" }));
    const open = (await listOpenInvitations(t.deps, t.globex)).filter((i) => i.email === "dee@partner.test");
    expect(open.map((i) => i.organisation?.slug).sort()).toEqual(["hooli", "initech"]);
  });
});
