import { beforeEach, describe, expect, it } from "vitest";
import { totpCodeAt } from "../identity/totp";
import { actingStaff, finishStaffSetup, STAFF_PASSWORD } from "../../tests/support/staff";
import { lastMailTo, META, type TTestContext } from "../../tests/support/test-db";
import { expectFailure, expectOk, testScenario, type TScenarioStaff } from "../../tests/scenario";
import { authorizeStaffAction } from "./console-gate";
import { createTenantWithOwner, resetStaffByOperator } from "./provision";
import { stepUpStaff } from "./staff-factor";
import { answerStaffInvitation, listMyInvitations } from "./staff-invitations";
import { validateStaffSession, type TStaffAuth } from "./staff-sessions";
import { signInStaff } from "./staff-sign-in";
import { addTeamMember, listTeam, removeTeamMember, resetTeamMember, withdrawTeamInvitation } from "./team";
import { messageFor } from "../copy";

const REASON = "Lost their phone with the authenticator app; confirmed in person.";
const t = testScenario();
let olive: TScenarioStaff;
/** Olive, acme's owner, through the console gate at this moment. */
const owner = () => actingStaff(t, olive);
beforeEach(async () => {
  olive = await t.staff("olive@acme.example", "owner", { name: "Olive" });
});

const tokenIn = (text: string | null | undefined) =>
  text?.match(/\/admin\/setup\?token=([A-Za-z0-9_-]{43})/)?.[1] ?? null;

/** Uses the set-up link in the member's latest mail and enrols TOTP; returns the complete session token. */
async function setUpFromMail(email: string) {
  const token = tokenIn((await lastMailTo(t.db.store, email))?.text);
  if (!token) throw new Error("no set-up link in mail");
  return (await finishStaffSetup(t, token)).token;
}

