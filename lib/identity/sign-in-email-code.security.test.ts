import { describe, expect, it } from "vitest";
import { fail } from "../kernel/outcome";
import { SIGN_IN } from "./outcomes";
import { messageFor } from "../copy";
import { createUser, dumpDatabase, lastMailTo, META } from "../../tests/support/test-db";
import { PASSWORD, expectOk, testScenario } from "../../tests/scenario";
import type { TTenant } from "../tenancy/types";
import type { TRequestMeta } from "../kernel/deps";
import { DEMO_TENANTS } from "../tenancy/demo-tenants";
import { validateSession } from "../sessions/validate-session";
import { EMAIL_CODE, hashEmailCode, resendSignInEmailCode, verifySignInEmailCode } from "./sign-in-email-code";
import { signInWithPassword } from "./sign-in-with-password";

const EMAIL = "single@example.com";
/** Another browser (device cookie) on another network: the risk engine's default answer is step_up. */
const ELSEWHERE: TRequestMeta = { ip: "192.0.2.44", userAgent: META.userAgent, deviceHash: "e".repeat(64) };

const t = testScenario();

function codeIn(text: string | null | undefined): string {
  const code = text?.match(/^(\d{6})$/m)?.[1];
  if (!code) throw new Error("no code in the mail");
  return code;
}

async function mailsTo(to: string) {
  return (await t.db.store.mail.listOutbox(500)).filter((m) => m.to === to);
}

async function auditData(userId: string, type: string) {
  return (await t.db.store.audit.list(t.acme.id, { userId, type, limit: 100 })).map(
    (e) => e.data as Record<string, unknown>,
  );
}

/** A verified single-factor user who has signed in once from META (so ELSEWHERE is new on both counts). */
async function knownUser(tenant: TTenant = t.acme, email = EMAIL, verified = true) {
  const user = await createUser(t.db.store, tenant, { email, password: PASSWORD, verified });
  const first = await signInWithPassword(t.deps, tenant, { email, password: PASSWORD }, META);
  expect(first).toMatchObject({ ok: true, next: "complete" });
  t.clock.advance(60_000);
  return user;
}

/** A stepped-up sign-in from ELSEWHERE: the pending sign-in and the code mailed for it. */
async function steppedUp(tenant: TTenant = t.acme, email = EMAIL, meta = ELSEWHERE) {
  const result = await signInWithPassword(t.deps, tenant, { email, password: PASSWORD }, meta);
  if (!result.ok || result.next !== "email_code")
    throw new Error(`expected an email-code stage, got ${JSON.stringify(result)}`);
  const pending = (await validateSession(t.deps, tenant, result.token, { stages: ["email_code"] }))!;
  return { result, pending, code: codeIn((await lastMailTo(t.db.store, email))?.text) };
}

function wrongCodeFor(code: string): string {
  return code === "000000" ? "000001" : "000000";
}

