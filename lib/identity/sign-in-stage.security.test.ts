// A pending sign-in completes once (issue 12, point 5): every stage transition is a compare-and-set
// that exactly one request wins; the losers start no session, audit no success, send no mail and
// use up no code. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL (the cluster suite
// repeats it with 100 requests over HTTP against two instances).
import { describe, expect, it } from "vitest";
import { META } from "../../tests/support/test-db";
import { expectOk, testScenario } from "../../tests/scenario";
import type { TTenant } from "../tenancy/types";
import { emailCodeProven, factorAddedTo, secondFactorProven, transition } from "../sessions/sign-in-stage";
import { validateSession } from "../sessions/validate-session";
import { generateToken } from "../security/tokens";
import { finishPasskeySignIn, startPasskeySignIn } from "./passkey-sign-in";
import { totpCodeAt } from "./totp";
import { verifySecondFactor } from "./verify-second-factor";
import type { TUser } from "./types";

const t = testScenario();

/** A confirmed authenticator app and ten recovery codes, set up through the repositories. */
const addSecondFactor = (tenant: TTenant, user: TUser) => t.seedSecondFactor(user, tenant);

const pendingSignIn = (email: string) => t.pendingSignIn(email);

async function count(user: TUser, type: string) {
  return (await t.db.store.audit.list(t.acme.id, { userId: user.id, type, limit: 1000 })).length;
}

describe("a pending sign-in completes exactly once", () => {
  it("concurrent submissions of every recovery code and the current app code for one pending sign-in start one session and use up one code", async () => {
    const user = await t.user("ada@example.com");
    const { secret, codes } = await addSecondFactor(t.acme, user);
    const pending = await pendingSignIn(user.email);
    const mailBefore = (await t.db.store.mail.listOutbox(1000)).length;
    // Each of the ten distinct valid recovery codes and the current TOTP code, twice over.
    const submitted = [...codes, totpCodeAt(secret, t.clock.now())].flatMap((code) => [code, code]);

    const results = await Promise.all(
      submitted.map((code) => verifySecondFactor(t.deps, t.acme, pending, { code }, META)),
    );

    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.code)).toEqual(
      Array(submitted.length - 1).fill("SIGN_IN_ENDED"),
    );
    expect(await t.db.store.sessions.listActive(t.acme.id, user.id, t.clock.now())).toHaveLength(1);
    expect(await count(user, "second_factor.succeeded")).toBe(1);
    expect(await count(user, "user.signed_in")).toBe(1);
    expect(await count(user, "second_factor.failed")).toBe(0);
    // Losing the transition gives the code back: only the winner's code is spent.
    const remaining = await t.db.store.recoveryCodes.countRemaining(t.acme.id, user.id);
    expect(remaining).toBe(winners[0]!.ok && winners[0]!.method === "recovery_code" ? codes.length - 1 : codes.length);
    // No mail for the losers (a sign-in from a known device sends none for the winner either).
    expect((await t.db.store.mail.listOutbox(1000)).length).toBe(mailBefore);
  });

  it("a passkey and a code racing to complete one pending sign-in start one session", async () => {
    const auth = await t.withPasskey("grace@example.com", {
      authenticator: t.authenticator({ userVerification: true, backupEligible: true }),
    });
    const key = auth.authenticator;
    const { codes } = await addSecondFactor(t.acme, auth.user);
    t.clock.advance(60_000);
    const pending = await pendingSignIn(auth.user.email);
    const binding = generateToken();
    const options = await startPasskeySignIn(t.deps, t.acme, binding);
    expectOk(options);
    const assertion = key.authenticate(options.options);

    const [byPasskey, byCode] = await Promise.all([
      finishPasskeySignIn(t.deps, t.acme, assertion, binding, META, pending),
      verifySecondFactor(t.deps, t.acme, pending, { code: codes[0]! }, META),
    ]);

    expect([byPasskey.ok, byCode.ok].filter(Boolean)).toHaveLength(1);
    if (!byPasskey.ok) expect(byPasskey.code).toBe("SIGN_IN_ENDED");
    if (!byCode.ok) expect(byCode.code).toBe("SIGN_IN_ENDED");
    // The pending session was the one signed in with the password a moment before; it is ended now.
    const active = await t.db.store.sessions.listActive(t.acme.id, auth.user.id, t.clock.now());
    expect(active.filter((s) => s.id !== auth.session.id)).toHaveLength(1);
  });

  it("endStage: of concurrent stage changes of one pending sign-in exactly one changes it", async () => {
    const user = await t.user("alan@example.com");
    await addSecondFactor(t.acme, user);
    const pending = await pendingSignIn(user.email);
    const won = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.db.store.transaction((tx) =>
          tx.sessions.endStage(
            t.acme.id,
            user.id,
            pending.session.id,
            "second_factor",
            "second_factor_completed",
            t.clock.now(),
          ),
        ),
      ),
    );
    expect(won.filter(Boolean)).toHaveLength(1);
    // A transition from a stage the session is not in changes nothing.
    const other = await pendingSignIn(user.email);
    expect(
      await t.db.store.sessions.endStage(t.acme.id, user.id, other.session.id, "enrol_factor", "x", t.clock.now()),
    ).toBe(false);
  });

  it("a lost transition is a typed outcome: of concurrent completions one wins and every other one is told it lost", async () => {
    const user = await t.user("edsger@example.com");
    await addSecondFactor(t.acme, user);
    const pending = await pendingSignIn(user.email);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.db.store.transaction((tx) => secondFactorProven(tx, pending.session, t.clock.now())),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok)).toEqual(Array(9).fill({ ok: false, code: "LOST" }));
    // Asked again later, the transition is still lost: the pending sign-in has ended.
    expect(await secondFactorProven(t.db.store, pending.session, t.clock.now())).toEqual({ ok: false, code: "LOST" });
  });

  it("an illegal transition is refused and leaves the pending sign-in as it was", async () => {
    const user = await t.user("barbara@example.com");
    await addSecondFactor(t.acme, user);
    const pending = await pendingSignIn(user.email);
    // An emailed code cannot complete a sign-in that waits for the second factor…
    expect(await emailCodeProven(t.db.store, pending.session, "complete", t.clock.now())).toMatchObject({
      ok: false,
      code: "ILLEGAL_TRANSITION",
      stage: "second_factor",
    });
    // …nor can enrolling a factor, nor may a transition lead where it does not go.
    expect(await factorAddedTo(t.db.store, pending.session, t.clock.now())).toMatchObject({
      ok: false,
      code: "ILLEGAL_TRANSITION",
    });
    const wrongTarget = "enrol_factor" as unknown as "complete";
    expect(
      await transition(t.db.store, "second_factor_proven", pending.session, wrongTarget, t.clock.now()),
    ).toMatchObject({ ok: false, code: "ILLEGAL_TRANSITION" });
    // A session that only claims a stage it is not in is refused by the database.
    expect(
      await secondFactorProven(
        t.db.store,
        { ...pending.session, stage: "second_factor", id: "not-this-one" },
        t.clock.now(),
      ),
    ).toEqual({ ok: false, code: "LOST" });
    expect(await validateSession(t.deps, t.acme, pending.token, { stages: ["second_factor"] })).not.toBeNull();
    // The legal transition still works.
    expect(await secondFactorProven(t.db.store, pending.session, t.clock.now())).toEqual({ ok: true });
    expect(await validateSession(t.deps, t.acme, pending.token, { stages: ["second_factor"] })).toBeNull();
  });
});
