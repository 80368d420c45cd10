// ASVS V6.3.8: sign-up, sign-in and recovery must not reveal whether an address has an account —
// not by the answer, and not by an early exit that makes the unknown-account path faster.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestContext, createUser, lastMailTo, META, type TTestContext } from "../../tests/support/test-db";
import { requestPasswordReset } from "../recovery/request-password-reset";
import type * as THasher from "./password-hasher";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./password-hasher";
import { INVALID_CREDENTIALS_MESSAGE, signInWithPassword } from "./sign-in-with-password";
import { signUp } from "./sign-up";

// Pass-through spies: argon2 still runs for real (the timing test needs it), but each call is counted.
vi.mock("./password-hasher", async (importOriginal) => {
  const actual = await importOriginal<typeof THasher>();
  return {
    ...actual,
    hashPassword: vi.fn(actual.hashPassword),
    verifyPassword: vi.fn(actual.verifyPassword),
    verifyAgainstDummy: vi.fn(actual.verifyAgainstDummy),
  };
});

const PASSWORD = "correct horse battery staple";
const WRONG = "incorrect horse battery staple";

let t: TTestContext;
/** A fresh database for each test of the calling describe block. */
function useTestContext() {
  beforeEach(async () => {
    t = await createTestContext();
    vi.clearAllMocks();
  });
  afterEach(async () => {
    await t.db.close();
  });
}

const argon2Verifications = () => vi.mocked(verifyPassword).mock.calls.length + vi.mocked(verifyAgainstDummy).mock.calls.length;

describe("sign-up does not reveal existing accounts", () => {
  useTestContext();

  it("answers an existing address exactly as a new one, and mails the owner instead", async () => {
    await createUser(t.db.store, t.acme, { email: "taken@example.com", password: PASSWORD });
    vi.clearAllMocks();
    const input = (email: string) => ({ email, password: "another long passphrase here", confirmPassword: "another long passphrase here" });
    const fresh = await signUp(t.deps, t.acme, input("new@example.com"), META);
    const existing = await signUp(t.deps, t.acme, input("taken@example.com"), META);
    expect(existing).toStrictEqual(fresh);
    expect(existing).toStrictEqual({ ok: true });
    // Both paths pay for one argon2id hash, so neither is faster.
    expect(vi.mocked(hashPassword)).toHaveBeenCalledTimes(2);

    const notice = await lastMailTo(t.db.store, "taken@example.com");
    expect(notice?.subject).toContain("Someone tried to sign up");
    expect(notice?.text).not.toMatch(/token=/);
    // The existing account is untouched: its password still works, and there is still one account.
    expect((await signInWithPassword(t.deps, t.acme, { email: "taken@example.com", password: PASSWORD }, META)).ok).toBe(true);
    const user = await t.db.store.users.findByEmail(t.acme.id, "taken@example.com");
    expect(await t.db.store.audit.list(t.acme.id, { userId: user!.id, type: "user.signup_repeated" })).toHaveLength(1);
  });

  it("treats a differently-cased or padded address as the existing one", async () => {
    await createUser(t.db.store, t.acme, { email: "taken@example.com", password: PASSWORD });
    const result = await signUp(t.deps, t.acme, { email: "  TAKEN@Example.com ", password: "another long passphrase here", confirmPassword: "another long passphrase here" }, META);
    expect(result).toStrictEqual({ ok: true });
    expect((await signInWithPassword(t.deps, t.acme, { email: "taken@example.com", password: PASSWORD }, META)).ok).toBe(true);
  });

  it("two concurrent sign-ups of one address both answer the same, and only one account exists", async () => {
    const input = { email: "race@example.com", password: PASSWORD, confirmPassword: PASSWORD };
    const results = await Promise.all([signUp(t.deps, t.acme, input, META), signUp(t.deps, t.acme, input, META)]);
    expect(results).toStrictEqual([{ ok: true }, { ok: true }]);
    const user = await t.db.store.users.findByEmail(t.acme.id, "race@example.com");
    expect(await t.db.store.audit.list(t.acme.id, { type: "user.signed_up" })).toHaveLength(1);
    expect(user).not.toBeNull();
  });
});

describe("sign-in does not reveal existing accounts", () => {
  useTestContext();

  it("gives the same code and message for an unknown address and a wrong password", async () => {
    await createUser(t.db.store, t.acme, { email: "known@example.com", password: PASSWORD });
    const unknown = await signInWithPassword(t.deps, t.acme, { email: "nobody@example.com", password: WRONG }, META);
    const wrong = await signInWithPassword(t.deps, t.acme, { email: "known@example.com", password: WRONG }, META);
    expect(unknown).toStrictEqual(wrong);
    expect(wrong).toStrictEqual({ ok: false, code: "INVALID_CREDENTIALS", message: INVALID_CREDENTIALS_MESSAGE });
  });

  it("gives the same answer for an account without a password and for a disabled account with a wrong password", async () => {
    await t.db.store.users.create({ tenantId: t.acme.id, email: "nopassword@example.com", displayName: null, at: t.clock.now() });
    const disabled = await createUser(t.db.store, t.acme, { email: "disabled@example.com", password: PASSWORD });
    await t.db.store.users.setLockState(t.acme.id, disabled.id, { status: "disabled", lockReason: "admin", lockedAt: null, lockedUntil: null, failedLoginCount: 0 });
    const expected = { ok: false, code: "INVALID_CREDENTIALS", message: INVALID_CREDENTIALS_MESSAGE };
    expect(await signInWithPassword(t.deps, t.acme, { email: "nopassword@example.com", password: WRONG }, META)).toStrictEqual(expected);
    expect(await signInWithPassword(t.deps, t.acme, { email: "disabled@example.com", password: WRONG }, META)).toStrictEqual(expected);
  });

  it("runs exactly one argon2id verification on every path (no early exit for unknown addresses)", async () => {
    await createUser(t.db.store, t.acme, { email: "known@example.com", password: PASSWORD });
    await t.db.store.users.create({ tenantId: t.acme.id, email: "nopassword@example.com", displayName: null, at: t.clock.now() });
    for (const email of ["known@example.com", "nobody@example.com", "nopassword@example.com"]) {
      const before = argon2Verifications();
      await signInWithPassword(t.deps, t.acme, { email, password: WRONG }, META);
      expect(argon2Verifications() - before, email).toBe(1);
    }
    expect(vi.mocked(verifyPassword)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(verifyAgainstDummy)).toHaveBeenCalledTimes(2);
  });
});

