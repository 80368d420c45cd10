// NIST SP 800-63B-4 §3.2.2 / ASVS V6.3.1: failed attempts are counted per account, delays grow,
// at most 100 consecutive failures are allowed before the authenticator is disabled, a success
// resets the count, and parallel attempts cannot exceed the limit.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { lastMailTo, linkToken, META } from "../../tests/support/test-db";
import { PASSWORD, Scenario } from "../../tests/scenario";
import type { TTenant } from "../tenancy/types";
import type * as THasher from "../identity/password-hasher";
import { verifyPassword } from "../identity/password-hasher";
import { messageFor } from "../copy";
import { signInWithPassword, type TSignInResult } from "../identity/sign-in-with-password";
import { requestPasswordReset } from "../recovery/request-password-reset";
import { resetPassword } from "../recovery/reset-password";
import { DEMO_TENANTS } from "../tenancy/demo-tenants";
import { delayAfter, failureKey, lockAfterFailure } from "./login-throttle";
import { RATE_LIMITS } from "./rate-limit";

// Pass-through spy: counts how many guesses actually reached argon2id verification.
vi.mock("../identity/password-hasher", async (importOriginal) => {
  const actual = await importOriginal<typeof THasher>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});

const WRONG = "incorrect horse battery staple";
const EMAIL = "ada@example.com";
const MINUTE = 60_000;

const t = new Scenario();
/** A fresh database for each test of the calling describe block (pure tests go without). */
function useTestContext() {
  t.hooks();
  beforeEach(() => {
    vi.clearAllMocks();
  });
}

const attempt = (password: string, email = EMAIL, tenant: TTenant = t.acme, meta = META) =>
  signInWithPassword(t.deps, tenant, { email, password }, meta);

/** A tenant with low thresholds, so walking up to a permanent lock stays fast. */
function fastLockTenant(lockoutThreshold = 5, permanentLockoutThreshold = 12) {
  return t.db.store.tenants.ensure({
    ...DEMO_TENANTS[0]!,
    slug: "fastlock",
    name: "Fastlock",
    lockoutThreshold,
    lockoutMinutes: 15,
    permanentLockoutThreshold,
  });
}

/** Advances past whatever the last failure imposed (growing delay below the lockout, lockout period above it). */
function waitOut(tenant: TTenant, failures: number) {
  t.clock.advance(failures >= tenant.lockoutThreshold ? tenant.lockoutMinutes * MINUTE + 1000 : 61_000);
}

async function auditOf(tenant: TTenant, type: string) {
  return t.db.store.audit.list(tenant.id, { type, limit: 1000 });
}

describe("throttle arithmetic", () => {
  it("delays grow exponentially from the third failure and are capped at 60 s", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map(delayAfter)).toEqual([0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60]);
  });

  it("lockAfterFailure: temporary from the lockout threshold, permanent from the permanent threshold", () => {
    const now = new Date("2026-11-27T12:00:00Z");
    const policy = { lockoutThreshold: 10, lockoutMinutes: 15, permanentLockoutThreshold: 100 };
    expect(lockAfterFailure(policy, 9, now)).toEqual({ locked: false });
    expect(lockAfterFailure(policy, 10, now)).toEqual({
      locked: true,
      permanent: false,
      until: new Date(now.getTime() + 15 * MINUTE),
    });
    expect(lockAfterFailure(policy, 99, now)).toMatchObject({ permanent: false });
    expect(lockAfterFailure(policy, 100, now)).toEqual({ locked: true, permanent: true, until: null });
  });
});

