// Issue 12, point 8: second-factor guessing is bounded per pending sign-in and per account, ends in
// a lock that recovery or support lifts (like a permanent password lock), and never shuts out the
// owner: the right code is not refused by a timed throttle, and a known device keeps its own budget.
import { beforeEach, describe, expect, it } from "vitest";
import { actingStaff, createActiveStaff } from "../../tests/support/staff";
import { META } from "../../tests/support/test-db";
import { PASSWORD, testScenario } from "../../tests/scenario";
import type { TUser } from "./types";
import type { TRequestMeta } from "../kernel/deps";
import { LOCK_REASONS, SECOND_FACTOR_LIMITS } from "../risk/lockout";
import { unlockAccount } from "../workforce/account-actions";
import { supportQueue } from "../workforce/support-queue";
import { signInWithPassword } from "./sign-in-with-password";
import { TOTP_PERIOD_SECONDS, totpCodeAt } from "./totp";
import { verifySecondFactor } from "./verify-second-factor";

const WRONG_CODE = "000000";
let user: TUser;
let secret: string;

/** Whoever has the password, from a new address and a fresh device cookie each time. */
const attacker = (i: number): TRequestMeta => ({
  ip: `198.51.100.${(i % 250) + 1}`,
  userAgent: META.userAgent,
  deviceHash: `${i}`.padStart(64, "b"),
});

const t = testScenario();
beforeEach(async () => {
  user = await t.user("ada@example.com");
  ({ secret } = await t.seedSecondFactor(user));
});

const pending = (meta: TRequestMeta) => t.pendingSignIn(user.email, { meta });

/** The current app code (each 30-second step is usable once, so the clock moves on first). */
function currentCode() {
  t.clock.advance(TOTP_PERIOD_SECONDS * 1000);
  return totpCodeAt(secret, t.clock.now());
}

/** The owner signs in fully once from their browser (META), which makes it a known device. */
async function ownerSignsIn() {
  const result = await verifySecondFactor(t.deps, t.acme, await pending(META), { code: currentCode() }, META);
  expect(result.ok).toBe(true);
  return result;
}

/** `n` wrong codes, a full pending sign-in (from a new device) at a time; the answers in order. */
async function guessCodes(n: number, meta: (i: number) => TRequestMeta = attacker) {
  const answers: string[] = [];
  for (let signIn = 0; answers.length < n; signIn++) {
    const auth = await pending(meta(signIn));
    for (let i = 0; i < SECOND_FACTOR_LIMITS.perSignIn && answers.length < n; i++) {
      const result = await verifySecondFactor(t.deps, t.acme, auth, { code: WRONG_CODE }, meta(signIn));
      answers.push(result.ok ? "ok" : result.code);
      if (!result.ok && result.code === "LOCKED") return answers;
    }
  }
  return answers;
}

const fresh = async () => (await t.db.store.users.findById(t.acme.id, user.id))!;

describe("per pending sign-in", () => {
  it("second-factor failures end the pending sign-in after 5; the right code then needs the password again", async () => {
    const auth = await pending(attacker(1));
    const answers = [];
    for (let i = 0; i < SECOND_FACTOR_LIMITS.perSignIn; i++)
      answers.push(
        (await verifySecondFactor(t.deps, t.acme, auth, { code: WRONG_CODE }, attacker(1))) as { code?: string },
      );
    expect(answers.map((a) => a.code)).toEqual([
      "WRONG_CODE",
      "WRONG_CODE",
      "WRONG_CODE",
      "WRONG_CODE",
      "RATE_LIMITED",
    ]);
    expect((await t.db.store.sessions.findById(t.acme.id, auth.session.id))?.revokedReason).toBe(
      "second_factor_attempts",
    );
    expect(await verifySecondFactor(t.deps, t.acme, auth, { code: currentCode() }, attacker(1))).toMatchObject({
      ok: false,
      code: "SIGN_IN_ENDED",
    });
    expect(
      (await verifySecondFactor(t.deps, t.acme, await pending(attacker(1)), { code: currentCode() }, attacker(1))).ok,
    ).toBe(true);
  });

  it("100 concurrent wrong codes for one pending sign-in: 5 are checked, the rest find it ended", async () => {
    const auth = await pending(attacker(1));
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        verifySecondFactor(t.deps, t.acme, auth, { code: String(100000 + i) }, attacker(1)),
      ),
    );
    const codesOf = results.map((r) => (r.ok ? "ok" : r.code));
    expect(codesOf.filter((c) => c === "WRONG_CODE")).toHaveLength(SECOND_FACTOR_LIMITS.perSignIn - 1);
    expect(codesOf.filter((c) => c === "RATE_LIMITED")).toHaveLength(1);
    expect(codesOf.filter((c) => c === "SIGN_IN_ENDED")).toHaveLength(100 - SECOND_FACTOR_LIMITS.perSignIn);
    expect(
      await t.db.store.audit.list(t.acme.id, { userId: user.id, type: "second_factor.failed", limit: 1000 }),
    ).toHaveLength(SECOND_FACTOR_LIMITS.perSignIn);
  });

  it("wrong codes from someone else do not make the owner's right code wait (no timed throttle)", async () => {
    expect(await guessCodes(SECOND_FACTOR_LIMITS.perSignIn)).toContain("RATE_LIMITED");
    expect(
      (await verifySecondFactor(t.deps, t.acme, await pending(attacker(50)), { code: currentCode() }, attacker(50))).ok,
    ).toBe(true);
  });
});