describe("owners manage their staff", () => {
  it("a new member's set-up link goes to the member's address only, and the addition is audited with the owner", async () => {
    const result = await addTeamMember(t.deps, await owner(), {
      email: "Sid@Acme.example",
      name: "Sid",
      role: "support",
    });
    expect(result).toMatchObject({ ok: true });
    expect(JSON.stringify(result)).not.toMatch(/token=/);
    expect(tokenIn((await lastMailTo(t.db.store, "sid@acme.example"))?.text)).not.toBeNull();
    const events = await t.db.store.staffAudit.listForStaff(olive.staff.id);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(["staff.created", "staff.role_assigned", "staff.setup_link_issued"]),
    );
    expect(
      await addTeamMember(t.deps, await owner(), { email: "x@acme.example", name: "X", role: "root" }),
    ).toMatchObject({ ok: false, module: "team", code: "INVALID_INPUT", params: { field: "role" } });
    expect(
      await addTeamMember(t.deps, await owner(), { email: "olive@acme.example", name: "Olive", role: "support" }),
    ).toMatchObject({ ok: false, code: "NOT_ALLOWED" });
  });

  it("a reset removes the member's password and authenticator, ends their sessions and mails a new link; the old password no longer works", async () => {
    await addTeamMember(t.deps, await owner(), { email: "sid@acme.example", name: "Sid", role: "admin" });
    const session = await setUpFromMail("sid@acme.example");
    const sid = (await t.db.store.staff.findByEmail("sid@acme.example"))!;
    expect(await resetTeamMember(t.deps, await owner(), { staffId: sid.id, reason: "short" })).toMatchObject({
      ok: false,
      module: "staff",
      code: "REASON_INVALID",
      params: { problem: "too_short" },
    });
    t.clock.advance(60_000);
    expect(await resetTeamMember(t.deps, await owner(), { staffId: sid.id, reason: REASON })).toMatchObject({
      ok: true,
    });
    expect(await validateStaffSession(t.deps, session)).toBeNull();
    expect(await signInStaff(t.deps, { email: "sid@acme.example", password: STAFF_PASSWORD }, META)).toMatchObject({
      ok: false,
      code: "INVALID_CREDENTIALS",
    });
    const [event] = (await t.db.store.staffAudit.listForStaff(olive.staff.id)).filter(
      (e) => e.type === "staff.factors_reset",
    );
    expect(event).toMatchObject({ reason: REASON, tenantId: t.acme.id });
    // The new link starts over: a password, then a new authenticator app.
    await setUpFromMail("sid@acme.example");
  });

  it("owners cannot reset or remove themselves, staff of another tenant are out of reach, and the last owner stays", async () => {
    expect(await resetTeamMember(t.deps, await owner(), { staffId: olive.staff.id, reason: REASON })).toMatchObject({
      ok: false,
      code: "NOT_ALLOWED",
    });
    expect(await removeTeamMember(t.deps, await owner(), { staffId: olive.staff.id, reason: REASON })).toMatchObject({
      ok: false,
      code: "NOT_ALLOWED",
    });
    const other = await createTenantWithOwner(
      t.deps,
      { slug: "hooli", name: "Hooli", ownerEmail: "gavin@hooli.test", ownerName: "Gavin" },
      META,
    );
    expectOk(other);
    expect(
      await resetTeamMember(t.deps, await owner(), { staffId: other.value.owner.id, reason: REASON }),
    ).toMatchObject({ ok: false, module: "team", code: "NOT_FOUND" });
    expect(
      await removeTeamMember(t.deps, await owner(), { staffId: other.value.owner.id, reason: REASON }),
    ).toMatchObject({ ok: false, module: "team", code: "NOT_FOUND" });
    // Someone other than the owner (e.g. a second owner later removed) cannot leave the tenant ownerless.
    const oscar = await t.staff("oscar@acme.example", "owner", { name: "Oscar" });
    const stranger = await actingStaff(t, oscar);
    await t.db.store.staffRoles.remove(oscar.staff.id, t.acme.id);
    expect(await removeTeamMember(t.deps, stranger, { staffId: olive.staff.id, reason: REASON })).toMatchObject({
      ok: false,
      code: "NOT_ALLOWED",
    });
    expect(await t.db.store.staffRoles.countOwners(t.acme.id)).toBe(1);
  });

  it("removing a role closes the tenant to that member at once", async () => {
    await addTeamMember(t.deps, await owner(), { email: "sid@acme.example", name: "Sid", role: "support" });
    await setUpFromMail("sid@acme.example");
    const sid = (await t.db.store.staff.findByEmail("sid@acme.example"))!;
    expect(await removeTeamMember(t.deps, await owner(), { staffId: sid.id, reason: REASON })).toMatchObject({
      ok: true,
    });
    expect(await t.db.store.staffRoles.find(sid.id, t.acme.id)).toBeNull();
  });
});