describe("a stepped-up password sign-in of a user without a second factor needs the code mailed to them", () => {
  it("the password alone opens only the email-code stage; the mailed code starts an AAL1 session marked as having passed the challenge", async () => {
    const user = await knownUser();
    const { result, pending, code } = await steppedUp();
    // No session yet: the pending one is good for the code page only.
    expect(await validateSession(t.deps, t.acme, result.token)).toBeNull();
    expect(result.session).toMatchObject({ stage: "email_code", aal: 1 });
    const mail = await lastMailTo(t.db.store, EMAIL);
    expect(mail?.subject).toBe("Your sign-in code — Acme");
    expect(mail?.text).toContain("expires in 10 minutes");
    expect(mail?.text).toContain("192.0.2.0/24");
    expect(await auditData(user.id, "sign_in_code.sent")).toEqual([
      expect.objectContaining({ sessionId: pending.session.id, send: 1, reasons: ["new_device_and_network"] }),
    ]);

    t.clock.advance(30_000);
    const done = await verifySignInEmailCode(
      t.deps,
      t.acme,
      pending,
      { code: ` ${code.slice(0, 3)} ${code.slice(3)} ` },
      ELSEWHERE,
    );
    expectOk(done);
    expect(done.next).toBe("complete");
    // Email is no AAL2 channel (800-63B-4): the level stays 1; "email" records the challenge passed.
    expect(done.session).toMatchObject({ aal: 1, stage: "complete" });
    expect(done.session.amr).toEqual(["pwd", "email"]);
    expect(done.token).not.toBe(result.token);
    expect(await validateSession(t.deps, t.acme, done.token)).not.toBeNull();
    expect((await t.db.store.sessions.findById(t.acme.id, pending.session.id))?.revokedReason).toBe(
      "email_code_completed",
    );
    expect(await auditData(user.id, "sign_in_code.succeeded")).toEqual([
      expect.objectContaining({ sessionId: done.session.id, attempt: 1 }),
    ]);
    expect((await auditData(user.id, "user.signed_in"))[0]).toMatchObject({
      method: "password+email_code",
      riskChallenge: "email_code",
      risk: { decision: "step_up" },
    });
  });

  it("failure velocity steps up too: after 5 wrong passwords the right one from the same browser needs the code", async () => {
    await knownUser();
    for (let i = 0; i < 5; i++) {
      expect(
        await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: "not the password at all" }, META),
      ).toMatchObject({ code: "INVALID_CREDENTIALS" });
      t.clock.advance(61_000);
    }
    const { result } = await steppedUp(t.acme, EMAIL, META);
    expect(result.next).toBe("email_code");
  });

  it("block stays a block: no code, no pending sign-in", async () => {
    const strict = await t.db.store.tenants.ensure({
      ...DEMO_TENANTS[0]!,
      slug: "strict",
      name: "Strict",
      riskPolicy: { newDeviceAndNetwork: "block" },
    });
    await knownUser(strict);
    const before = (await mailsTo(EMAIL)).length;
    expect(await signInWithPassword(t.deps, strict, { email: EMAIL, password: PASSWORD }, ELSEWHERE)).toMatchObject({
      ok: false,
      code: "RISK_BLOCKED",
    });
    expect(await mailsTo(EMAIL)).toHaveLength(before);
    expect((await dumpDatabase(t.db)).SignInEmailCode).toEqual([]);
  });

  it("is stored only as an HMAC bound to its pending sign-in, never as the code", async () => {
    await knownUser();
    const { pending, code } = await steppedUp();
    const { MailMessage: _mail, ...tables } = await dumpDatabase(t.db);
    const row = tables.SignInEmailCode?.[0] as { codeHash: string; salt: string };
    expect(row.codeHash).toBe(hashEmailCode(pending.session.id, row.salt, code));
    expect(row.codeHash).not.toBe(hashEmailCode("another-pending-sign-in", row.salt, code));
    expect(JSON.stringify(tables)).not.toContain(`"${code}"`);
  });

  it("works once: 50 concurrent submissions of the right code give exactly one session", async () => {
    await knownUser();
    const { pending, code } = await steppedUp();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => verifySignInEmailCode(t.deps, t.acme, pending, { code }, ELSEWHERE)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.code)).not.toContain("WRONG_CODE");
    const user = (await t.db.store.users.findByEmail(t.acme.id, EMAIL))!;
    expect(await t.db.store.sessions.listActive(t.acme.id, user.id, t.clock.now())).toHaveLength(2);
    expect(await verifySignInEmailCode(t.deps, t.acme, pending, { code }, ELSEWHERE)).toMatchObject({
      ok: false,
      module: "sign_in",
      code: "SIGN_IN_ENDED",
    });
  });

  it("after 5 wrong codes the pending sign-in ends and even the right code does nothing", async () => {
    const user = await knownUser();
    const { result, pending, code } = await steppedUp();
    const wrong = wrongCodeFor(code);
    for (let i = 1; i < EMAIL_CODE.maxAttempts; i++) {
      const answer = await verifySignInEmailCode(t.deps, t.acme, pending, { code: wrong }, ELSEWHERE);
      expect(answer).toMatchObject({
        ok: false,
        module: "sign_in",
        code: "WRONG_CODE",
        params: { factor: "email_code", attemptsLeft: 5 - i },
      });
      if (!answer.ok) expect(messageFor(answer)).toContain(`${5 - i} tr`);
    }
    expect(await verifySignInEmailCode(t.deps, t.acme, pending, { code: wrong }, ELSEWHERE)).toMatchObject({
      ok: false,
      code: "RATE_LIMITED",
      params: { scope: "sign_in" },
    });
    expect((await t.db.store.sessions.findById(t.acme.id, pending.session.id))?.revokedReason).toBe(
      "email_code_failed",
    );
    expect(await verifySignInEmailCode(t.deps, t.acme, pending, { code }, ELSEWHERE)).toMatchObject({ ok: false });
    expect(await validateSession(t.deps, t.acme, result.token, { stages: ["email_code"] })).toBeNull();
    const failed = await auditData(user.id, "sign_in_code.failed");
    expect(failed.map((e) => e.attempt).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(failed.find((e) => e.attempt === 5)).toMatchObject({ ended: true });
  });

  it("50 concurrent guesses get at most 5 tries between them", async () => {
    await knownUser();
    const { pending, code } = await steppedUp();
    const guesses = Array.from({ length: 50 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, "0"));
    const results = await Promise.all(
      guesses.map((guess) => verifySignInEmailCode(t.deps, t.acme, pending, { code: guess }, ELSEWHERE)),
    );
    expect(results.some((r) => r.ok)).toBe(false);
    const row = (await dumpDatabase(t.db)).SignInEmailCode?.[0] as { attempts: number | bigint };
    expect(Number(row.attempts)).toBe(EMAIL_CODE.maxAttempts);
    expect(await verifySignInEmailCode(t.deps, t.acme, pending, { code }, ELSEWHERE)).toMatchObject({ ok: false });
  });

  it("expires 10 minutes after it is sent", async () => {
    await knownUser();
    const early = await steppedUp();
    t.clock.advance(EMAIL_CODE.validMinutes * 60_000 - 1000);
    expect(await verifySignInEmailCode(t.deps, t.acme, early.pending, { code: early.code }, ELSEWHERE)).toMatchObject({
      ok: true,
    });

    t.clock.advance(1000);
    const late = await steppedUp(t.acme, EMAIL, { ...ELSEWHERE, ip: "198.18.0.9", deviceHash: "f".repeat(64) });
    t.clock.advance(EMAIL_CODE.validMinutes * 60_000);
    expect(await verifySignInEmailCode(t.deps, t.acme, late.pending, { code: late.code }, ELSEWHERE)).toMatchObject({
      ok: false,
      code: "EXPIRED",
    });
  });

  it("a malformed code costs no try and gets a clear message", async () => {
    await knownUser();
    const { pending, code } = await steppedUp();
    for (const bad of ["", "12345", "1234567", "abcdef", "12 34 5x"]) {
      const answer = await verifySignInEmailCode(t.deps, t.acme, pending, { code: bad }, ELSEWHERE);
      expect(answer).toMatchObject({
        ok: false,
        module: "sign_in",
        code: "INVALID_INPUT",
        params: { input: "email_code" },
      });
      if (!answer.ok) expect(messageFor(answer)).toBe("Enter the 6-digit code from the email we sent you.");
    }
    expect(await verifySignInEmailCode(t.deps, t.acme, pending, { code }, ELSEWHERE)).toMatchObject({ ok: true });
  });

  it("a resend replaces the code (the old one stops working), keeps the tries used, and stops at 3 codes per sign-in", async () => {
    const user = await knownUser();
    const { pending, code: first } = await steppedUp();
    expect(
      await verifySignInEmailCode(t.deps, t.acme, pending, { code: wrongCodeFor(first) }, ELSEWHERE),
    ).toMatchObject({ code: "WRONG_CODE" });
    t.clock.advance(1000);
    expect(await resendSignInEmailCode(t.deps, t.acme, pending, ELSEWHERE)).toEqual({ ok: true });
    const second = codeIn((await lastMailTo(t.db.store, EMAIL))?.text);
    t.clock.advance(1000);
    expect(await resendSignInEmailCode(t.deps, t.acme, pending, ELSEWHERE)).toEqual({ ok: true });
    const third = codeIn((await lastMailTo(t.db.store, EMAIL))?.text);
    expect(await resendSignInEmailCode(t.deps, t.acme, pending, ELSEWHERE)).toMatchObject({
      ok: false,
      code: "RATE_LIMITED",
      params: { scope: "codes_per_sign_in", retryAfterSeconds: null, limit: 3 },
    });
    expect((await auditData(user.id, "sign_in_code.sent")).map((e) => e.send)).toEqual([3, 2, 1]);
    if (first !== third)
      expect(await verifySignInEmailCode(t.deps, t.acme, pending, { code: first }, ELSEWHERE)).toMatchObject({
        code: "WRONG_CODE",
        params: { attemptsLeft: 3 },
      });
    if (second !== third)
      expect(await verifySignInEmailCode(t.deps, t.acme, pending, { code: second }, ELSEWHERE)).toMatchObject({
        code: "WRONG_CODE",
      });
    expect(await verifySignInEmailCode(t.deps, t.acme, pending, { code: third }, ELSEWHERE)).toMatchObject({
      ok: true,
    });
  });

  it("codes mailed per account are limited: the sixth stepped-up sign-in within an hour gets none", async () => {
    await knownUser();
    for (let i = 0; i < EMAIL_CODE.sendsPerAccount.limit; i++) await steppedUp();
    const before = (await mailsTo(EMAIL)).length;
    expect(await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: PASSWORD }, ELSEWHERE)).toMatchObject({
      ok: false,
      code: "RATE_LIMITED",
    });
    expect(await mailsTo(EMAIL)).toHaveLength(before);
    t.clock.advance(EMAIL_CODE.sendsPerAccount.windowSeconds * 1000);
    await steppedUp();
  });

  it("after 20 wrong codes on one account in a day no more codes are sent, whatever the sign-in", async () => {
    await knownUser();
    for (let round = 0; round < 4; round++) {
      const { pending, code } = await steppedUp();
      for (let i = 0; i < EMAIL_CODE.maxAttempts; i++)
        await verifySignInEmailCode(t.deps, t.acme, pending, { code: wrongCodeFor(code) }, ELSEWHERE);
      t.clock.advance(EMAIL_CODE.sendsPerAccount.windowSeconds * 1000);
    }
    const refused = await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: PASSWORD }, ELSEWHERE);
    expect(refused).toMatchObject({ ok: false, code: "RATE_LIMITED", params: { scope: "wrong_codes" } });
    expect(!refused.ok && messageFor(refused)).toContain("Too many wrong sign-in codes");
    t.clock.advance(EMAIL_CODE.wrongPerAccount.windowSeconds * 1000);
    await steppedUp();
  });

  it("an unverified address gets no code: the sign-in is refused with a message to confirm it first, and audited", async () => {
    // Only a tenant that lets unconfirmed accounts sign in gets this far.
    const relaxed = await t.db.store.tenantSettings.update(t.acme.id, { requireVerifiedEmail: false }, t.clock.now());
    const user = await knownUser(relaxed, EMAIL, false);
    const before = (await mailsTo(EMAIL)).length;
    const refused = await signInWithPassword(t.deps, relaxed, { email: EMAIL, password: PASSWORD }, ELSEWHERE);
    expect(refused).toMatchObject({
      ok: false,
      code: "EMAIL_NOT_VERIFIED",
      params: { ticket: expect.any(String), when: "email_code" },
    });
    expect(!refused.ok && messageFor(refused)).toContain("not confirmed yet");
    expect(await mailsTo(EMAIL)).toHaveLength(before);
    expect((await dumpDatabase(t.db)).SignInEmailCode).toEqual([]);
    expect(await auditData(user.id, "risk.sign_in_assessed")).toEqual([
      expect.objectContaining({ decision: "step_up", refused: "email_not_verified" }),
    ]);
  });

  it("an unknown address and a wrong password get the same answer from a new device, and neither sends anything", async () => {
    await knownUser();
    const before = (await t.db.store.mail.listOutbox(500)).length;
    const unknown = await signInWithPassword(
      t.deps,
      t.acme,
      { email: "nobody@example.com", password: PASSWORD },
      ELSEWHERE,
    );
    const wrong = await signInWithPassword(
      t.deps,
      t.acme,
      { email: EMAIL, password: "not the password at all" },
      ELSEWHERE,
    );
    expect(unknown).toEqual(fail(SIGN_IN, "INVALID_CREDENTIALS"));
    expect(wrong).toEqual(unknown);
    expect(await t.db.store.mail.listOutbox(500)).toHaveLength(before);
    expect((await dumpDatabase(t.db)).SignInEmailCode).toEqual([]);
  });

  it("where the tenant requires a second factor, the code leads to enrolment, not to a session", async () => {
    const strict = await t.db.store.tenants.ensure({
      ...DEMO_TENANTS[0]!,
      slug: "strict",
      name: "Strict",
      mfaPolicy: "required",
    });
    const user = await t.user(EMAIL, { tenant: strict });
    // The account has signed in before from META (so ELSEWHERE is new to it).
    await t.db.store.knownDevices.remember({
      tenantId: strict.id,
      userId: user.id,
      deviceHash: META.deviceHash,
      uaFamily: "Chrome on Linux",
      at: t.clock.now(),
    });
    await t.db.store.knownNetworks.remember({
      tenantId: strict.id,
      userId: user.id,
      prefix: "203.0.113.0/24",
      at: t.clock.now(),
    });
    expect(await signInWithPassword(t.deps, strict, { email: EMAIL, password: PASSWORD }, META)).toMatchObject({
      ok: true,
      next: "enrol_factor",
    });
    const { pending, code } = await steppedUp(strict);
    const done = await verifySignInEmailCode(t.deps, strict, pending, { code }, ELSEWHERE);
    expectOk(done);
    expect(done).toMatchObject({ next: "enrol_factor", session: { stage: "enrol_factor" } });
    expect(await validateSession(t.deps, strict, done.token)).toBeNull();
  });
});
