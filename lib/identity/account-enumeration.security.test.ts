// ASVS V6.3.8: sign-up, sign-in and recovery must not reveal whether an address has an account —
// not by the answer, and not by an early exit that makes the unknown-account path faster.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { mannWhitneyU, median } from "../../tests/support/mann-whitney";
import { createUser, lastMailTo, META } from "../../tests/support/test-db";
import { PASSWORD, Scenario } from "../../tests/scenario";
import { requestPasswordReset } from "../recovery/request-password-reset";
import type * as THasher from "./password-hasher";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./password-hasher";
import { fail } from "../kernel/outcome";
import { SIGN_IN } from "./outcomes";
import { signInWithPassword } from "./sign-in-with-password";

const INVALID_CREDENTIALS = fail(SIGN_IN, "INVALID_CREDENTIALS");
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

const WRONG = "incorrect horse battery staple";

const t = new Scenario();
/** A fresh database for each test of the calling describe block. */
function useTestContext() {
  t.hooks();
  beforeEach(() => {
    vi.clearAllMocks();
  });
}

const argon2Verifications = () =>
  vi.mocked(verifyPassword).mock.calls.length + vi.mocked(verifyAgainstDummy).mock.calls.length;

describe("sign-up does not reveal existing accounts", () => {
  useTestContext();

  it("answers an existing address exactly as a new one, and mails the owner instead", async () => {
    await t.user("taken@example.com");
    vi.clearAllMocks();
    const input = (email: string) => ({
      email,
      password: "another long passphrase here",
      confirmPassword: "another long passphrase here",
    });
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
    expect(
      (await signInWithPassword(t.deps, t.acme, { email: "taken@example.com", password: PASSWORD }, META)).ok,
    ).toBe(true);
    const user = await t.db.store.users.findByEmail(t.acme.id, "taken@example.com");
    expect(await t.db.store.audit.list(t.acme.id, { userId: user!.id, type: "user.signup_repeated" })).toHaveLength(1);
  });

  it("treats a differently-cased or padded address as the existing one", async () => {
    await t.user("taken@example.com");
    const result = await signUp(
      t.deps,
      t.acme,
      {
        email: "  TAKEN@Example.com ",
        password: "another long passphrase here",
        confirmPassword: "another long passphrase here",
      },
      META,
    );
    expect(result).toStrictEqual({ ok: true });
    expect(
      (await signInWithPassword(t.deps, t.acme, { email: "taken@example.com", password: PASSWORD }, META)).ok,
    ).toBe(true);
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
    await t.user("known@example.com");
    const unknown = await signInWithPassword(t.deps, t.acme, { email: "nobody@example.com", password: WRONG }, META);
    const wrong = await signInWithPassword(t.deps, t.acme, { email: "known@example.com", password: WRONG }, META);
    expect(unknown).toStrictEqual(wrong);
    expect(wrong).toStrictEqual(INVALID_CREDENTIALS);
  });

  it("gives the same answer for an account without a password and for a disabled account with a wrong password", async () => {
    await t.db.store.users.create({
      tenantId: t.acme.id,
      email: "nopassword@example.com",
      displayName: null,
      at: t.clock.now(),
    });
    const disabled = await t.user("disabled@example.com");
    await t.disable(disabled);
    const expected = INVALID_CREDENTIALS;
    expect(
      await signInWithPassword(t.deps, t.acme, { email: "nopassword@example.com", password: WRONG }, META),
    ).toStrictEqual(expected);
    expect(
      await signInWithPassword(t.deps, t.acme, { email: "disabled@example.com", password: WRONG }, META),
    ).toStrictEqual(expected);
  });

  it("runs exactly one argon2id verification on every path (no early exit for unknown addresses)", async () => {
    await t.user("known@example.com");
    await t.db.store.users.create({
      tenantId: t.acme.id,
      email: "nopassword@example.com",
      displayName: null,
      at: t.clock.now(),
    });
    for (const email of ["known@example.com", "nobody@example.com", "nopassword@example.com"]) {
      const before = argon2Verifications();
      await signInWithPassword(t.deps, t.acme, { email, password: WRONG }, META);
      expect(argon2Verifications() - before, email).toBe(1);
    }
    expect(vi.mocked(verifyPassword)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(verifyAgainstDummy)).toHaveBeenCalledTimes(2);
  });
});