describe("growing delays", () => {
  useTestContext();

  it("after 3 failures a wait is enforced, even for the right password; advancing the clock lifts it", async () => {
    await t.user(EMAIL);
    for (let i = 0; i < 3; i++) expect(await attempt(WRONG)).toMatchObject({ code: "INVALID_CREDENTIALS" });
    const calls = vi.mocked(verifyPassword).mock.calls.length;
    const waiting = await attempt(PASSWORD);
    expect(waiting).toMatchObject({ ok: false, code: "RATE_LIMITED", params: { scope: "failed_attempts" } });
    expect(!waiting.ok && messageFor(waiting)).toMatch(/Wait 1 second/);
    // The refused attempt never reached the password check.
    expect(vi.mocked(verifyPassword).mock.calls.length).toBe(calls);
    t.clock.advance(999);
    expect(await attempt(PASSWORD)).toMatchObject({ code: "RATE_LIMITED", params: { scope: "failed_attempts" } });
    t.clock.advance(1);
    expect((await attempt(PASSWORD)).ok).toBe(true);
  });

  it("the fourth failure makes the next attempt wait 2 seconds", async () => {
    await t.user(EMAIL);
    for (let i = 0; i < 3; i++) await attempt(WRONG);
    t.clock.advance(1000);
    expect(await attempt(WRONG)).toMatchObject({ code: "INVALID_CREDENTIALS" });
    t.clock.advance(1999);
    expect(await attempt(PASSWORD)).toMatchObject({ code: "RATE_LIMITED", params: { scope: "failed_attempts" } });
    t.clock.advance(1);
    expect((await attempt(PASSWORD)).ok).toBe(true);
  });
});

describe("temporary lockout (acme defaults: 10 failures, 15 minutes)", () => {
  useTestContext();

  it("10 consecutive failures lock the account, refuse even the right password, and lift after 15 minutes", async () => {
    expect(t.acme).toMatchObject({ lockoutThreshold: 10, lockoutMinutes: 15, permanentLockoutThreshold: 100 });
    const user = await t.user(EMAIL);
    let last: TSignInResult | null = null;
    for (let i = 1; i <= 10; i++) {
      last = await attempt(WRONG);
      if (i < 10) expect(last, `failure ${i}`).toMatchObject({ code: "INVALID_CREDENTIALS" });
      if (i < 10) waitOut(t.acme, i);
    }
    expect(last).toMatchObject({ ok: false, code: "LOCKED" });
    expect(!last!.ok && messageFor(last!)).toMatch(/try again in 15 minutes/);
    const lockedAt = t.clock.now();
    const locked = await t.db.store.users.findById(t.acme.id, user.id);
    expect(locked).toMatchObject({ status: "locked", lockReason: "failed_attempts", failedLoginCount: 10 });
    expect(locked?.lockedUntil?.getTime()).toBe(lockedAt.getTime() + 15 * MINUTE);
    const [lockEvent] = await auditOf(t.acme, "user.locked");
    expect(lockEvent?.userId).toBe(user.id);
    expect(lockEvent!.data).toMatchObject({ permanent: false, consecutiveFailures: 10 });

    // The right password is refused while locked, without a password check.
    const calls = vi.mocked(verifyPassword).mock.calls.length;
    t.clock.advance(15 * MINUTE - 1000);
    expect(await attempt(PASSWORD)).toMatchObject({ ok: false, code: "LOCKED" });
    expect(vi.mocked(verifyPassword).mock.calls.length).toBe(calls);

    t.clock.advance(1000);
    expect((await attempt(PASSWORD)).ok).toBe(true);
    expect(await t.db.store.users.findById(t.acme.id, user.id)).toMatchObject({
      status: "active",
      lockReason: null,
      lockedUntil: null,
      failedLoginCount: 0,
    });
    expect(await t.db.store.rateLimits.get(failureKey(t.acme.id, EMAIL), t.clock.now().getTime())).toBeNull();
    // The count starts again from zero: three more failures do not lock.
    for (let i = 0; i < 3; i++) expect(await attempt(WRONG)).toMatchObject({ code: "INVALID_CREDENTIALS" });
  });

  it("a success resets the count, so failures spread around successes never lock", async () => {
    await t.user(EMAIL);
    // 2 × 6 failures would reach the lockout threshold of 10 if the success in between did not reset the count.
    for (let round = 0; round < 2; round++) {
      for (let i = 1; i <= 6; i++) {
        expect(await attempt(WRONG)).toMatchObject({ code: "INVALID_CREDENTIALS" });
        waitOut(t.acme, i);
      }
      expect((await attempt(PASSWORD)).ok).toBe(true);
    }
    expect(await auditOf(t.acme, "user.locked")).toEqual([]);
  });
});

