// Each database call costs about half a millisecond of the server's one thread (see README,
// "Performance"), so the hot paths are held to a budget of calls: a change that adds one has to
// update the number here on purpose. Counts, not timings: the result is the same on any machine.
import { beforeEach, describe, expect, it } from "vitest";
import { META } from "../../tests/support/test-db";
import { PASSWORD, expectOk, testScenario } from "../../tests/scenario";
import { validateSession } from "../sessions/validate-session";
import { signInWithPassword } from "./sign-in-with-password";

let calls: string[] = [];
const t = testScenario({ onQuery: (model, operation) => void calls.push(`${model ?? "$"}.${operation}`) });
beforeEach(async () => {
  await t.user("ada@example.com");
  calls = [];
});

async function counted<T>(work: () => Promise<T>): Promise<{ result: T; calls: string[] }> {
  const before = calls.length;
  const result = await work();
  return { result, calls: calls.slice(before) };
}

describe("database calls on the hot paths", () => {
  // One more than before the device-cookie lockout exemption: the throttle first looks up whether
  // the browser is a known device of the address (its own failure budget), for every address alike.
  it("a returning customer's password sign-in on a known device makes 17 calls; the first one ever makes 19", async () => {
    const first = await counted(() =>
      signInWithPassword(t.deps, t.acme, { email: "ada@example.com", password: PASSWORD }, META),
    );
    expect(first.result.ok).toBe(true);
    // Nothing is known yet: both counts run to tell a first sign-in from a new device.
    expect(first.calls.filter((c) => c.endsWith(".count") && /KnownDevice|KnownNetwork/.test(c))).toHaveLength(2);
    expect(first.calls, first.calls.join(", ")).toHaveLength(19);

    const again = await counted(() =>
      signInWithPassword(t.deps, t.acme, { email: "ada@example.com", password: PASSWORD }, META),
    );
    expect(again.result.ok).toBe(true);
    expect(
      again.calls.some((c) => /KnownDevice\.count|KnownNetwork\.count/.test(c)),
      again.calls.join(", "),
    ).toBe(false);
    // A clean account's lock state is not rewritten.
    expect(again.calls).not.toContain("User.updateMany");
    expect(again.calls, again.calls.join(", ")).toHaveLength(17);
  });

  it("a failed sign-in is still recorded and the next success clears the failures", async () => {
    const failed = await signInWithPassword(
      t.deps,
      t.acme,
      { email: "ada@example.com", password: "not the password" },
      META,
    );
    expect(failed).toMatchObject({ ok: false, code: "INVALID_CREDENTIALS" });
    expect((await t.db.store.users.findByEmail(t.acme.id, "ada@example.com"))?.failedLoginCount).toBe(1);
    const ok = await counted(() =>
      signInWithPassword(t.deps, t.acme, { email: "ada@example.com", password: PASSWORD }, META),
    );
    expect(ok.result.ok).toBe(true);
    expect(ok.calls).toContain("User.updateMany");
    expect((await t.db.store.users.findByEmail(t.acme.id, "ada@example.com"))?.failedLoginCount).toBe(0);
  });

  it("the session check of a signed-in request makes 2 calls (session, user)", async () => {
    const signedIn = await signInWithPassword(t.deps, t.acme, { email: "ada@example.com", password: PASSWORD }, META);
    expectOk(signedIn);
    const check = await counted(() => validateSession(t.deps, t.acme, signedIn.token, { meta: META }));
    expect(check.result?.session.id).toBe(signedIn.session.id);
    expect(check.calls).toEqual(["Session.findFirst", "User.findFirst"]);
  });
});
