import { describe, expect, it } from "vitest";
import { messageFor } from "../copy";
import type { TSoftAuthenticator } from "../../tests/support/soft-authenticator";
import { consoleAuthority, STAFF_PASSWORD } from "../../tests/support/staff";
import { META } from "../../tests/support/test-db";
import { expectOk, testScenario } from "../../tests/scenario";
import { addStaffMember, completeStaffSetup } from "./provision";
import { STAFF_POLICY } from "./policy";
import {
  finishStaffPasskeyAssertion,
  finishStaffPasskeyRegistration,
  removeStaffPasskey,
  startStaffPasskeyAssertion,
  startStaffPasskeyRegistration,
  type TStaffAssertionPurpose,
} from "./staff-passkeys";
import { validateStaffSession, type TStaffAuth } from "./staff-sessions";
import { signInStaff } from "./staff-sign-in";
import { resetTeamMember } from "./team";

const t = testScenario();

async function authOf(
  token: string,
  stages: Parameters<typeof validateStaffSession>[2] = ["complete"],
): Promise<TStaffAuth> {
  const auth = await validateStaffSession(t.deps, token, stages);
  if (!auth) throw new Error("no session");
  return auth;
}

/** A new member at acme who uses the set-up link and enrols a passkey (no authenticator app). */
async function passkeyStaff(email = "pat@acme.example", role: "owner" | "admin" | "support" = "admin") {
  const added = await addStaffMember(
    t.deps,
    { tenantSlug: "acme", email, name: "Pat", role, actorStaffId: null },
    META,
  );
  if (!added.ok || !added.value.setupUrl) throw new Error("no set-up link");
  const setup = await completeStaffSetup(
    t.deps,
    {
      token: new URL(added.value.setupUrl).searchParams.get("token")!,
      password: STAFF_PASSWORD,
      confirm: STAFF_PASSWORD,
    },
    META,
  );
  expectOk(setup);
  const key = t.authenticator();
  const enrolling = await authOf(setup.token, ["enrol"]);
  const options = await startStaffPasskeyRegistration(t.deps, enrolling);
  expectOk(options);
  const done = await finishStaffPasskeyRegistration(
    t.deps,
    enrolling,
    { response: key.register(options.options), name: "Laptop" },
    META,
  );
  expectOk(done);
  return { staff: added.value.staff, key, token: done.token };
}

async function prove(auth: TStaffAuth, key: TSoftAuthenticator, purpose: TStaffAssertionPurpose) {
  const options = await startStaffPasskeyAssertion(t.deps, auth, purpose);
  expectOk(options);
  return finishStaffPasskeyAssertion(t.deps, auth, key.authenticate(options.options), purpose, META);
}

async function passwordStep(email: string) {
  const signedIn = await signInStaff(t.deps, { email, password: STAFF_PASSWORD }, META);
  expectOk(signedIn);
  return signedIn;
}

