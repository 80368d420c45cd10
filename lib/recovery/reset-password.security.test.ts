import { describe, expect, it } from "vitest";
import { lastMailTo, linkToken, META } from "../../tests/support/test-db";
import { expectOk, testScenario } from "../../tests/scenario";
import { verifyPassword } from "../identity/password-hasher";
import { signInWithPassword } from "../identity/sign-in-with-password";
import { signUp } from "../identity/sign-up";
import { verifyEmail } from "../identity/verify-email";
import { generateToken } from "../security/tokens";
import { RESET_TTL_MINUTES } from "../identity/verification-token";
import { requestPasswordReset } from "./request-password-reset";
import { commitReset, findResetTarget, proveResetFactor, resetPassword, type TResetProof } from "./reset-password";

const OLD = "correct horse battery staple";
const NEW = "a brand new staple for horses";
const EMAIL = "ada@example.com";

const t = testScenario();

async function requestLink(tenant = t.acme, email = EMAIL): Promise<string> {
  expect(await requestPasswordReset(t.deps, tenant, { email }, META)).toEqual({ ok: true });
  return linkToken((await lastMailTo(t.db.store, email))?.text, `/${tenant.slug}/reset-password`);
}

const reset = (token: unknown, password = NEW, tenant = t.acme) =>
  resetPassword(t.deps, tenant, { token, password, confirmPassword: password }, META);

async function currentHash(tenant = t.acme, email = EMAIL) {
  const user = await t.db.store.users.findByEmail(tenant.id, email);
  return (await t.db.store.passwords.findByUserId(tenant.id, user!.id))!.hash;
}

