import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { finishStaffSetup, STAFF_PASSWORD } from "../../tests/support/staff";
import { createTestContext, lastMailTo, META, type TTestContext } from "../../tests/support/test-db";
import { addStaffMember, createTenantWithOwner } from "./provision";
import { validateStaffSession } from "./staff-sessions";
import { signInStaff } from "./staff-sign-in";
import { addTeamMember, removeTeamMember, resetTeamMember, type TTeamActor } from "./team";

const REASON = "Lost their phone with the authenticator app; confirmed in person.";
let t: TTestContext;
let owner: TTeamActor;
beforeEach(async () => {
  t = await createTestContext();
  const created = await addStaffMember(t.deps, { tenantSlug: "acme", email: "olive@acme.example", name: "Olive", role: "owner", actorStaffId: null }, META);
  if (!created.ok) throw new Error(created.message);
  owner = { tenant: t.acme, staffId: created.value.staff.id, meta: META };
});
afterEach(async () => {
  await t.db.close();
});

const tokenIn = (text: string | null | undefined) => text?.match(/\/admin\/setup\?token=([A-Za-z0-9_-]{43})/)?.[1] ?? null;

/** Uses the set-up link in the member's latest mail and enrols TOTP; returns the complete session token. */
async function setUpFromMail(email: string) {
  const token = tokenIn((await lastMailTo(t.db.store, email))?.text);
  if (!token) throw new Error("no set-up link in mail");
  return (await finishStaffSetup(t, token)).token;
}

describe("owners manage their staff", () => {
  it("a new member's set-up link goes to the member's address only, and the addition is audited with the owner", async () => {
    const result = await addTeamMember(t.deps, owner, { email: "Sid@Acme.example", name: "Sid", role: "support" });
    expect(result).toMatchObject({ ok: true });
    expect(JSON.stringify(result)).not.toMatch(/token=/);
    expect(tokenIn((await lastMailTo(t.db.store, "sid@acme.example"))?.text)).not.toBeNull();
    const events = await t.db.store.staffAudit.listForStaff(owner.staffId);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["staff.created", "staff.role_assigned", "staff.setup_link_issued"]));
    expect(await addTeamMember(t.deps, owner, { email: "x@acme.example", name: "X", role: "root" })).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(await addTeamMember(t.deps, owner, { email: "olive@acme.example", name: "Olive", role: "support" })).toMatchObject({ ok: false, code: "NOT_ALLOWED" });
  });

  it("a reset removes the member's password and authenticator, ends their sessions and mails a new link; the old password no longer works", async () => {
    await addTeamMember(t.deps, owner, { email: "sid@acme.example", name: "Sid", role: "admin" });
    const session = await setUpFromMail("sid@acme.example");
    const sid = (await t.db.store.staff.findByEmail("sid@acme.example"))!;
    expect(await resetTeamMember(t.deps, owner, { staffId: sid.id, reason: "short" })).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    t.clock.advance(60_000);
    expect(await resetTeamMember(t.deps, owner, { staffId: sid.id, reason: REASON })).toMatchObject({ ok: true });
    expect(await validateStaffSession(t.deps, session)).toBeNull();
    expect(await signInStaff(t.deps, { email: "sid@acme.example", password: STAFF_PASSWORD }, META)).toMatchObject({ ok: false, code: "INVALID_CREDENTIALS" });
    const [event] = (await t.db.store.staffAudit.listForStaff(owner.staffId)).filter((e) => e.type === "staff.factors_reset");
    expect(event).toMatchObject({ reason: REASON, tenantId: t.acme.id });
    // The new link starts over: a password, then a new authenticator app.
    await setUpFromMail("sid@acme.example");
  });

  it("owners cannot reset or remove themselves, staff of another tenant are out of reach, and the last owner stays", async () => {
    expect(await resetTeamMember(t.deps, owner, { staffId: owner.staffId, reason: REASON })).toMatchObject({ ok: false, code: "NOT_ALLOWED" });
    expect(await removeTeamMember(t.deps, owner, { staffId: owner.staffId, reason: REASON })).toMatchObject({ ok: false, code: "NOT_ALLOWED" });
    const other = await createTenantWithOwner(t.deps, { slug: "hooli", name: "Hooli", ownerEmail: "gavin@hooli.test", ownerName: "Gavin" }, META);
    if (!other.ok) throw new Error(other.message);
    expect(await resetTeamMember(t.deps, owner, { staffId: other.value.owner.id, reason: REASON })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await removeTeamMember(t.deps, owner, { staffId: other.value.owner.id, reason: REASON })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    // Someone other than the owner (e.g. a second owner later removed) cannot leave the tenant ownerless.
    const stranger: TTeamActor = { tenant: t.acme, staffId: "someone-else", meta: META };
    expect(await removeTeamMember(t.deps, stranger, { staffId: owner.staffId, reason: REASON })).toMatchObject({ ok: false, code: "NOT_ALLOWED" });
    expect(await t.db.store.staffRoles.countOwners(t.acme.id)).toBe(1);
  });

  it("removing a role closes the tenant to that member at once", async () => {
    await addTeamMember(t.deps, owner, { email: "sid@acme.example", name: "Sid", role: "support" });
    await setUpFromMail("sid@acme.example");
    const sid = (await t.db.store.staff.findByEmail("sid@acme.example"))!;
    expect(await removeTeamMember(t.deps, owner, { staffId: sid.id, reason: REASON })).toMatchObject({ ok: true });
    expect(await t.db.store.staffRoles.find(sid.id, t.acme.id)).toBeNull();
  });
});