describe("a tenant never changes, reveals or ends the sign-in of someone who also works for another tenant", () => {
  // Ana works for acme (set up, authenticator app, a live session); Gavin owns hooli.
  let gavin: { token: string; secret: string; id: string };
  const hooliOwner = () => actingStaff(t, gavin, "hooli");
  let hooli: TTestContext["acme"];
  let ana: TScenarioStaff;
  beforeEach(async () => {
    const created = await createTenantWithOwner(
      t.deps,
      { slug: "hooli", name: "Hooli", ownerEmail: "gavin@hooli.test", ownerName: "Gavin" },
      META,
    );
    expectOk(created);
    hooli = created.value.tenant;
    if (!created.value.setupUrl) throw new Error("no set-up link");
    gavin = {
      ...(await finishStaffSetup(t, new URL(created.value.setupUrl).searchParams.get("token")!)),
      id: created.value.owner.id,
    };
    ana = await t.staff("ana@acme.example", "admin", { name: "Ana Acme" });
    // Mail is read newest first: later mail gets a later time.
    t.clock.advance(1_000);
  });

  const auth = async (token: string) => (await validateStaffSession(t.deps, token))!;
  /** Ana proves her app again (console changes need it within 5 minutes); her session token changes. */
  async function stepUp(): Promise<TStaffAuth> {
    t.clock.advance(31_000);
    const done = await stepUpStaff(t.deps, await auth(ana.token), totpCodeAt(ana.secret, t.clock.now()), META);
    expectOk(done);
    ana.token = done.token;
    return auth(done.token);
  }
  const auditIn = async (tenantId: string, type: string) =>
    (await t.db.store.audit.list(tenantId, { type, limit: 100 })).filter(
      (e) => "member" in e.data && e.data.member === ana.staff.id,
    );

  it("adding an existing staff member only invites them: no role, no console, no name or factors shown, nothing of their sign-in touched", async () => {
    const added = await addTeamMember(t.deps, await hooliOwner(), {
      email: "ANA@acme.example",
      name: "Not Ana",
      role: "owner",
    });
    expect(added).toMatchObject({ ok: true, outcome: "invited" });
    expect(await t.db.store.staffRoles.find(ana.staff.id, hooli.id)).toBeNull();
    const session = await auth(ana.token);
    for (const console of ["admin", "support"] as const) {
      expect(await authorizeStaffAction(t.deps, session, console, "hooli")).toMatchObject({
        ok: false,
        code: "NOT_FOUND",
      });
    }
    const team = await listTeam(t.deps, hooli);
    expect(team.members.map((m) => m.email)).toEqual(["gavin@hooli.test"]);
    expect(team.invitations).toEqual([expect.objectContaining({ email: "ana@acme.example", role: "owner" })]);
    expect(JSON.stringify(team.invitations)).not.toMatch(/Ana Acme|name|authenticator|passkeys|setUp|active/);
    // Her identity is not renamed, not given a set-up link, and her password and session still work.
    const after = (await t.db.store.staff.findById(ana.staff.id))!;
    expect(after).toMatchObject({ name: "Ana Acme", passwordHash: ana.staff.passwordHash ?? expect.any(String) });
    expect(after.totpConfirmedAt).not.toBeNull();
    expect(await validateStaffSession(t.deps, ana.token)).not.toBeNull();
    expect(await signInStaff(t.deps, { email: "ana@acme.example", password: STAFF_PASSWORD }, META)).toMatchObject({
      ok: true,
      stage: "factor",
    });
    // The invitation is mailed to her and audited in hooli and in acme, where she works.
    const mail = await lastMailTo(t.db.store, "ana@acme.example");
    expect(mail?.subject).toBe("You are invited to a staff role — Portico");
    expect(mail?.text).toContain('"Hooli" (hooli)');
    expect(mail?.text).toContain("https://portal.example.test/admin/invitations");
    expect(mail?.text).not.toMatch(/token=/);
    expect(await auditIn(hooli.id, "staff.invited")).toHaveLength(1);
    expect(await auditIn(t.acme.id, "staff.invited")).toEqual([expect.objectContaining({ staffId: gavin.id })]);
    expect((await auditIn(t.acme.id, "staff.invited"))[0]!.data).toMatchObject({
      tenant: "hooli",
      role: "owner",
    });
  });

  it("only the invited person, signed in with a fresh second factor, can accept, and an answer counts once", async () => {
    await addTeamMember(t.deps, await hooliOwner(), { email: "ana@acme.example", name: "Ana", role: "support" });
    const [invitation] = await listMyInvitations(t.deps, await auth(ana.token));
    expect(invitation).toMatchObject({ tenant: { slug: "hooli", name: "Hooli" }, role: "support" });
    // Someone else's signed-in session, with a fresh step-up, cannot answer it.
    const bob = await t.staff("bob@acme.example", "support", { name: "Bob" });
    expect(
      await answerStaffInvitation(
        t.deps,
        await auth(bob.token),
        { invitationId: invitation!.invitationId, accept: true },
        META,
      ),
    ).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await t.db.store.staffRoles.find(bob.staff.id, hooli.id)).toBeNull();
    // Her own session needs the second factor proven within 5 minutes.
    t.clock.advance(6 * 60_000);
    expect(
      await answerStaffInvitation(
        t.deps,
        await auth(ana.token),
        { invitationId: invitation!.invitationId, accept: true },
        META,
      ),
    ).toMatchObject({ ok: false, module: "step_up", code: "STAFF_REQUIRED" });
    expect(await t.db.store.staffRoles.find(ana.staff.id, hooli.id)).toBeNull();
    const fresh = await stepUp();
    expect(
      await answerStaffInvitation(t.deps, fresh, { invitationId: invitation!.invitationId, accept: true }, META),
    ).toMatchObject({ ok: true, accepted: true, tenantSlug: "hooli" });
    expect(await t.db.store.staffRoles.find(ana.staff.id, hooli.id)).toMatchObject({ role: "support" });
    expect(await authorizeStaffAction(t.deps, fresh, "support", "hooli")).toMatchObject({ ok: true });
    // Once: neither a second answer nor a withdrawal changes anything now.
    expect(
      await answerStaffInvitation(t.deps, fresh, { invitationId: invitation!.invitationId, accept: false }, META),
    ).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(
      await withdrawTeamInvitation(t.deps, await hooliOwner(), { invitationId: invitation!.invitationId }),
    ).toMatchObject({ ok: false, module: "team", code: "NOT_FOUND" });
    expect(await t.db.store.staffRoles.find(ana.staff.id, hooli.id)).not.toBeNull();
    // The grant is mailed to her and audited once in each tenant she works for.
    expect((await lastMailTo(t.db.store, "ana@acme.example"))?.text).toContain(
      'You accepted the support role at "Hooli" (hooli).',
    );
    expect(await auditIn(hooli.id, "staff.invitation_accepted")).toHaveLength(1);
    expect(await auditIn(t.acme.id, "staff.invitation_accepted")).toHaveLength(1);
  });

  it("a withdrawn, declined or expired invitation grants nothing", async () => {
    await addTeamMember(t.deps, await hooliOwner(), { email: "ana@acme.example", name: "Ana", role: "admin" });
    const fresh = await stepUp();
    const [first] = await listMyInvitations(t.deps, fresh);
    expect(
      await withdrawTeamInvitation(t.deps, await hooliOwner(), { invitationId: first!.invitationId }),
    ).toMatchObject({ ok: true });
    expect(
      await answerStaffInvitation(t.deps, fresh, { invitationId: first!.invitationId, accept: true }, META),
    ).toMatchObject({ ok: false, code: "NOT_FOUND" });
    await addTeamMember(t.deps, await hooliOwner(), { email: "ana@acme.example", name: "Ana", role: "admin" });
    const [second] = await listMyInvitations(t.deps, fresh);
    expect(
      await answerStaffInvitation(t.deps, fresh, { invitationId: second!.invitationId, accept: false }, META),
    ).toMatchObject({ ok: true, accepted: false });
    expect(
      await answerStaffInvitation(t.deps, fresh, { invitationId: second!.invitationId, accept: true }, META),
    ).toMatchObject({ ok: false, code: "NOT_FOUND" });
    await addTeamMember(t.deps, await hooliOwner(), { email: "ana@acme.example", name: "Ana", role: "admin" });
    const [third] = await listMyInvitations(t.deps, fresh);
    t.clock.advance(8 * 86_400_000);
    expect((await listTeam(t.deps, hooli)).invitations).toEqual([]);
    const later = await t.staff("later@acme.example", "support");
    expect(
      await answerStaffInvitation(
        t.deps,
        await auth(later.token),
        { invitationId: third!.invitationId, accept: true },
        META,
      ),
    ).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await t.db.store.staffRoles.find(ana.staff.id, hooli.id)).toBeNull();
  });

  it("once she works for both, neither owner can reset her sign-in or see her factors; removing a role ends only that tenant's access, not her sessions", async () => {
    await addTeamMember(t.deps, await hooliOwner(), { email: "ana@acme.example", name: "Ana", role: "admin" });
    const fresh = await stepUp();
    const [invitation] = await listMyInvitations(t.deps, fresh);
    await answerStaffInvitation(t.deps, fresh, { invitationId: invitation!.invitationId, accept: true }, META);
    const before = (await t.db.store.staff.findById(ana.staff.id))!;
    for (const actor of [await hooliOwner(), await owner()]) {
      const refused = await resetTeamMember(t.deps, actor, { staffId: ana.staff.id, reason: REASON });
      expect(refused).toMatchObject({ ok: false, code: "SHARED_MEMBER" });
      if (!refused.ok) expect(messageFor(refused)).toMatch(/platform operator/);
      const listed = (await listTeam(t.deps, actor.authority.tenant)).members.find((m) => m.staffId === ana.staff.id);
      expect(listed).toMatchObject({ name: "Ana Acme", signIn: null });
    }
    expect(await t.db.store.staff.findById(ana.staff.id)).toEqual(before);
    expect(await t.db.store.staffPasskeys.countForStaff(ana.staff.id)).toBe(0);
    expect(await validateStaffSession(t.deps, ana.token)).not.toBeNull();

    // Hooli can take back its own role: hooli closes to her at once, her session and acme's console stay.
    expect(await removeTeamMember(t.deps, await hooliOwner(), { staffId: ana.staff.id, reason: REASON })).toMatchObject(
      { ok: true },
    );
    const still = await validateStaffSession(t.deps, ana.token);
    expect(still).not.toBeNull();
    expect(await authorizeStaffAction(t.deps, still, "admin", "hooli")).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await authorizeStaffAction(t.deps, still, "admin", "acme")).toMatchObject({ ok: true });
    // Back to one tenant, acme's owner may reset her again.
    expect(await resetTeamMember(t.deps, await owner(), { staffId: ana.staff.id, reason: REASON })).toMatchObject({
      ok: true,
    });
    expect((await listTeam(t.deps, t.acme)).members.find((m) => m.staffId === ana.staff.id)?.signIn).toMatchObject({
      setUp: false,
    });
  });

  it("a reset racing her acceptance of a second tenant: exactly one of them happens", async () => {
    await addTeamMember(t.deps, await hooliOwner(), { email: "ana@acme.example", name: "Ana", role: "support" });
    const fresh = await stepUp();
    const [invitation] = await listMyInvitations(t.deps, fresh);
    const [reset, accepted] = await Promise.all([
      resetTeamMember(t.deps, await owner(), { staffId: ana.staff.id, reason: REASON }),
      answerStaffInvitation(t.deps, fresh, { invitationId: invitation!.invitationId, accept: true }, META),
    ]);
    expect([reset.ok, accepted.ok].filter(Boolean)).toHaveLength(1);
    const member = (await t.db.store.staff.findById(ana.staff.id))!;
    if (reset.ok) {
      expect(member.passwordHash).toBeNull();
      expect(await t.db.store.staffRoles.find(ana.staff.id, hooli.id)).toBeNull();
    } else {
      expect(reset).toMatchObject({ code: "SHARED_MEMBER" });
      expect(member.passwordHash).not.toBeNull();
      expect(await t.db.store.staffRoles.find(ana.staff.id, hooli.id)).not.toBeNull();
    }
  });

  it("an acceptance answered with a session that a reset has just ended grants nothing", async () => {
    await addTeamMember(t.deps, await hooliOwner(), { email: "ana@acme.example", name: "Ana", role: "support" });
    const fresh = await stepUp();
    const [invitation] = await listMyInvitations(t.deps, fresh);
    // The reset commits between the acceptance's session check and its transaction.
    expect(await resetTeamMember(t.deps, await owner(), { staffId: ana.staff.id, reason: REASON })).toMatchObject({
      ok: true,
    });
    expect(
      await answerStaffInvitation(t.deps, fresh, { invitationId: invitation!.invitationId, accept: true }, META),
    ).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await t.db.store.staffRoles.find(ana.staff.id, hooli.id)).toBeNull();
  });

  it("the operator's reset works for anyone: factors removed, every session ended, audited in each of her tenants, and she is told by mail without the link", async () => {
    await addTeamMember(t.deps, await hooliOwner(), { email: "ana@acme.example", name: "Ana", role: "support" });
    const fresh = await stepUp();
    const [invitation] = await listMyInvitations(t.deps, fresh);
    await answerStaffInvitation(t.deps, fresh, { invitationId: invitation!.invitationId, accept: true }, META);
    const nobody = await resetStaffByOperator(t.deps, { email: "nobody@acme.example" }, META);
    expectFailure(nobody, {
      module: "operator",
      code: "NOT_FOUND",
      params: { subject: "staff", value: "nobody@acme.example" },
    });
    expect(messageFor(nobody)).toBe("No staff member with the address nobody@acme.example.");
    t.clock.advance(1_000);
    const result = await resetStaffByOperator(t.deps, { email: "Ana@acme.example" }, META);
    expectOk(result);
    expect(result.value.setupUrl).toMatch(/^https:\/\/portal\.example\.test\/admin\/setup\?token=/);
    expect(result.value.endedSessions).toBeGreaterThan(0);
    expect(await validateStaffSession(t.deps, ana.token)).toBeNull();
    expect((await t.db.store.staff.findById(ana.staff.id))!).toMatchObject({
      passwordHash: null,
      totpConfirmedAt: null,
    });
    for (const tenant of [t.acme, hooli])
      expect(await auditIn(tenant.id, "staff.factors_reset")).toEqual([expect.objectContaining({ staffId: null })]);
    const mail = await lastMailTo(t.db.store, "ana@acme.example");
    expect(mail).toMatchObject({ subject: "Your staff sign-in was reset — Portico", tenantId: null });
    expect(mail?.text).not.toMatch(/token=/);
    // The new link starts over.
    await finishStaffSetup(t, new URL(result.value.setupUrl).searchParams.get("token")!);
  });
});