describe("per account", () => {
  it("20 wrong codes across sign-ins from new devices lock the account until recovery or support, with a mail and an audit event", async () => {
    const answers = await guessCodes(SECOND_FACTOR_LIMITS.perAccount);
    expect(answers).toHaveLength(SECOND_FACTOR_LIMITS.perAccount);
    expect(answers.at(-1)).toBe("LOCKED");
    expect(await fresh()).toMatchObject({
      status: "locked",
      lockedUntil: null,
      lockReason: LOCK_REASONS.secondFactor,
      secondFactorFailures: SECOND_FACTOR_LIMITS.perAccount,
    });
    const [lock] = await t.db.store.audit.list(t.acme.id, { userId: user.id, type: "user.locked" });
    expect(lock!.data).toMatchObject({
      permanent: true,
      reason: LOCK_REASONS.secondFactor,
      context: "second_factor",
      consecutiveFailures: SECOND_FACTOR_LIMITS.perAccount,
    });
    const mail = (await t.db.store.mail.listOutbox(1000)).filter(
      (m) => m.to === user.email && m.subject.startsWith("Sign-in to your account is locked"),
    );
    expect(mail).toHaveLength(1);
    // The right password from a new device is refused now, also a month later.
    t.clock.advance(30 * 24 * 3_600_000);
    expect(
      await signInWithPassword(t.deps, t.acme, { email: user.email, password: PASSWORD }, attacker(200)),
    ).toMatchObject({ ok: false, code: "LOCKED" });
  });

  it("the owner's known device still gets in after second-factor guessing locked the account, and its budget was not touched", async () => {
    await ownerSignsIn();
    expect(await guessCodes(SECOND_FACTOR_LIMITS.perAccount)).toContain("LOCKED");
    expect((await t.db.store.knownDevices.find(t.acme.id, user.id, META.deviceHash))?.secondFactorFailures).toBe(0);
    const owner = await verifySecondFactor(t.deps, t.acme, await pending(META), { code: currentCode() }, META);
    expect(owner).toMatchObject({ ok: true });
  });

  it("a pending sign-in from a new device started before the lock cannot finish after it", async () => {
    const early = await pending(attacker(300));
    expect(await guessCodes(SECOND_FACTOR_LIMITS.perAccount)).toContain("LOCKED");
    expect(await verifySecondFactor(t.deps, t.acme, early, { code: currentCode() }, attacker(300))).toMatchObject({
      ok: false,
      code: "LOCKED",
    });
  });

  it("a known device's second-factor budget is its own: its 20 wrong codes lock the account for every device", async () => {
    await ownerSignsIn();
    const answers = await guessCodes(SECOND_FACTOR_LIMITS.perAccount, () => META);
    expect(answers.at(-1)).toBe("LOCKED");
    expect((await fresh()).secondFactorFailures).toBe(0);
    expect(await fresh()).toMatchObject({ status: "locked", lockReason: LOCK_REASONS.knownDevice });
    expect(await signInWithPassword(t.deps, t.acme, { email: user.email, password: PASSWORD }, META)).toMatchObject({
      ok: false,
      code: "LOCKED",
    });
  });

  it("a completed second factor resets the count, so wrong codes spread around successes never lock", async () => {
    await guessCodes(SECOND_FACTOR_LIMITS.perAccount - 1);
    expect((await fresh()).secondFactorFailures).toBe(SECOND_FACTOR_LIMITS.perAccount - 1);
    expect(
      (await verifySecondFactor(t.deps, t.acme, await pending(attacker(400)), { code: currentCode() }, attacker(400)))
        .ok,
    ).toBe(true);
    expect((await fresh()).secondFactorFailures).toBe(0);
    expect(await guessCodes(SECOND_FACTOR_LIMITS.perAccount - 1)).not.toContain("LOCKED");
  });

  it("a second-factor lock shows in the support queue with its reason, and a support unlock lifts it and its counts", async () => {
    await ownerSignsIn();
    await guessCodes(SECOND_FACTOR_LIMITS.perAccount);
    const entry = (await supportQueue(t.deps, t.acme)).find((e) => e.user.id === user.id);
    expect(entry).toMatchObject({ kind: "locked", until: null });
    expect(entry?.reason).toMatch(/wrong second-factor codes/);
    expect(entry?.signals).toContain(`${SECOND_FACTOR_LIMITS.perAccount} consecutive wrong second-factor codes`);

    const actor = await actingStaff(
      t,
      await createActiveStaff(t, { email: "sam@acme.example", role: "support" }),
      "acme",
      "support",
    );
    expect(
      await unlockAccount(t.deps, actor, {
        userId: user.id,
        reason: "Customer called, identity checked against the order history.",
      }),
    ).toMatchObject({ ok: true });
    expect(await fresh()).toMatchObject({ status: "active", lockReason: null, secondFactorFailures: 0 });
    expect((await supportQueue(t.deps, t.acme)).some((e) => e.user.id === user.id)).toBe(false);
    expect(
      (await verifySecondFactor(t.deps, t.acme, await pending(attacker(500)), { code: currentCode() }, attacker(500)))
        .ok,
    ).toBe(true);
  });
});