describe("password reset tokens", () => {
  it("are single-use: a second redemption of the same link fails and changes nothing", async () => {
    await t.user(EMAIL, { password: OLD });
    const token = await requestLink();
    expect(await reset(token)).toMatchObject({ ok: true });
    const hashAfterFirst = await currentHash();
    expect(await reset(token, "yet another different passphrase")).toMatchObject({ ok: false, code: "INVALID_LINK" });
    expect(await currentHash()).toBe(hashAfterFirst);
    expect(await findResetTarget(t.deps, t.acme, token)).toBeNull();
  });

  it(`expire after ${RESET_TTL_MINUTES} minutes: valid at 29 minutes`, async () => {
    expect(RESET_TTL_MINUTES).toBe(30);
    await t.user(EMAIL, { password: OLD });
    const token = await requestLink();
    t.clock.advance(29 * 60_000);
    expect(await findResetTarget(t.deps, t.acme, token)).toMatchObject({ email: EMAIL });
    expect(await reset(token)).toMatchObject({ ok: true });
  });

  it("expire after 30 minutes: invalid at 30 minutes + 1 ms, and the password stays the same", async () => {
    await t.user(EMAIL, { password: OLD });
    const token = await requestLink();
    const before = await currentHash();
    t.clock.advance(30 * 60_000 + 1);
    expect(await findResetTarget(t.deps, t.acme, token)).toBeNull();
    expect(await reset(token)).toMatchObject({ ok: false, code: "INVALID_LINK" });
    expect(await currentHash()).toBe(before);
  });

  it("are bound to their tenant: an acme link cannot reset the same address at globex", async () => {
    await t.user(EMAIL, { password: OLD });
    await t.user(EMAIL, { tenant: t.globex, password: OLD });
    const acmeToken = await requestLink(t.acme);
    const globexBefore = await currentHash(t.globex);
    expect(await findResetTarget(t.deps, t.globex, acmeToken)).toBeNull();
    expect(await reset(acmeToken, NEW, t.globex)).toMatchObject({ ok: false, code: "INVALID_LINK" });
    expect(await currentHash(t.globex)).toBe(globexBefore);
    // The failed cross-tenant attempt did not use the token up at its own tenant.
    expect(await reset(acmeToken, NEW, t.acme)).toMatchObject({ ok: true });
    expect(await currentHash(t.globex)).toBe(globexBefore);
  });

  it("are bound to their purpose: an email verification token cannot reset a password", async () => {
    await signUp(t.deps, t.acme, { email: EMAIL, password: OLD, confirmPassword: OLD }, META);
    const verification = linkToken((await lastMailTo(t.db.store, EMAIL))?.text, "/acme/verify-email");
    const before = await currentHash();
    expect(await findResetTarget(t.deps, t.acme, verification)).toBeNull();
    expect(await reset(verification)).toMatchObject({ ok: false, code: "INVALID_LINK" });
    expect(await currentHash()).toBe(before);
    // ...and it still verifies the address.
    expect(await verifyEmail(t.deps, t.acme, verification, META)).toEqual({ ok: true, email: EMAIL });
  });

  it("are bound to their purpose: a reset token cannot verify an email address", async () => {
    await t.user(EMAIL, { password: OLD, verified: false });
    const token = await requestLink();
    expect(await verifyEmail(t.deps, t.acme, token, META)).toMatchObject({
      ok: false,
      module: "sign_up",
      code: "INVALID_LINK",
    });
    expect((await t.db.store.users.findByEmail(t.acme.id, EMAIL))?.emailVerifiedAt).toBeNull();
    expect(await reset(token)).toMatchObject({ ok: true });
  });

  it("are replaced: a new reset request invalidates the older link", async () => {
    await t.user(EMAIL, { password: OLD });
    const first = await requestLink();
    t.clock.advance(1000); // mails are ordered by their time: keep "the last mail" unambiguous
    const second = await requestLink();
    expect(second).not.toBe(first);
    expect(await reset(first)).toMatchObject({ ok: false, code: "INVALID_LINK" });
    expect(await reset(second)).toMatchObject({ ok: true });
  });

  it("are redeemed once under concurrency: two parallel resets with one link, exactly one succeeds", async () => {
    await t.user(EMAIL, { password: OLD });
    const token = await requestLink();
    const passwords = ["first parallel passphrase here", "second parallel passphrase here"];
    const results = await Promise.all(passwords.map((password) => reset(token, password)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([expect.objectContaining({ code: "INVALID_LINK" })]);
    const winner = passwords[results.findIndex((r) => r.ok)]!;
    const loser = passwords.find((p) => p !== winner)!;
    const hash = await currentHash();
    expect(await verifyPassword(hash, winner)).toBe(true);
    expect(await verifyPassword(hash, loser)).toBe(false);
    const user = await t.db.store.users.findByEmail(t.acme.id, EMAIL);
    expect((await t.db.store.audit.list(t.acme.id, { userId: user!.id, type: "password.reset" })).length).toBe(1);
  });

  it("refuses malformed and unknown tokens without touching the account", async () => {
    await t.user(EMAIL, { password: OLD });
    await requestLink();
    for (const token of [undefined, "", "x", generateToken(), `${generateToken()}'--`, 123]) {
      expect(await reset(token)).toMatchObject({ ok: false, code: "INVALID_LINK" });
    }
    expect(await verifyPassword(await currentHash(), OLD)).toBe(true);
  });

  it("does not let a reset link for a disabled account be issued", async () => {
    const user = await t.user(EMAIL, { password: OLD });
    await t.disable(user);
    expect(await requestPasswordReset(t.deps, t.acme, { email: EMAIL }, META)).toEqual({ ok: true });
    expect(await lastMailTo(t.db.store, EMAIL)).toBeNull();
    expect((await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: OLD }, META)).ok).toBe(false);
  });
});

describe("the reset proof", () => {
  it("only a proof proveResetFactor minted commits a reset: a copy with the same fields is refused and changes nothing", async () => {
    await t.user(EMAIL, { password: OLD });
    const token = await requestLink();
    const proven = await proveResetFactor(t.deps, t.acme, { token, password: NEW, confirmPassword: NEW }, META);
    expectOk(proven);
    const before = await currentHash();
    const forged = { ...proven.proof } as TResetProof;
    await expect(commitReset(t.deps, t.acme, forged, META)).rejects.toThrow(/not a proof/);
    expect(await currentHash()).toBe(before);
    expect(await commitReset(t.deps, t.acme, proven.proof, META)).toMatchObject({ ok: true, recovery: "password" });
    expect(await verifyPassword(await currentHash(), NEW)).toBe(true);
  });

  it("is spent with its link: committing the same proof twice resets once", async () => {
    await t.user(EMAIL, { password: OLD });
    const proven = await proveResetFactor(
      t.deps,
      t.acme,
      { token: await requestLink(), password: NEW, confirmPassword: NEW },
      META,
    );
    expectOk(proven);
    expect(await commitReset(t.deps, t.acme, proven.proof, META)).toMatchObject({ ok: true });
    expect(await commitReset(t.deps, t.acme, proven.proof, META)).toMatchObject({ ok: false, code: "INVALID_LINK" });
  });
});