describe("timing equalisation of sign-in for unknown and known addresses", () => {
  const ROUNDS = 9;
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  // One measurement for the tests below (argon2id is the expensive part; no need to pay twice).
  let known = 0;
  let unknown = 0;
  let bare = 0;
  const answers: unknown[] = [];

  beforeAll(async () => {
    t = await createTestContext();
    for (let i = 0; i < ROUNDS; i++) await createUser(t.db.store, t.acme, { email: `known${i}@example.com`, password: PASSWORD });
    // Warm-up: the first dummy verification also creates the dummy hash; keep it out of the numbers.
    await signInWithPassword(t.deps, t.acme, { email: "warmup@example.com", password: WRONG }, { ...META, ip: "192.0.2.250" });
    await signInWithPassword(t.deps, t.acme, { email: "known0@example.com", password: WRONG }, { ...META, ip: "192.0.2.251" });
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    const bareTimes: number[] = [];
    const phc = (await t.db.store.passwords.findByUserId(t.acme.id, (await t.db.store.users.findByEmail(t.acme.id, "known0@example.com"))!.id))!.hash;
    // Interleaved, each attempt with its own address and IP, so no throttle or rate limit kicks in
    // and background load affects all series alike.
    for (let i = 0; i < ROUNDS; i++) {
      let start = performance.now();
      answers.push(await signInWithPassword(t.deps, t.acme, { email: `ghost${i}@example.com`, password: WRONG }, { ...META, ip: `198.51.100.${i}` }));
      unknownTimes.push(performance.now() - start);
      start = performance.now();
      answers.push(await signInWithPassword(t.deps, t.acme, { email: `known${(i + 1) % ROUNDS}@example.com`, password: WRONG }, { ...META, ip: `203.0.113.${i}` }));
      knownTimes.push(performance.now() - start);
      if (i % 2 === 0) {
        start = performance.now();
        await verifyPassword(phc, WRONG);
        bareTimes.push(performance.now() - start);
      }
    }
    [known, unknown, bare] = [median(knownTimes), median(unknownTimes), median(bareTimes)];
  });
  afterAll(async () => {
    await t.db.close();
  });

  const detail = () => `unknown ${unknown.toFixed(1)} ms, known ${known.toFixed(1)} ms, bare argon2id ${bare.toFixed(1)} ms`;

  it("every measured attempt got the same answer", () => {
    expect(answers).toHaveLength(2 * ROUNDS);
    for (const answer of answers) expect(answer).toStrictEqual({ ok: false, code: "INVALID_CREDENTIALS", message: INVALID_CREDENTIALS_MESSAGE });
  });

  it("the median time for an unknown address is within a factor of 2 of a wrong password for a known one", () => {
    expect(Math.max(known, unknown) / Math.min(known, unknown), detail()).toBeLessThanOrEqual(2);
  });

  it("the unknown-address path is not an early exit: it costs at least half the known path and most of one argon2id verification", () => {
    expect(unknown, detail()).toBeGreaterThanOrEqual(0.5 * known);
    expect(unknown, detail()).toBeGreaterThanOrEqual(0.6 * bare);
  });
});

describe("password recovery does not reveal existing accounts", () => {
  useTestContext();

  it("answers { ok: true } for a known and an unknown address, and mails only the known one", async () => {
    await createUser(t.db.store, t.acme, { email: "known@example.com", password: PASSWORD });
    const known = await requestPasswordReset(t.deps, t.acme, { email: "known@example.com" }, META);
    const unknown = await requestPasswordReset(t.deps, t.acme, { email: "nobody@example.com" }, META);
    expect(known).toStrictEqual({ ok: true });
    expect(unknown).toStrictEqual(known);
    expect((await lastMailTo(t.db.store, "known@example.com"))?.subject).toContain("Reset your password");
    expect(await lastMailTo(t.db.store, "nobody@example.com")).toBeNull();
  });

  it("stays { ok: true } when the per-address cap silently stops the mails", async () => {
    await createUser(t.db.store, t.acme, { email: "known@example.com", password: PASSWORD });
    for (let i = 0; i < 5; i++) {
      expect(await requestPasswordReset(t.deps, t.acme, { email: "known@example.com" }, META)).toStrictEqual({ ok: true });
      expect(await requestPasswordReset(t.deps, t.acme, { email: "nobody@example.com" }, META)).toStrictEqual({ ok: true });
    }
    const mails = (await t.db.store.mail.listOutbox(100)).filter((m) => m.to === "known@example.com");
    expect(mails).toHaveLength(3);
  });
});