describe("the paths of each flow make the same database calls (what the timing test measures, counted)", () => {
  let calls: string[] = [];
  t.hooks({ options: { onQuery: (model, operation) => void calls.push(`${model ?? "$"}.${operation}`) } });
  beforeEach(async () => {
    for (const email of ["known@example.com", "taken@example.com", "noticed@example.com"]) await t.user(email);
    await signUp(
      t.deps,
      t.acme,
      { email: "noticed@example.com", password: PASSWORD, confirmPassword: PASSWORD },
      { ...META, ip: "192.0.2.99" },
    );
  });
  /** The calls `work` makes, as a sorted list: the same statements, whatever their order. */
  async function callsOf(work: () => Promise<unknown>): Promise<string[]> {
    calls = [];
    await work();
    return [...calls].sort();
  }

  it("sign-in: a wrong password for a known address and any password for an unknown one", async () => {
    const known = await callsOf(() =>
      signInWithPassword(t.deps, t.acme, { email: "known@example.com", password: WRONG }, { ...META, ip: "192.0.2.1" }),
    );
    const unknown = await callsOf(() =>
      signInWithPassword(
        t.deps,
        t.acme,
        { email: "nobody@example.com", password: WRONG },
        { ...META, ip: "192.0.2.2" },
      ),
    );
    expect(unknown).toEqual(known);
    expect(known).toContain("User.updateMany");
  });

  it("forgot-password: a known and an unknown address", async () => {
    const known = await callsOf(() =>
      requestPasswordReset(t.deps, t.acme, { email: "known@example.com" }, { ...META, ip: "192.0.2.1" }),
    );
    const unknown = await callsOf(() =>
      requestPasswordReset(t.deps, t.acme, { email: "nobody@example.com" }, { ...META, ip: "192.0.2.2" }),
    );
    expect(unknown).toEqual(known);
    expect(known).toEqual(expect.arrayContaining(["OneTimeToken.create", "MailMessage.create"]));
    // Only the known address got a link and a mail; the unknown one's writes were rolled back.
    expect((await lastMailTo(t.db.store, "known@example.com"))?.subject).toContain("Reset your password");
    expect(await t.db.store.mail.listOutbox(100)).toHaveLength(2); // the reset, and the notice of beforeEach
    expect(await t.db.store.users.search(t.acme.id, "", 100)).toHaveLength(3);
  });

  it("sign-up: a new address, an existing one, and an existing one whose owner notice is capped", async () => {
    const input = (email: string) => ({
      email,
      password: "another long passphrase here",
      confirmPassword: "another long passphrase here",
    });
    const fresh = await callsOf(() => signUp(t.deps, t.acme, input("new@example.com"), { ...META, ip: "192.0.2.1" }));
    const existing = await callsOf(() =>
      signUp(t.deps, t.acme, input("taken@example.com"), { ...META, ip: "192.0.2.2" }),
    );
    const capped = await callsOf(() =>
      signUp(t.deps, t.acme, input("noticed@example.com"), { ...META, ip: "192.0.2.3" }),
    );
    expect(existing).toEqual(fresh);
    expect(capped).toEqual(fresh);
    expect(fresh).toEqual(
      expect.arrayContaining(["User.create", "PasswordCredential.upsert", "OneTimeToken.create", "MailMessage.create"]),
    );
    // What persisted is only each path's own: one new account, and the placeholders rolled back.
    const users = await t.db.store.users.search(t.acme.id, "", 100);
    expect(users.map((u) => u.email).sort()).toEqual([
      "known@example.com",
      "new@example.com",
      "noticed@example.com",
      "taken@example.com",
    ]);
  });
});

// Timing: each flow's two (or three) paths are sampled interleaved, in a rotating order, after a
// warm-up, each call with its own address and network so no throttle, cap or rate limit ends a
// series early. The Mann–Whitney U test then asks whether one path tends to be slower: it looks at
// every sample, not just the median, and shrugs off the long tail a busy machine adds to any call.
// α = 0.001 two-sided: with 60 samples a side it flags a shift of roughly a third of the spread
// (a +3 ms extra on ~4 ms calls shows as p < 1e-10), while a run of identical work fails it
// one time in a thousand.
const TIMING_SAMPLES = 60;
const TIMING_WARMUP = 6;
const TIMING_ALPHA = 0.001;

