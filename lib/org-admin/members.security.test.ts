import { beforeEach, describe, expect, it } from "vitest";
import { META, testScenario, type TSignedIn, type TWithTotp } from "../../tests/scenario";
import { validateSession } from "../sessions/validate-session";
import type { TOrganisation } from "../organisations/types";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";
import {
  endMemberSessions,
  organisationView,
  removeMember,
  startMemberRecovery,
  type TMemberActionResult,
  type TOrgAuth,
} from "./members";

const REASON = "Laptop stolen on the train, reported by phone.";
const t = testScenario();

type TWorld = {
  tenant: TTenant;
  initech: TOrganisation;
  hooli: TOrganisation;
  ada: TWithTotp;
  bob: TSignedIn;
  carol: TSignedIn;
  dave: TSignedIn;
  eve: TSignedIn;
};
let w: TWorld;

async function organisation(tenant: TTenant, slug: string, name: string, domain: string) {
  return t.store.organisations.create({
    tenantId: tenant.id,
    slug,
    name,
    domains: [domain],
    policy: {},
    at: t.clock.now(),
  });
}

async function join(user: TUser, org: TOrganisation, role: "member" | "org_admin") {
  expect(await t.store.memberships.set(user.tenantId, user.id, org.id, role)).toBe(true);
}

/** Globex: Initech (Ada its administrator, Bob and Carol members), Hooli (Dave), and Eve, a consumer. */
beforeEach(async () => {
  const tenant = t.globex;
  const initech = await organisation(tenant, "initech", "Initech", "initech.test");
  const hooli = await organisation(tenant, "hooli", "Hooli", "hooli.test");
  const ada = await t.withTotp("ada@initech.test", { tenant });
  await join(ada.user, initech, "org_admin");
  const bob = await t.signedIn("bob@initech.test", { tenant });
  await join(bob.user, initech, "member");
  const carol = await t.signedIn("carol@initech.test", { tenant });
  await join(carol.user, initech, "member");
  const dave = await t.signedIn("dave@hooli.test", { tenant });
  await join(dave.user, hooli, "member");
  const eve = await t.signedIn("eve@example.com", { tenant });
  w = { tenant, initech, hooli, ada, bob, carol, dave, eve };
});

/** The signed-in account as the product validates it from its cookie token. */
async function auth(who: { token: string }): Promise<TOrgAuth> {
  const valid = await validateSession(t.deps, w.tenant, who.token);
  if (!valid) throw new Error("expected a valid session");
  return valid;
}

const ACTIONS = { removeMember, endMemberSessions, startMemberRecovery } as const;

async function everyAction(actor: { token: string }, memberId: string, reason = REASON) {
  const results: Record<string, TMemberActionResult> = {};
  for (const [name, action] of Object.entries(ACTIONS))
    results[name] = await action(t.deps, w.tenant, await auth(actor), { memberId, reason }, META);
  return results;
}

async function stillSignedIn(who: TSignedIn) {
  return (await validateSession(t.deps, w.tenant, who.token)) !== null;
}

async function orgAuditRows() {
  return (await t.store.audit.list(w.tenant.id, { limit: 200 })).filter((e) => e.type.startsWith("org_member."));
}

