import { describe, expect, it } from "vitest";
import type { TSoftAuthenticator } from "../../tests/support/soft-authenticator";
import { auditTypes, lastMailTo, linkToken, META } from "../../tests/support/test-db";
import { PASSWORD, expectOk, testScenario } from "../../tests/scenario";
import type { TSession } from "../sessions/types";
import { confirmEmailChange, requestEmailChange, undoEmailChange } from "../account/change-email";
import { startPasskeySignIn } from "../identity/passkey-sign-in";
import { verifySignInEmailCode } from "../identity/sign-in-email-code";
import { signInWithPassword } from "../identity/sign-in-with-password";
import { updateProfile } from "../account/update-profile";
import { changePayout } from "../payout/change-payout";
import { generateToken } from "../security/tokens";
import { validateSession } from "../sessions/validate-session";
import { checkStepUp } from "./step-up";
import { stepUpWithPasskey, stepUpWithPassword } from "./verify";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";

const t = testScenario();

const IBAN = "DE89370400440532013000";
type TAuth = { session: TSession; user: TUser };
const fresh = async (tenant: TTenant, auth: TAuth): Promise<TAuth> => ({
  session: (await t.db.store.sessions.findById(tenant.id, auth.session.id))!,
  user: (await t.db.store.users.findById(tenant.id, auth.user.id))!,
});

async function passkeyStepUp(tenant: TTenant, auth: TAuth, key: TSoftAuthenticator, action: string) {
  const binding = generateToken();
  const options = await startPasskeySignIn(t.deps, tenant, binding);
  expectOk(options);
  return stepUpWithPasskey(
    t.deps,
    tenant,
    await fresh(tenant, auth),
    action,
    key.authenticate(options.options),
    binding,
    META,
  );
}

async function withPasskey(email: string) {
  const auth = await t.withPasskey(email);
  return { auth, key: auth.authenticator };
}