type TSeries = { name: string; run: (i: number) => Promise<unknown>; times: number[]; answers: unknown[] };

async function sampleInterleaved(series: TSeries[]) {
  for (let i = -TIMING_WARMUP; i < TIMING_SAMPLES; i++) {
    const index = i + TIMING_WARMUP;
    // Rotate who goes first, so no path always runs right after the same other one.
    for (let k = 0; k < series.length; k++) {
      const s = series[(index + k) % series.length]!;
      const start = performance.now();
      const answer = await s.run(index);
      const elapsed = performance.now() - start;
      if (i >= 0) {
        s.times.push(elapsed);
        s.answers.push(answer);
      }
    }
  }
}

const series = (name: string, run: (i: number) => Promise<unknown>): TSeries => ({ name, run, times: [], answers: [] });
let network = 0;
/** A fresh address per call: each sample is its own network, as far as the rate limits are concerned. */
const freshMeta = () => {
  network += 1;
  return { ...META, ip: `10.${(network >> 16) & 255}.${(network >> 8) & 255}.${network & 255}` };
};

function compare(flow: string, a: TSeries, b: TSeries) {
  const result = mannWhitneyU(a.times, b.times);
  const line = `${flow}: ${a.name} median ${median(a.times).toFixed(2)} ms, ${b.name} median ${median(b.times).toFixed(2)} ms, n = ${a.times.length}/${b.times.length}, U = ${result.u}, z = ${result.z.toFixed(2)}, p = ${result.p.toPrecision(3)}, P(${a.name} slower) = ${result.effect.toFixed(2)}`;
  console.log(line);
  return { ...result, line };
}