describe("an organisation administrator's delegated administration", () => {
  it("an org_admin sees only their own organisation's members, with factor types and counts and never a secret or a device name", async () => {
    const view = await organisationView(t.deps, w.tenant, await auth(w.ada), META);
    if (!view.ok || view.manage?.access !== "granted")
      throw new Error(`expected the members, got ${JSON.stringify(view)}`);
    expect(view.manage.members.map((m) => m.email).sort()).toEqual([
      "ada@initech.test",
      "bob@initech.test",
      "carol@initech.test",
    ]);
    const ada = view.manage.members.find((m) => m.self)!;
    expect(ada.factors).toEqual({ password: true, passkeys: 0, authenticatorApp: true, recoveryCodes: 10 });
    expect(ada.lastSignInAt).not.toBeNull();
    const answer = JSON.stringify(view);
    expect(answer).not.toContain(w.ada.secret);
    for (const code of w.ada.recoveryCodes) expect(answer).not.toContain(code);
    expect(answer).not.toContain("dave@hooli.test");
    expect(answer).not.toContain("eve@example.com");
  });

  it("an org_admin cannot act on another organisation's member or on a consumer: each finds nothing and changes nothing", async () => {
    for (const target of [w.dave, w.eve]) {
      const results = await everyAction(w.ada, target.user.id);
      for (const result of Object.values(results))
        expect(result).toMatchObject({
          ok: false,
          module: "org_admin",
          code: "NOT_FOUND",
          params: { subject: "member" },
        });
      expect(await stillSignedIn(target)).toBe(true);
      expect((await t.store.users.findById(w.tenant.id, target.user.id))?.organisationId).toBe(
        target === w.dave ? w.hooli.id : null,
      );
      expect(await t.lastMailTo(target.user.email)).toBeNull();
    }
    // An id from another tenant, or no id at all, is no member either.
    const acmeUser = await t.user("bob@initech.test");
    for (const memberId of [acmeUser.id, "", "x".repeat(65)])
      expect((await everyAction(w.ada, memberId)).endMemberSessions).toMatchObject({ code: "NOT_FOUND" });
    expect(await orgAuditRows()).toEqual([]);
  });

  it("a plain member cannot act at all, and sees no member list", async () => {
    const results = await everyAction(w.bob, w.carol.user.id);
    for (const result of Object.values(results))
      expect(result).toMatchObject({ ok: false, module: "org_admin", code: "NOT_ALLOWED" });
    expect(await stillSignedIn(w.carol)).toBe(true);
    const view = await organisationView(t.deps, w.tenant, await auth(w.bob), META);
    expect(view).toMatchObject({ ok: true, role: "member", manage: null, admins: [{ email: "ada@initech.test" }] });
    // A consumer has no organisation page.
    expect(await organisationView(t.deps, w.tenant, await auth(w.eve), META)).toMatchObject({ code: "NOT_MEMBER" });
    expect(await orgAuditRows()).toEqual([]);
  });

  it("the role is read from the store on every call: an administrator demoted after signing in can no longer act", async () => {
    const signedInAsAdmin = await auth(w.ada);
    await t.store.memberships.set(w.tenant.id, w.ada.user.id, w.initech.id, "member");
    expect(
      await endMemberSessions(t.deps, w.tenant, signedInAsAdmin, { memberId: w.bob.user.id, reason: REASON }, META),
    ).toMatchObject({ ok: false, code: "NOT_ALLOWED" });
    expect(await stillSignedIn(w.bob)).toBe(true);
  });

  it("a stale step-up is refused: five minutes after the administrator's last second factor, every action asks for a new one", async () => {
    t.clock.advance(6 * 60_000);
    const results = await everyAction(w.ada, w.bob.user.id);
    for (const result of Object.values(results))
      expect(result).toMatchObject({
        ok: false,
        module: "step_up",
        code: "REQUIRED",
        params: { action: "org.manage", requiredAal: 2 },
      });
    const view = await organisationView(t.deps, w.tenant, await auth(w.ada), META);
    expect(view).toMatchObject({ ok: true, manage: { access: "step_up", check: { code: "REQUIRED" } } });
    expect(await stillSignedIn(w.bob)).toBe(true);
    expect((await t.store.users.findById(w.tenant.id, w.bob.user.id))?.organisationId).toBe(w.initech.id);
    expect(await orgAuditRows()).toEqual([]);
  });

  it("an administrator with a password only cannot reach the step-up (a second factor is required to manage others)", async () => {
    await t.store.memberships.set(w.tenant.id, w.bob.user.id, w.initech.id, "org_admin");
    expect(
      await endMemberSessions(t.deps, w.tenant, await auth(w.bob), { memberId: w.carol.user.id, reason: REASON }, META),
    ).toMatchObject({ ok: false, module: "step_up", code: "NO_METHOD" });
    expect(await stillSignedIn(w.carol)).toBe(true);
  });

  it("every action needs a reason of 3 to 500 characters", async () => {
    for (const [reason, problem] of [
      ["", "too_short"],
      ["  ok  ", "too_short"],
      ["x".repeat(501), "too_long"],
    ] as const) {
      const results = await everyAction(w.ada, w.bob.user.id, reason);
      for (const result of Object.values(results))
        expect(result).toMatchObject({ ok: false, code: "REASON_INVALID", params: { problem } });
    }
    expect(await stillSignedIn(w.bob)).toBe(true);
    expect(await orgAuditRows()).toEqual([]);
  });

  it("ending a member's sessions signs them out and is audited with the reason, the administrator and the organisation", async () => {
    const result = await endMemberSessions(
      t.deps,
      w.tenant,
      await auth(w.ada),
      { memberId: w.bob.user.id, reason: REASON },
      META,
    );
    expect(result).toEqual({ ok: true, endedSessions: 1 });
    expect(await stillSignedIn(w.bob)).toBe(false);
    expect(await stillSignedIn(w.carol)).toBe(true);
    const [row] = await orgAuditRows();
    expect(row).toMatchObject({
      type: "org_member.sessions_ended",
      userId: w.bob.user.id,
      staffId: null,
      reason: REASON,
      data: { organisation: w.initech.id, by: w.ada.user.id, endedSessions: 1 },
    });
  });

  it("the recovery secret never appears in the administrator's answer: the link goes to the member's own address only", async () => {
    const result = await startMemberRecovery(
      t.deps,
      w.tenant,
      await auth(w.ada),
      { memberId: w.carol.user.id, reason: REASON },
      META,
    );
    expect(result).toEqual({ ok: true });
    const token = await t.linkTo("carol@initech.test", "/globex/reset-password");
    expect(token.length).toBeGreaterThan(30);
    const toAdmin = (await t.store.mail.listOutbox(500)).filter((m) => m.to !== "carol@initech.test");
    for (const mail of toAdmin) expect(`${mail.text} ${mail.html}`).not.toContain(token);
    const view = await organisationView(t.deps, w.tenant, await auth(w.ada), META);
    const [row] = await orgAuditRows();
    for (const seen of [JSON.stringify(result), JSON.stringify(view), JSON.stringify(row)])
      expect(seen).not.toContain(token);
    expect(row).toMatchObject({ type: "org_member.recovery_started", userId: w.carol.user.id, reason: REASON });
    expect(await t.store.recoveryRequests.findOpen(w.tenant.id, w.carol.user.id)).toMatchObject({ kind: "assisted" });
  });

  it("removing a member takes them out of the organisation and ends their sessions; the administrator cannot remove themselves", async () => {
    expect(
      await removeMember(t.deps, w.tenant, await auth(w.ada), { memberId: w.ada.user.id, reason: REASON }, META),
    ).toMatchObject({ ok: false, code: "NOT_APPLICABLE", params: { reason: "own_account" } });
    expect(
      await removeMember(t.deps, w.tenant, await auth(w.ada), { memberId: w.bob.user.id, reason: REASON }, META),
    ).toEqual({ ok: true, endedSessions: 1 });
    const bob = await t.store.users.findById(w.tenant.id, w.bob.user.id);
    expect(bob).toMatchObject({ organisationId: null, organisationRole: null });
    expect(await stillSignedIn(w.bob)).toBe(false);
    expect((await t.lastMailTo("bob@initech.test"))?.subject).toContain("removed from Initech");
    const [row] = await orgAuditRows();
    expect(row).toMatchObject({ type: "org_member.removed", userId: w.bob.user.id, reason: REASON });
    // Removed, Bob is no longer Ada's to act on.
    expect(
      await endMemberSessions(t.deps, w.tenant, await auth(w.ada), { memberId: w.bob.user.id, reason: REASON }, META),
    ).toMatchObject({ code: "NOT_FOUND" });
  });
});
