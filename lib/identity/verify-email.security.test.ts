import { describe, expect, it } from "vitest";
import { lastMailTo, linkToken, META } from "../../tests/support/test-db";
import { PASSWORD, testScenario } from "../../tests/scenario";
import { signUp } from "./sign-up";
import { resendVerification } from "./resend-verification";
import { VERIFICATION_TTL_HOURS } from "./verification-token";
import { isVerificationTokenUsable, verifyEmail } from "./verify-email";

const EMAIL = "ada@example.com";

const t = testScenario();

async function signUpAndGetToken(): Promise<string> {
  expect(await signUp(t.deps, t.acme, { email: EMAIL, password: PASSWORD, confirmPassword: PASSWORD }, META)).toEqual({
    ok: true,
  });
  return linkToken((await lastMailTo(t.db.store, EMAIL))?.text, "/acme/verify-email");
}

const verifiedAt = async (tenant = t.acme) =>
  (await t.db.store.users.findByEmail(tenant.id, EMAIL))?.emailVerifiedAt ?? null;

describe("email verification tokens", () => {
  it("are single-use", async () => {
    const token = await signUpAndGetToken();
    expect(await verifyEmail(t.deps, t.acme, token, META)).toEqual({ ok: true, email: EMAIL });
    expect(await verifyEmail(t.deps, t.acme, token, META)).toMatchObject({
      ok: false,
      module: "sign_up",
      code: "INVALID_LINK",
    });
    expect(await isVerificationTokenUsable(t.deps, t.acme, token)).toBe(false);
  });

  it(`expire after ${VERIFICATION_TTL_HOURS} hours`, async () => {
    const token = await signUpAndGetToken();
    t.clock.advance(VERIFICATION_TTL_HOURS * 3_600_000 - 1);
    expect(await isVerificationTokenUsable(t.deps, t.acme, token)).toBe(true);
    t.clock.advance(1);
    expect(await isVerificationTokenUsable(t.deps, t.acme, token)).toBe(false);
    expect(await verifyEmail(t.deps, t.acme, token, META)).toMatchObject({
      ok: false,
      module: "sign_up",
      code: "INVALID_LINK",
    });
    expect(await verifiedAt()).toBeNull();
  });

  it("are bound to their tenant: an acme link does not verify the same address at globex", async () => {
    await t.user(EMAIL, { tenant: t.globex, verified: false });
    const token = await signUpAndGetToken();
    expect(await isVerificationTokenUsable(t.deps, t.globex, token)).toBe(false);
    expect(await verifyEmail(t.deps, t.globex, token, META)).toMatchObject({
      ok: false,
      module: "sign_up",
      code: "INVALID_LINK",
    });
    expect(await verifiedAt(t.globex)).toBeNull();
    expect(await verifyEmail(t.deps, t.acme, token, META)).toEqual({ ok: true, email: EMAIL });
    expect(await verifiedAt(t.globex)).toBeNull();
  });

  it("are replaced: a resent link invalidates the older one", async () => {
    const first = await signUpAndGetToken();
    const user = await t.db.store.users.findByEmail(t.acme.id, EMAIL);
    t.clock.advance(1000); // mails are ordered by their time: keep "the last mail" unambiguous
    expect(await resendVerification(t.deps, t.acme, user!)).toEqual({ ok: true });
    const second = linkToken((await lastMailTo(t.db.store, EMAIL))?.text, "/acme/verify-email");
    expect(second).not.toBe(first);
    expect(await verifyEmail(t.deps, t.acme, first, META)).toMatchObject({ ok: false });
    expect(await verifyEmail(t.deps, t.acme, second, META)).toEqual({ ok: true, email: EMAIL });
  });

  it("are redeemed once under concurrency: two parallel clicks, exactly one succeeds and one event is recorded", async () => {
    const token = await signUpAndGetToken();
    const results = await Promise.all([
      verifyEmail(t.deps, t.acme, token, META),
      verifyEmail(t.deps, t.acme, token, META),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([
      expect.objectContaining({ module: "sign_up", code: "INVALID_LINK" }),
    ]);
    const user = await t.db.store.users.findByEmail(t.acme.id, EMAIL);
    expect(await t.db.store.audit.list(t.acme.id, { userId: user!.id, type: "email.verified" })).toHaveLength(1);
  });
});