describe("staff passkeys", () => {
  it("a passkey enrolled at first sign-in completes it; the next sign-in asks for the password and then the passkey", async () => {
    const { staff, key, token } = await passkeyStaff();
    const first = await authOf(token);
    expect(first.session.stage).toBe("complete");
    const signedIn = await passwordStep(staff.email);
    expect(signedIn.stage).toBe("factor");
    const pending = await authOf(signedIn.token, ["factor"]);
    // The password alone opens nothing.
    expect(await validateStaffSession(t.deps, signedIn.token)).toBeNull();
    const done = await prove(pending, key, "sign-in");
    expectOk(done);
    expect((await authOf(done.token)).session.stage).toBe("complete");
    // The pending token was retired for a new one.
    expect(await validateStaffSession(t.deps, signedIn.token, ["factor", "complete"])).toBeNull();
  });

  it("a passkey step-up refreshes the 5-minute window and keeps the session's 8-hour limit", async () => {
    const { key, token } = await passkeyStaff();
    t.clock.advance((STAFF_POLICY.stepUpMinutes + 1) * 60_000);
    const before = await authOf(token);
    const stepped = await prove(before, key, "step-up");
    expectOk(stepped);
    const after = await authOf(stepped.token);
    expect(after.session.steppedUpAt?.getTime()).toBe(t.clock.now().getTime());
    expect(after.session.absoluteExpiresAt.getTime()).toBe(before.session.absoluteExpiresAt.getTime());
  });

  it("another member's passkey, a replayed assertion and a challenge from another session are all refused", async () => {
    const pat = await passkeyStaff("pat@acme.example");
    const lee = await passkeyStaff("lee@acme.example");
    const patPending = await authOf((await passwordStep(pat.staff.email)).token, ["factor"]);
    // Lee's key answering Pat's challenge: the credential is not Pat's.
    const options = await startStaffPasskeyAssertion(t.deps, patPending, "sign-in");
    expectOk(options);
    const leeResponse = lee.key.authenticate({ ...options.options, allowCredentials: [] });
    expect(await finishStaffPasskeyAssertion(t.deps, patPending, leeResponse, "sign-in", META)).toMatchObject({
      ok: false,
      code: "CEREMONY_FAILED",
    });
    // A challenge issued to one session is not good in another, even for the right member and key.
    const otherPending = await authOf((await passwordStep(pat.staff.email)).token, ["factor"]);
    const fresh = await startStaffPasskeyAssertion(t.deps, patPending, "sign-in");
    expectOk(fresh);
    const response = pat.key.authenticate(fresh.options);
    expect(await finishStaffPasskeyAssertion(t.deps, otherPending, response, "sign-in", META)).toMatchObject({
      ok: false,
      code: "CEREMONY_FAILED",
    });
    // Replaying a response that already worked once fails: the challenge is used up.
    const good = await startStaffPasskeyAssertion(t.deps, otherPending, "sign-in");
    expectOk(good);
    const goodResponse = pat.key.authenticate(good.options);
    expect((await finishStaffPasskeyAssertion(t.deps, otherPending, goodResponse, "sign-in", META)).ok).toBe(true);
    const third = await authOf((await passwordStep(pat.staff.email)).token, ["factor"]);
    expect(await finishStaffPasskeyAssertion(t.deps, third, goodResponse, "sign-in", META)).toMatchObject({
      ok: false,
      code: "CEREMONY_FAILED",
    });
  });

  it("two concurrent assertions answering one challenge: exactly one opens a session", async () => {
    const { staff, key } = await passkeyStaff();
    const pending = await authOf((await passwordStep(staff.email)).token, ["factor"]);
    const options = await startStaffPasskeyAssertion(t.deps, pending, "sign-in");
    expectOk(options);
    const response = key.authenticate(options.options);
    const results = await Promise.all(
      [1, 2].map(() => finishStaffPasskeyAssertion(t.deps, pending, response, "sign-in", META)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("a cloned authenticator whose counter went back is refused", async () => {
    const { staff, key } = await passkeyStaff();
    const clone = key.clone();
    const first = await prove(await authOf((await passwordStep(staff.email)).token, ["factor"]), key, "sign-in");
    expect(first.ok).toBe(true);
    const second = await prove(await authOf((await passwordStep(staff.email)).token, ["factor"]), clone, "sign-in");
    expect(second).toMatchObject({ ok: false, code: "CEREMONY_FAILED" });
  });

  it("failed passkey attempts count with wrong codes: past the limit the pending sign-in ends", async () => {
    const { staff, key } = await passkeyStaff();
    const pendingToken = (await passwordStep(staff.email)).token;
    const pending = await authOf(pendingToken, ["factor"]);
    const forged = () => {
      // A response signed for another origin (a phishing page): the signature verifies, the origin does not.
      return startStaffPasskeyAssertion(t.deps, pending, "sign-in").then((o) => {
        expectOk(o);
        return key.authenticate(o.options, { origin: "https://portico-login.example.evil" });
      });
    };
    for (let i = 0; i < STAFF_POLICY.codeAttemptsPerSession; i++) {
      expect(await finishStaffPasskeyAssertion(t.deps, pending, await forged(), "sign-in", META)).toMatchObject({
        ok: false,
        code: "CEREMONY_FAILED",
      });
    }
    expect(await finishStaffPasskeyAssertion(t.deps, pending, await forged(), "sign-in", META)).toMatchObject({
      ok: false,
      module: "risk",
      code: "RATE_LIMITED",
      params: { scope: "staff_attempts", retryAfterSeconds: null },
    });
    expect(await validateStaffSession(t.deps, pendingToken, ["factor"])).toBeNull();
  });

  it("adding a passkey later needs a fresh step-up; the last second factor cannot be removed", async () => {
    const { token, key } = await passkeyStaff();
    let auth = await authOf(token);
    // Fresh from sign-in: a second passkey may be added.
    const second = t.authenticator();
    const options = await startStaffPasskeyRegistration(t.deps, auth);
    expectOk(options);
    const added = await finishStaffPasskeyRegistration(
      t.deps,
      auth,
      { response: second.register(options.options), name: "Security key" },
      META,
    );
    expectOk(added);
    auth = await authOf(added.token);
    // Adding proved nothing new: the step-up time is the sign-in's, not the registration's.
    t.clock.advance((STAFF_POLICY.stepUpMinutes + 1) * 60_000);
    auth = await authOf(added.token);
    expect(await startStaffPasskeyRegistration(t.deps, auth)).toMatchObject({
      ok: false,
      module: "step_up",
      code: "STAFF_REQUIRED",
      params: { purpose: "add_passkey" },
    });
    const [first, other] = await t.db.store.staffPasskeys.listForStaff(auth.staff.id);
    const stale = await removeStaffPasskey(t.deps, auth, first!.id, META);
    expect(stale).toMatchObject({
      ok: false,
      module: "step_up",
      code: "STAFF_REQUIRED",
      params: { purpose: "remove_passkey" },
    });
    if (stale.ok) throw new Error("removed without a fresh step-up");
    expect(messageFor(stale)).toBe(
      "Confirm it's you first: removing a passkey needs your second factor proven in the last 5 minutes.",
    );
    const stepped = await prove(auth, key, "step-up");
    expectOk(stepped);
    auth = await authOf(stepped.token);
    expect(await removeStaffPasskey(t.deps, auth, first!.id, META)).toEqual({ ok: true });
    const last = await removeStaffPasskey(t.deps, auth, other!.id, META);
    expect(last).toMatchObject({ ok: false, module: "staff", code: "LAST_FACTOR" });
    if (last.ok) throw new Error("removed the last second factor");
    expect(messageFor(last)).toBe(
      "That is your only second factor, so it cannot be removed. Add another passkey first.",
    );
    expect(await t.db.store.staffPasskeys.countForStaff(auth.staff.id)).toBe(1);
  });

  it("an owner's reset removes the member's passkeys and ends their sessions", async () => {
    const owner = await passkeyStaff("olive@acme.example", "owner");
    const member = await passkeyStaff("pat@acme.example", "support");
    const reset = await resetTeamMember(
      t.deps,
      { authority: await consoleAuthority(t, owner.token), meta: META },
      { staffId: member.staff.id, reason: "Lost laptop, confirmed by phone" },
    );
    expect(reset.ok).toBe(true);
    expect(await t.db.store.staffPasskeys.countForStaff(member.staff.id)).toBe(0);
    expect(await validateStaffSession(t.deps, member.token)).toBeNull();
    expect(await signInStaff(t.deps, { email: member.staff.email, password: STAFF_PASSWORD }, META)).toMatchObject({
      ok: false,
    });
  });
});