describe("permanent lockout", () => {
  useTestContext();

  it("with the acme default of 100: the 100th consecutive failure locks until recovery", async () => {
    const user = await t.user(EMAIL);
    // 99 earlier failures (10 of them through sign-in, the rest recorded straight on the counter).
    for (let i = 1; i <= 10; i++) {
      await attempt(WRONG);
      waitOut(t.acme, i);
    }
    for (let i = 11; i <= 99; i++)
      await t.db.store.rateLimits.hit(
        failureKey(t.acme.id, EMAIL),
        t.clock.now().getTime(),
        24 * 60 * MINUTE,
        "sliding",
      );
    t.clock.advance(15 * MINUTE + 1000);
    const hundredth = await attempt(WRONG);
    expect(hundredth).toMatchObject({ ok: false, code: "LOCKED" });
    expect(!hundredth.ok && messageFor(hundredth)).toMatch(/Reset your password/);
    expect(await t.db.store.users.findById(t.acme.id, user.id)).toMatchObject({
      status: "locked",
      lockReason: "failed_attempts_permanent",
      lockedUntil: null,
    });
    t.clock.advance(48 * 60 * MINUTE);
    expect(await attempt(PASSWORD)).toMatchObject({ ok: false, code: "LOCKED" });
  });

  it("walking the whole way (5 → temporary, 12 → permanent): time does not lift it, a password reset does", async () => {
    const tenant = await fastLockTenant();
    const user = await t.user(EMAIL, { tenant });
    for (let i = 1; i <= 12; i++) {
      const result = await attempt(WRONG, EMAIL, tenant);
      expect(result, `failure ${i}`).toMatchObject({ code: i >= 5 ? "LOCKED" : "INVALID_CREDENTIALS" });
      if (i < 12) waitOut(tenant, i);
    }
    expect(await t.db.store.users.findById(tenant.id, user.id)).toMatchObject({
      status: "locked",
      lockReason: "failed_attempts_permanent",
      lockedUntil: null,
    });
    const lockEvents = (await auditOf(tenant, "user.locked")).map((e) => e.data as { permanent: boolean });
    expect(lockEvents).toHaveLength(12 - 5 + 1);
    expect(lockEvents.filter((e) => e.permanent)).toHaveLength(1);

    // Days later (the failure counter itself is long forgotten), the right password is still refused.
    for (const days of [1, 2, 30]) {
      t.clock.advance(days * 24 * 60 * MINUTE);
      expect(await attempt(PASSWORD, EMAIL, tenant), `after ${days} more days`).toMatchObject({
        ok: false,
        code: "LOCKED",
      });
    }

    expect(await requestPasswordReset(t.deps, tenant, { email: EMAIL }, META)).toMatchObject({ ok: true });
    const token = linkToken((await lastMailTo(t.db.store, EMAIL))?.text, "/fastlock/reset-password");
    const fresh = "a brand new staple for horses";
    expect(await resetPassword(t.deps, tenant, { token, password: fresh, confirmPassword: fresh }, META)).toMatchObject(
      { ok: true },
    );
    expect((await attempt(fresh, EMAIL, tenant)).ok).toBe(true);
  });
});

describe("throttling does not reveal which addresses have accounts", () => {
  useTestContext();

  it("an unknown address gets the same answers (delays, locks, messages) as a known one, step by step", async () => {
    const tenant = await fastLockTenant(4, 7);
    await t.user(EMAIL, { tenant });
    const ghost = "ghost@example.com";
    const sameAnswer = async (label: string) => {
      const known = await attempt(WRONG, EMAIL, tenant);
      const unknown = await attempt(WRONG, ghost, tenant);
      expect(unknown, label).toStrictEqual(known);
      return known;
    };
    const seen = new Set<string>();
    for (let i = 1; i <= tenant.permanentLockoutThreshold; i++) {
      const answer = await sameAnswer(`failure ${i}`);
      seen.add(answer.ok ? "ok" : answer.code);
      if (i >= 3) {
        const immediate = await sameAnswer(`immediate retry after failure ${i}`);
        expect(immediate.ok).toBe(false);
        if (!immediate.ok) seen.add(immediate.code);
      }
      if (i < tenant.permanentLockoutThreshold) waitOut(tenant, i);
    }
    expect(seen).toEqual(new Set(["INVALID_CREDENTIALS", "RATE_LIMITED", "LOCKED"]));
    // After the permanent lock, both stay locked with the same message.
    t.clock.advance(30 * 24 * 60 * MINUTE);
    const known = await attempt(WRONG, EMAIL, tenant);
    const unknown = await attempt(WRONG, ghost, tenant);
    expect(unknown).toStrictEqual(known);
  });

  it("an unknown address is locked after as many failures as a known one", async () => {
    const answers: string[] = [];
    for (let i = 1; i <= 10; i++) {
      const result = await attempt(WRONG, "nobody@example.com");
      answers.push(result.ok ? "ok" : result.code);
      waitOut(t.acme, i);
    }
    expect(answers).toEqual([...Array(9).fill("INVALID_CREDENTIALS"), "LOCKED"]);
  });
});