describe("step-up elevations are bound to their session and tenant", () => {
  it("an elevation of one session does not count in another session of the same user", async () => {
    const { auth: laptop, key } = await withPasskey("two-sessions@example.com");
    const phone = await signInWithPassword(
      t.deps,
      t.acme,
      { email: "two-sessions@example.com", password: PASSWORD },
      META,
    );
    expectOk(phone);
    t.clock.advance(6 * 60_000);
    expect(await passkeyStepUp(t.acme, laptop, key, "factor.add")).toMatchObject({ ok: true });
    expect((await checkStepUp(t.deps, t.acme, await fresh(t.acme, laptop), "factor.add", META)).ok).toBe(true);
    expect((await checkStepUp(t.deps, t.acme, await fresh(t.acme, phone), "factor.add", META)).ok).toBe(false);
  });

  it("an elevation at one tenant does not count at another, and its rows are invisible there", async () => {
    const { auth: acme, key } = await withPasskey("both@example.com");
    const globex = await t.signedIn("both@example.com", { tenant: t.globex });
    t.clock.advance(6 * 60_000);
    expect(await passkeyStepUp(t.acme, acme, key, "factor.add")).toMatchObject({ ok: true });
    expect((await checkStepUp(t.deps, t.globex, await fresh(t.globex, globex), "factor.add", META)).ok).toBe(false);
    // Even handed the acme session id, the globex tenant finds no elevation.
    expect(
      await t.db.store.stepUpGrants.listUsable(t.globex.id, acme.user.id, acme.session.id, "*", t.clock.now()),
    ).toEqual([]);
  });

  it("a successful step-up re-issues the session token: the old cookie stops working", async () => {
    const auth = await t.signedIn("rotate@example.com");
    const signedIn = await signInWithPassword(
      t.deps,
      t.acme,
      { email: "rotate@example.com", password: PASSWORD },
      META,
    );
    expectOk(signedIn);
    t.clock.advance(31 * 60_000);
    const result = await stepUpWithPassword(t.deps, t.acme, signedIn, "profile.update", PASSWORD, META);
    expect(result).toMatchObject({ ok: true });
    expect(await validateSession(t.deps, t.acme, signedIn.token)).toBeNull();
    expectOk(result);
    expect(await validateSession(t.deps, t.acme, result.token)).not.toBeNull();
    expect(auth.user.id).toBe(signedIn.user.id);
  });

  it("elevation expires: a profile change 31 minutes after sign-in needs a step-up, which lasts 30 minutes", async () => {
    const auth = await t.signedIn("old-session@example.com");
    expect(await updateProfile(t.deps, t.acme, auth, { displayName: "Early" }, META)).toEqual({ ok: true });
    t.clock.advance(31 * 60_000);
    expect(await updateProfile(t.deps, t.acme, auth, { displayName: "Late" }, META)).toMatchObject({
      ok: false,
      module: "step_up",
      code: "REQUIRED",
      params: { action: "profile.update", requiredAal: 1 },
    });
    expect(await stepUpWithPassword(t.deps, t.acme, auth, "profile.update", PASSWORD, META)).toMatchObject({
      ok: true,
    });
    expect(await updateProfile(t.deps, t.acme, await fresh(t.acme, auth), { displayName: "Late" }, META)).toEqual({
      ok: true,
    });
    t.clock.advance(31 * 60_000);
    expect(
      await updateProfile(t.deps, t.acme, await fresh(t.acme, auth), { displayName: "Later" }, META),
    ).toMatchObject({ ok: false, module: "step_up" });
  });

  it("a user with a second factor cannot step up to AAL2 with the password alone", async () => {
    const { auth } = await withPasskey("aal2@example.com");
    t.clock.advance(6 * 60_000);
    const check = await checkStepUp(t.deps, t.acme, await fresh(t.acme, auth), "factor.add", META);
    expect(check).toMatchObject({ ok: false, code: "REQUIRED", params: { requiredAal: 2, methods: ["passkey"] } });
    expect(
      await stepUpWithPassword(t.deps, t.acme, await fresh(t.acme, auth), "factor.add", PASSWORD, META),
    ).toMatchObject({ ok: false, code: "NOT_OFFERED" });
  });
});

describe("payout.change (tenant-defined: passkey, single use)", () => {
  it("needs a passkey: a password-only user is told to add one", async () => {
    const auth = await t.signedIn("no-passkey@example.com");
    expect(await changePayout(t.deps, t.acme, auth, { holder: "Ada Lovelace", iban: IBAN }, META)).toMatchObject({
      ok: false,
      module: "step_up",
      code: "NO_METHOD",
    });
  });

  it("one passkey step-up allows one change, even when two are sent at once", async () => {
    const { auth, key } = await withPasskey("payout@example.com");
    t.clock.advance(6 * 60_000);
    expect(
      await changePayout(t.deps, t.acme, await fresh(t.acme, auth), { holder: "Ada", iban: IBAN }, META),
    ).toMatchObject({ module: "step_up", code: "REQUIRED", params: { methods: ["passkey"] } });
    expect(await passkeyStepUp(t.acme, auth, key, "payout.change")).toMatchObject({ ok: true });
    const current = await fresh(t.acme, auth);
    const results = await Promise.all(
      [1, 2, 3].map((n) => changePayout(t.deps, t.acme, current, { holder: `Ada ${n}`, iban: IBAN }, META)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await auditTypes(t.db.store, t.acme.id, auth.user.id)).filter((e) => e === "payout.changed")).toHaveLength(
      1,
    );
  });

  it("is blocked during the cool-down after a recovery, and allowed after it", async () => {
    const { auth, key } = await withPasskey("recovered@example.com");
    await t.db.store.users.markRecovered(t.acme.id, auth.user.id, t.clock.now());
    expect(
      await changePayout(t.deps, t.acme, await fresh(t.acme, auth), { holder: "Mallory", iban: IBAN }, META),
    ).toMatchObject({ ok: false, module: "step_up", code: "BLOCKED" });
    expect(await auditTypes(t.db.store, t.acme.id, auth.user.id)).toContain("step_up.blocked");
    t.clock.advance(25 * 3_600_000);
    expect(await passkeyStepUp(t.acme, auth, key, "payout.change")).toMatchObject({ ok: true });
    expect(await changePayout(t.deps, t.acme, await fresh(t.acme, auth), { holder: "Ada", iban: IBAN }, META)).toEqual({
      ok: true,
    });
  });

  it("refuses an invalid IBAN with a field message, before any step-up", async () => {
    const auth = await t.signedIn("iban@example.com");
    expect(
      await changePayout(t.deps, t.acme, auth, { holder: "Ada", iban: "DE89370400440532013001" }, META),
    ).toMatchObject({
      ok: false,
      module: "payout",
      code: "INVALID_INPUT",
      status: 400,
      params: { field: "iban", problem: "iban" },
    });
  });
});