describe("timing: no path of sign-in, sign-up or recovery is measurably faster for unknown addresses", () => {
  const signInUnknown = series("unknown address", (i) =>
    signInWithPassword(t.deps, t.acme, { email: `ghost${i}@example.com`, password: WRONG }, freshMeta()),
  );
  const signInKnown = series("known address, wrong password", (i) =>
    signInWithPassword(t.deps, t.acme, { email: `known${i}@example.com`, password: WRONG }, freshMeta()),
  );
  const resetUnknown = series("unknown address", (i) =>
    requestPasswordReset(t.deps, t.acme, { email: `nobody${i}@example.com` }, freshMeta()),
  );
  const resetKnown = series("known address", (i) =>
    requestPasswordReset(t.deps, t.acme, { email: `reset${i}@example.com` }, freshMeta()),
  );
  const NEW_PASSWORD = "another long passphrase here";
  const signUpAs = (email: string) =>
    signUp(t.deps, t.acme, { email, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }, freshMeta());
  const signUpNew = series("new address", (i) => signUpAs(`fresh${i}@example.com`));
  const signUpExisting = series("existing address", (i) => signUpAs(`taken${i}@example.com`));
  const signUpNoticeLimited = series("existing address, owner notice rate-limited", (i) =>
    signUpAs(`noticed${i}@example.com`),
  );
  // Bare argon2id verifications of a real hash, sampled between the sign-ins so that a machine
  // that gets busier or quieter while the test runs moves both alike.
  let phc = "";
  const bare = series("bare argon2id", () => verifyPassword(phc, WRONG));

  t.hooks({ once: true });
  beforeAll(async () => {
    const rounds = TIMING_SAMPLES + TIMING_WARMUP;
    for (let i = 0; i < rounds; i++) {
      await createUser(t.db.store, t.acme, { email: `known${i}@example.com`, password: PASSWORD });
      await createUser(t.db.store, t.acme, { email: `reset${i}@example.com`, password: PASSWORD });
      await createUser(t.db.store, t.acme, { email: `taken${i}@example.com`, password: PASSWORD });
      await createUser(t.db.store, t.acme, { email: `noticed${i}@example.com`, password: PASSWORD });
    }
    // The owners of these addresses were already told once this hour: the next notice is held back.
    for (let i = 0; i < rounds; i++) await signUpAs(`noticed${i}@example.com`);
    phc = (await t.db.store.passwords.findByUserId(
      t.acme.id,
      (await t.db.store.users.findByEmail(t.acme.id, "known0@example.com"))!.id,
    ))!.hash;
    // The first dummy verification also creates the dummy hash; the warm-up rounds absorb it.
    await sampleInterleaved([signInUnknown, signInKnown, bare]);
    await sampleInterleaved([resetUnknown, resetKnown]);
    await sampleInterleaved([signUpNew, signUpExisting, signUpNoticeLimited]);
  }, 240_000);

  it("every sampled attempt of a flow got the same answer", () => {
    for (const s of [signInUnknown, signInKnown])
      for (const answer of s.answers) expect(answer).toStrictEqual(INVALID_CREDENTIALS);
    for (const s of [resetUnknown, resetKnown, signUpNew, signUpExisting, signUpNoticeLimited])
      for (const answer of s.answers) expect(answer).toStrictEqual({ ok: true });
    for (const s of [
      signInUnknown,
      signInKnown,
      resetUnknown,
      resetKnown,
      signUpNew,
      signUpExisting,
      signUpNoticeLimited,
    ])
      expect(s.times).toHaveLength(TIMING_SAMPLES);
  });

  it(`sign-in: a wrong password for a known address and any password for an unknown one are indistinguishable (Mann–Whitney, p > ${TIMING_ALPHA})`, () => {
    const result = compare("sign-in", signInKnown, signInUnknown);
    expect(result.p, result.line).toBeGreaterThan(TIMING_ALPHA);
  });

  it("sign-in: the unknown-address path is not an early exit: it costs most of one argon2id verification", () => {
    expect(
      median(signInUnknown.times),
      `unknown ${median(signInUnknown.times).toFixed(1)} ms, bare argon2id ${median(bare.times).toFixed(1)} ms`,
    ).toBeGreaterThanOrEqual(0.6 * median(bare.times));
  });

  it(`forgot-password: a known and an unknown address are indistinguishable (Mann–Whitney, p > ${TIMING_ALPHA})`, () => {
    const result = compare("forgot-password", resetKnown, resetUnknown);
    expect(result.p, result.line).toBeGreaterThan(TIMING_ALPHA);
  });

  it(`sign-up: an existing address is indistinguishable from a new one, with and without the owner notice (Mann–Whitney, p > ${TIMING_ALPHA})`, () => {
    const existing = compare("sign-up", signUpExisting, signUpNew);
    const limited = compare("sign-up", signUpNoticeLimited, signUpNew);
    expect(existing.p, existing.line).toBeGreaterThan(TIMING_ALPHA);
    expect(limited.p, limited.line).toBeGreaterThan(TIMING_ALPHA);
  });
});

describe("password recovery does not reveal existing accounts", () => {
  useTestContext();

  it("answers { ok: true } for a known and an unknown address, and mails only the known one", async () => {
    await t.user("known@example.com");
    const known = await requestPasswordReset(t.deps, t.acme, { email: "known@example.com" }, META);
    const unknown = await requestPasswordReset(t.deps, t.acme, { email: "nobody@example.com" }, META);
    expect(known).toStrictEqual({ ok: true });
    expect(unknown).toStrictEqual(known);
    expect((await lastMailTo(t.db.store, "known@example.com"))?.subject).toContain("Reset your password");
    expect(await lastMailTo(t.db.store, "nobody@example.com")).toBeNull();
  });

  it("stays { ok: true } when the per-address cap silently stops the mails", async () => {
    await t.user("known@example.com");
    for (let i = 0; i < 5; i++) {
      expect(await requestPasswordReset(t.deps, t.acme, { email: "known@example.com" }, META)).toStrictEqual({
        ok: true,
      });
      expect(await requestPasswordReset(t.deps, t.acme, { email: "nobody@example.com" }, META)).toStrictEqual({
        ok: true,
      });
    }
    const mails = (await t.db.store.mail.listOutbox(100)).filter((m) => m.to === "known@example.com");
    expect(mails).toHaveLength(3);
  });
});