describe("parallel guesses cannot exceed the limit", () => {
  useTestContext();

  it("30 concurrent wrong passwords on a fresh account: at most 10 reach password verification", async () => {
    const user = await t.user(EMAIL);
    vi.clearAllMocks();
    const results = await Promise.all(Array.from({ length: 30 }, () => attempt(WRONG)));
    const verifications = vi.mocked(verifyPassword).mock.calls.length;
    const failures = await auditOf(t.acme, "user.sign_in_failed");
    expect(verifications).toBeGreaterThanOrEqual(1);
    expect(verifications).toBeLessThanOrEqual(t.acme.lockoutThreshold);
    expect(failures.length).toBe(verifications);
    expect(results.every((r) => !r.ok && ["INVALID_CREDENTIALS", "RATE_LIMITED", "LOCKED"].includes(r.code))).toBe(
      true,
    );
    expect(results.filter((r) => !r.ok && r.code === "INVALID_CREDENTIALS").length).toBeLessThanOrEqual(
      t.acme.lockoutThreshold - 1,
    );
    // Whatever the interleaving, the right password is not accepted straight after the burst.
    expect((await attempt(PASSWORD)).ok).toBe(false);
    expect((await t.db.store.users.findById(t.acme.id, user.id))?.failedLoginCount).toBeLessThanOrEqual(
      t.acme.lockoutThreshold,
    );
  });

  it("when a lockout ends, a burst of 20 parallel guesses gets exactly one guess", async () => {
    await t.user(EMAIL);
    for (let i = 1; i <= 10; i++) {
      await attempt(WRONG);
      waitOut(t.acme, i);
    }
    vi.clearAllMocks();
    const results = await Promise.all(Array.from({ length: 20 }, () => attempt(WRONG)));
    expect(vi.mocked(verifyPassword).mock.calls.length).toBeLessThanOrEqual(1);
    expect(results.every((r) => !r.ok && r.code === "LOCKED")).toBe(true);
  });
});

describe("per-IP rate limit", () => {
  useTestContext();

  it("the 101st sign-in attempt from one IP within 15 minutes is refused with RATE_LIMITED", async () => {
    expect(RATE_LIMITS.signInPerIp).toEqual({ limit: 100, windowSeconds: 15 * 60 });
    await t.user(EMAIL);
    const ip = { ...META, ip: "192.0.2.66" };
    // 100 attempts: three real failures, then 97 refused by the per-account delay (cheap, but each counts for the IP).
    const codes: string[] = [];
    for (let i = 0; i < 100; i++) {
      const result = await attempt(WRONG, "victim@example.com", t.acme, ip);
      codes.push(
        result.ok ? "ok" : result.code === "RATE_LIMITED" ? `${result.code}:${result.params.scope}` : result.code,
      );
    }
    expect(codes).not.toContain("RATE_LIMITED:network");
    const limited = await attempt(PASSWORD, EMAIL, t.acme, ip);
    expect(limited).toMatchObject({ ok: false, code: "RATE_LIMITED", params: { scope: "network" } });
    expect(!limited.ok && messageFor(limited)).toMatch(/Try again in 15 minutes/);
    // Another network is unaffected, and the limit lifts when the window ends.
    expect((await attempt(PASSWORD, EMAIL, t.acme, { ...META, ip: "192.0.2.67" })).ok).toBe(true);
    t.clock.advance(15 * MINUTE);
    expect((await attempt(PASSWORD, EMAIL, t.acme, ip)).ok).toBe(true);
  });
});