describe("context shift of a live session", () => {
  it("a new network downgrades: earlier proofs and elevations stop counting; audited and shown", async () => {
    const signedIn = await signInWithPassword(
      t.deps,
      t.acme,
      { email: (await t.signedIn("mover@example.com")).user.email, password: PASSWORD },
      META,
    );
    expectOk(signedIn);
    expect(await validateSession(t.deps, t.acme, signedIn.token, { meta: META })).not.toBeNull();
    expect((await checkStepUp(t.deps, t.acme, signedIn, "factor.add", META)).ok).toBe(true);
    const moved = await validateSession(t.deps, t.acme, signedIn.token, { meta: { ...META, ip: "198.51.100.20" } });
    expect(moved).not.toBeNull();
    expect(moved!.session.downgradedAt).not.toBeNull();
    expect((await checkStepUp(t.deps, t.acme, moved!, "factor.add", META)).ok).toBe(false);
    expect(moved!.session.contextEvent).toMatchObject({ decision: "downgrade", reasons: ["ip_prefix_changed"] });
    expect(await auditTypes(t.db.store, t.acme.id, signedIn.user.id)).toContain("session.context_changed");
    // The same network again is not a new shift.
    const again = await validateSession(t.deps, t.acme, signedIn.token, { meta: { ...META, ip: "198.51.100.99" } });
    expect(again?.session.contextEvent).toEqual(moved!.session.contextEvent);
  });

  it("a new browser family ends the session", async () => {
    const signedIn = await signInWithPassword(
      t.deps,
      t.acme,
      { email: (await t.signedIn("thief@example.com")).user.email, password: PASSWORD },
      META,
    );
    expectOk(signedIn);
    const firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0";
    expect(await validateSession(t.deps, t.acme, signedIn.token, { meta: { ...META, userAgent: firefox } })).toBeNull();
    expect(await validateSession(t.deps, t.acme, signedIn.token, { meta: META })).toBeNull();
    expect((await t.db.store.sessions.findById(t.acme.id, signedIn.session.id))?.revokedReason).toBe("context_changed");
  });
});