describe("staff mail is signed by the operator, never by a tenant", () => {
  it("set-up, reset and invitation mails carry the operator's name and none of the tenant's name or branding in their frame", async () => {
    t.deps.operatorName = "Initech Platform";
    // A tenant chooses its own display name and colours (branding settings).
    await t.db.store.tenantSettings.update(
      t.acme.id,
      { name: "Acme Security Team", primaryColor: "#b91c1c" },
      t.clock.now(),
    );
    const actor = await owner();
    await addTeamMember(t.deps, actor, { email: "sid@acme.example", name: "Sid", role: "support" });
    const setup = (await lastMailTo(t.db.store, "sid@acme.example"))!;
    await setUpFromMail("sid@acme.example");
    const sid = (await t.db.store.staff.findByEmail("sid@acme.example"))!;
    t.clock.advance(1_000);
    expect(await resetTeamMember(t.deps, actor, { staffId: sid.id, reason: REASON })).toMatchObject({ ok: true });
    const reset = (await lastMailTo(t.db.store, "sid@acme.example"))!;
    expect(setup.subject).toBe("Set up your staff sign-in — Initech Platform");
    expect(reset.subject).toBe("Set up your staff sign-in again — Initech Platform");
    for (const mail of [setup, reset]) {
      expect(mail.tenantId).toBeNull();
      expect(mail.html).toContain('<h1 style="font-size:20px;margin:0 0 24px">Initech Platform staff access</h1>');
      expect(mail.html).not.toContain("#b91c1c");
      expect(mail.subject).not.toContain("Acme");
    }
    // The set-up mail names the granting tenant only as the fact of the grant; the reset names no tenant at all.
    expect(setup.text).toContain('You were given the support role at "Acme Security Team" (acme)');
    expect(`${reset.subject} ${reset.text} ${reset.html}`).not.toMatch(/Acme/i);
  });
});
