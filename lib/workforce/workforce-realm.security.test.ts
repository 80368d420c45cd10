import { describe, expect, it } from "vitest";
import { STAFF_PASSWORD } from "../../tests/support/staff";
import { META } from "../../tests/support/test-db";
import { expectFailure, expectOk, testScenario } from "../../tests/scenario";
import { signInWithPassword } from "../identity/sign-in-with-password";
import { totpCodeAt } from "../identity/totp";
import { hashToken } from "../security/tokens";
import { validateSession } from "../sessions/validate-session";
import { addStaffMember, completeStaffSetup, createTenantWithOwner, isLiveSetupLink } from "./provision";
import { stepUpStaff, verifyStaffSecondFactor } from "./staff-factor";
import { validateStaffSession } from "./staff-sessions";
import { messageFor } from "../copy";
import { signInStaff } from "./staff-sign-in";

const t = testScenario();

const tokenOf = (url: string) => new URL(url).searchParams.get("token")!;

/** A member with a role at acme who has used their set-up link and enrolled TOTP. */
const activeStaff = (email = "sam@acme.example", role: "owner" | "admin" | "support" = "admin") => t.staff(email, role);

describe("workforce realm", () => {
  it("the operator's tenant creation makes an owner with a single-use set-up link; reserved and taken slugs are refused", async () => {
    const created = await createTenantWithOwner(
      t.deps,
      { slug: "hooli", name: "Hooli", ownerEmail: "Gavin@Hooli.test", ownerName: "Gavin" },
      META,
    );
    expectOk(created);
    expect(created.value.owner.email).toBe("gavin@hooli.test");
    expect((await t.db.store.staffRoles.find(created.value.owner.id, created.value.tenant.id))?.role).toBe("owner");
    expect((await t.db.store.stepUpPolicies.list(created.value.tenant.id)).length).toBeGreaterThanOrEqual(7);
    const token = tokenOf(created.value.setupUrl!);
    expect(await isLiveSetupLink(t.deps, token)).toBe(true);
    // Only the hash of the link's token is stored.
    expect(await t.db.store.staffTokens.findLive(token, "setup", t.clock.now())).toBeNull();
    expect(await t.db.store.staffTokens.findLive(hashToken(token), "setup", t.clock.now())).not.toBeNull();
    const first = await completeStaffSetup(t.deps, { token, password: STAFF_PASSWORD, confirm: STAFF_PASSWORD }, META);
    expect(first.ok).toBe(true);
    const again = await completeStaffSetup(t.deps, { token, password: STAFF_PASSWORD, confirm: STAFF_PASSWORD }, META);
    expect(again).toMatchObject({ ok: false, module: "staff", code: "SETUP_LINK_INVALID" });
    const exists = await createTenantWithOwner(
      t.deps,
      { slug: "hooli", name: "Hooli 2", ownerEmail: "x@hooli.test", ownerName: "X" },
      META,
    );
    expect(exists).toMatchObject({ ok: false, module: "operator", code: "EXISTS", params: { slug: "hooli" } });
    if (exists.ok) throw new Error("created twice");
    expect(messageFor(exists)).toBe('A tenant "hooli" already exists.');
    for (const slug of ["admin", "support", "api", "workforce"]) {
      const reserved = await createTenantWithOwner(
        t.deps,
        { slug, name: "X", ownerEmail: "x@x.test", ownerName: "X" },
        META,
      );
      expect(reserved).toMatchObject({
        ok: false,
        module: "operator",
        code: "INVALID_INPUT",
        params: { field: "slug", problem: "reserved", value: slug },
      });
      if (reserved.ok) throw new Error(`created ${slug}`);
      expect(messageFor(reserved)).toBe(`Tenant slug: "${slug}" is reserved for the portal's own pages.`);
    }
    for (const slug of ["Bad Slug", "-x"]) {
      const invalid = await createTenantWithOwner(
        t.deps,
        { slug, name: "X", ownerEmail: "x@x.test", ownerName: "X" },
        META,
      );
      expect(invalid).toMatchObject({
        ok: false,
        module: "operator",
        code: "INVALID_INPUT",
        params: { field: "slug", problem: "invalid" },
      });
      if (invalid.ok) throw new Error(`created ${slug}`);
      expect(messageFor(invalid)).toBe(
        "Tenant slug: Use 1–40 lower-case letters, digits and hyphens (not at the start or end).",
      );
    }
    const badOwner = await createTenantWithOwner(
      t.deps,
      { slug: "initech", name: "Initech", ownerEmail: "not an address", ownerName: "X" },
      META,
    );
    expectFailure(badOwner, {
      module: "operator",
      code: "INVALID_INPUT",
      params: { field: "owner_email", problem: "invalid" },
    });
    expect(messageFor(badOwner)).toBe("Owner email: Enter a valid email address, like name@example.com.");
    const longName = await createTenantWithOwner(
      t.deps,
      { slug: "initech", name: "x".repeat(101), ownerEmail: "x@x.test", ownerName: "X" },
      META,
    );
    if (longName.ok) throw new Error("created with a long name");
    expect(messageFor(longName)).toBe("Tenant name: Use at most 100 characters.");
    const badRole = await addStaffMember(
      t.deps,
      { tenantSlug: "hooli", email: "x@hooli.test", name: "X", role: "boss", actorStaffId: null },
      META,
    );
    if (badRole.ok) throw new Error("added with an unknown role");
    expect(messageFor(badRole)).toBe("Role must be owner, admin or support.");
    const noTenant = await addStaffMember(
      t.deps,
      { tenantSlug: "nowhere", email: "x@hooli.test", name: "X", role: "admin", actorStaffId: null },
      META,
    );
    expectFailure(noTenant, {
      module: "operator",
      code: "NOT_FOUND",
      params: { subject: "tenant", value: "nowhere" },
    });
    expect(messageFor(noTenant)).toBe('No tenant "nowhere".');
  });

  it("a set-up link expires after 24 hours and refuses a short or common password", async () => {
    const added = await addStaffMember(
      t.deps,
      { tenantSlug: "acme", email: "kim@acme.example", name: "Kim", role: "support", actorStaffId: null },
      META,
    );
    expectOk(added);
    const token = tokenOf(added.value.setupUrl!);
    expect(
      await completeStaffSetup(t.deps, { token, password: "short pass", confirm: "short pass" }, META),
    ).toMatchObject({ ok: false, code: "INVALID_PASSWORD" });
    expect(
      await completeStaffSetup(t.deps, { token, password: STAFF_PASSWORD, confirm: `${STAFF_PASSWORD}x` }, META),
    ).toMatchObject({ ok: false, module: "staff", code: "PASSWORD_MISMATCH" });
    t.clock.advance(24 * 3_600_000 + 1);
    expect(
      await completeStaffSetup(t.deps, { token, password: STAFF_PASSWORD, confirm: STAFF_PASSWORD }, META),
    ).toMatchObject({ ok: false, module: "staff", code: "SETUP_LINK_INVALID" });
  });

  it("the password alone opens no console: a staff sign-in needs the authenticator code", async () => {
    const { secret } = await activeStaff();
    t.clock.advance(60_000);
    const signIn = await signInStaff(t.deps, { email: "sam@acme.example", password: STAFF_PASSWORD }, META);
    expectOk(signIn);
    expect(signIn.stage).toBe("factor");
    expect(await validateStaffSession(t.deps, signIn.token)).toBeNull();
    const pending = (await validateStaffSession(t.deps, signIn.token, ["factor"]))!;
    expect(await verifyStaffSecondFactor(t.deps, pending, "000000", META)).toMatchObject({
      ok: false,
      code: "WRONG_CODE",
    });
    const done = await verifyStaffSecondFactor(t.deps, pending, totpCodeAt(secret, t.clock.now()), META);
    expectOk(done);
    expect(done.token).not.toBe(signIn.token);
    expect(await validateStaffSession(t.deps, signIn.token, ["factor", "complete"])).toBeNull();
    expect((await validateStaffSession(t.deps, done.token))?.session.aal).toBe(2);
  });

  it("a staff authenticator code works once, even for a step-up straight after sign-in", async () => {
    const { token, secret } = await activeStaff();
    const auth = (await validateStaffSession(t.deps, token))!;
    // The code that completed the enrolment cannot be replayed for a step-up.
    expect(await stepUpStaff(t.deps, auth, totpCodeAt(secret, t.clock.now()), META)).toMatchObject({
      ok: false,
      code: "WRONG_CODE",
    });
    t.clock.advance(30_000);
    const stepped = await stepUpStaff(t.deps, auth, totpCodeAt(secret, t.clock.now()), META);
    expect(stepped.ok).toBe(true);
    expect(await stepUpStaff(t.deps, auth, totpCodeAt(secret, t.clock.now()), META)).toMatchObject({ ok: false });
  });

  it("unknown staff, staff without a password yet and a wrong password get the same answer", async () => {
    await activeStaff();
    await addStaffMember(
      t.deps,
      { tenantSlug: "acme", email: "new@acme.example", name: "New", role: "support", actorStaffId: null },
      META,
    );
    const answers = await Promise.all(
      [
        { email: "nobody@acme.example", password: STAFF_PASSWORD },
        { email: "new@acme.example", password: STAFF_PASSWORD },
        { email: "sam@acme.example", password: "wrong horse battery staple" },
      ].map((input) => signInStaff(t.deps, input, { ...META, ip: `198.51.100.${Math.floor(Math.random() * 200)}` })),
    );
    expect(answers).toEqual(
      [0, 1, 2].map(() => ({ ok: false, module: "staff", code: "INVALID_CREDENTIALS", status: 401, params: {} })),
    );
    const [first] = answers;
    expect(first && !first.ok ? messageFor(first) : null).toBe("Incorrect email or password.");
  });

  it("password guesses are limited per staff address: the 6th in 15 minutes is refused even when right", async () => {
    await activeStaff();
    for (let i = 0; i < 5; i += 1) {
      expect(
        (await signInStaff(t.deps, { email: "sam@acme.example", password: `wrong guess number ${i} here` }, META)).ok,
      ).toBe(false);
    }
    expect(await signInStaff(t.deps, { email: "sam@acme.example", password: STAFF_PASSWORD }, META)).toMatchObject({
      ok: false,
      code: "RATE_LIMITED",
    });
    t.clock.advance(15 * 60_000 + 1);
    expect((await signInStaff(t.deps, { email: "sam@acme.example", password: STAFF_PASSWORD }, META)).ok).toBe(true);
  });

  it("after 5 wrong codes the pending sign-in ends", async () => {
    const { secret } = await activeStaff();
    t.clock.advance(60_000);
    const signIn = await signInStaff(t.deps, { email: "sam@acme.example", password: STAFF_PASSWORD }, META);
    expectOk(signIn);
    const pending = (await validateStaffSession(t.deps, signIn.token, ["factor"]))!;
    for (let i = 0; i < 5; i += 1)
      expect((await verifyStaffSecondFactor(t.deps, pending, "000000", META)).ok).toBe(false);
    expect(await verifyStaffSecondFactor(t.deps, pending, totpCodeAt(secret, t.clock.now()), META)).toMatchObject({
      ok: false,
      module: "risk",
      code: "RATE_LIMITED",
      params: { scope: "staff_codes" },
    });
    expect(await validateStaffSession(t.deps, signIn.token, ["factor"])).toBeNull();
  });

  it("staff sessions end after 15 idle minutes and after 8 hours however active", async () => {
    const { token, secret } = await activeStaff();
    t.clock.advance(15 * 60_000);
    expect(await validateStaffSession(t.deps, token)).toBeNull();

    t.clock.advance(60_000);
    const signIn = await signInStaff(t.deps, { email: "sam@acme.example", password: STAFF_PASSWORD }, META);
    expectOk(signIn);
    const done = await verifyStaffSecondFactor(
      t.deps,
      (await validateStaffSession(t.deps, signIn.token, ["factor"]))!,
      totpCodeAt(secret, t.clock.now()),
      META,
    );
    expectOk(done);
    for (let minutes = 0; minutes < 8 * 60 - 10; minutes += 10) {
      t.clock.advance(10 * 60_000);
      expect(await validateStaffSession(t.deps, done.token)).not.toBeNull();
    }
    t.clock.advance(10 * 60_000);
    expect(await validateStaffSession(t.deps, done.token)).toBeNull();
  });

  it("a step-up keeps the session's 8-hour limit instead of starting a new one", async () => {
    const { token, secret } = await activeStaff();
    const before = (await validateStaffSession(t.deps, token))!;
    t.clock.advance(60_000);
    const stepped = await stepUpStaff(t.deps, before, totpCodeAt(secret, t.clock.now()), META);
    expectOk(stepped);
    expect(stepped.expiresAt).toEqual(before.session.absoluteExpiresAt);
    expect(await validateStaffSession(t.deps, token)).toBeNull();
  });

  it("a customer session token is not a staff session, and a staff token is not a customer session", async () => {
    await t.user("sam@acme.example", { password: STAFF_PASSWORD });
    const customer = await signInWithPassword(
      t.deps,
      t.acme,
      { email: "sam@acme.example", password: STAFF_PASSWORD },
      META,
    );
    expectOk(customer);
    expect(await validateStaffSession(t.deps, customer.token, ["factor", "enrol", "complete"])).toBeNull();
    const { token } = await activeStaff("sam@acme.example");
    expect(await validateSession(t.deps, t.acme, token)).toBeNull();
    // Same address, separate realms: the customer account is untouched by the staff account.
    expect((await t.db.store.users.findByEmail(t.acme.id, "sam@acme.example"))?.id).toBe(customer.user.id);
  });

  it("a disabled member's live session stops working at once", async () => {
    const { token, staff } = await activeStaff();
    await t.db.store.staff.setStatus(staff.id, "disabled", t.clock.now());
    expect(await validateStaffSession(t.deps, token)).toBeNull();
    expect(await signInStaff(t.deps, { email: "sam@acme.example", password: STAFF_PASSWORD }, META)).toMatchObject({
      ok: false,
      code: "DISABLED",
    });
  });

  it("sign-ins, failures, enrolment and step-ups are audited with the staff member", async () => {
    const { token, secret, staff } = await activeStaff();
    await signInStaff(t.deps, { email: "sam@acme.example", password: "not the right password" }, META);
    t.clock.advance(30_000);
    await stepUpStaff(t.deps, (await validateStaffSession(t.deps, token))!, totpCodeAt(secret, t.clock.now()), META);
    const rows = await t.db.store.staffAudit.listForStaff(staff.id);
    expect(rows.map((r) => r.type).sort()).toEqual([
      "staff.factor_enrolled",
      "staff.setup_completed",
      "staff.sign_in_failed",
      "staff.signed_in",
      "staff.stepped_up",
    ]);
    // The operator's part is in the tenant's log, naming the member it was done to.
    const byOperator = await t.db.store.audit.list(t.acme.id, { limit: 20 });
    const aboutMember = byOperator.filter((e) => "member" in e.data && e.data.member === staff.id);
    expect(aboutMember.map((e) => e.type).sort()).toEqual([
      "staff.created",
      "staff.role_assigned",
      "staff.setup_link_issued",
    ]);
    expect(aboutMember.every((e) => e.staffId === null)).toBe(true);
  });
});