describe("email change", () => {
  it("confirms at the new address, tells the old one, and the undo link restores it and ends every session", async () => {
    const auth = await t.signedIn("old@example.com");
    expect(await requestEmailChange(t.deps, t.acme, auth, { email: "New@Example.com" }, META)).toEqual({
      ok: true,
      email: "new@example.com",
    });
    expect((await t.db.store.users.findById(t.acme.id, auth.user.id))?.email).toBe("old@example.com");
    const confirm = linkToken((await lastMailTo(t.db.store, "new@example.com"))?.text, "/acme/confirm-email-change");
    expect(await confirmEmailChange(t.deps, t.acme, confirm, META)).toEqual({ ok: true, email: "new@example.com" });
    expect(await confirmEmailChange(t.deps, t.acme, confirm, META)).toMatchObject({ ok: false, code: "INVALID_LINK" });
    expect((await t.db.store.users.findById(t.acme.id, auth.user.id))?.email).toBe("new@example.com");
    const notice = await lastMailTo(t.db.store, "old@example.com");
    expect(notice?.subject).toContain("Your email address was changed");
    expect(notice?.text).not.toContain("new@example.com");
    const undo = linkToken(notice?.text, "/acme/undo-email-change");
    expect(await confirmEmailChange(t.deps, t.globex, undo, META)).toMatchObject({ ok: false });
    expect(await undoEmailChange(t.deps, t.globex, undo, META)).toMatchObject({ ok: false });
    expect(await undoEmailChange(t.deps, t.acme, undo, META)).toEqual({ ok: true, email: "old@example.com" });
    expect((await t.db.store.users.findById(t.acme.id, auth.user.id))?.email).toBe("old@example.com");
    expect(await t.db.store.sessions.listActive(t.acme.id, auth.user.id, t.clock.now())).toEqual([]);
  });

  it("an address that belongs to another account gets a notice, not a link, and the answer on screen is the same", async () => {
    await t.signedIn("taken@example.com");
    const auth = await t.signedIn("asker@example.com");
    expect(await requestEmailChange(t.deps, t.acme, auth, { email: "taken@example.com" }, META)).toEqual({
      ok: true,
      email: "taken@example.com",
    });
    const mail = await lastMailTo(t.db.store, "taken@example.com");
    expect(mail?.subject).toContain("An email change was requested");
    expect(mail?.text).not.toContain("confirm-email-change");
  });

  it("needs a fresh proof: single use, so the second request needs a new step-up once the sign-in is old", async () => {
    const { auth, key } = await withPasskey("mfa-user@example.com");
    t.clock.advance(6 * 60_000);
    expect(
      await requestEmailChange(t.deps, t.acme, await fresh(t.acme, auth), { email: "a@example.com" }, META),
    ).toMatchObject({ module: "step_up", params: { requiredAal: 2 } });
    expect(await passkeyStepUp(t.acme, auth, key, "email.change")).toMatchObject({ ok: true });
    expect(
      await requestEmailChange(t.deps, t.acme, await fresh(t.acme, auth), { email: "a@example.com" }, META),
    ).toMatchObject({ ok: true });
    expect(
      await requestEmailChange(t.deps, t.acme, await fresh(t.acme, auth), { email: "b@example.com" }, META),
    ).toMatchObject({ module: "step_up" });
  });
});

describe("risk at sign-in", () => {
  it("mails the user about a new device, but not on the first sign-in ever; the decision and reasons are audited", async () => {
    const auth = await t.signedIn("devices@example.com");
    const signIns = async () =>
      (await t.db.store.audit.list(t.acme.id, { userId: auth.user.id, type: "user.signed_in" })).map(
        (e) => e.data as { risk: { decision: string; reasons: string[] } },
      );
    expect((await lastMailTo(t.db.store, "devices@example.com"))?.subject ?? "").not.toContain("New sign-in");
    const elsewhere = { ...META, ip: "192.0.2.9", deviceHash: "9".repeat(64) };
    const other = await signInWithPassword(
      t.deps,
      t.acme,
      { email: "devices@example.com", password: PASSWORD },
      elsewhere,
    );
    if (!other.ok || other.next !== "email_code")
      throw new Error("expected the new device and network to be stepped up to an email code");
    const code = (await lastMailTo(t.db.store, "devices@example.com"))?.text?.match(/^(\d{6})$/m)?.[1] ?? "";
    t.clock.advance(30_000);
    expect(
      await verifySignInEmailCode(t.deps, t.acme, { session: other.session, user: other.user }, { code }, elsewhere),
    ).toMatchObject({ ok: true });
    expect((await lastMailTo(t.db.store, "devices@example.com"))?.subject).toContain("New sign-in to your account");
    expect((await signIns())[0]!.risk).toEqual({ decision: "step_up", reasons: ["new_device_and_network"] });
  });
});
