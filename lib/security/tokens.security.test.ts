import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createUser, dumpDatabase, findInDump, lastMailTo, linkToken, META } from "../../tests/support/test-db";
import { expectOk, testScenario } from "../../tests/scenario";
import { signInWithPassword } from "../identity/sign-in-with-password";
import { signUp } from "../identity/sign-up";
import { requestPasswordReset } from "../recovery/request-password-reset";
import { generateToken, hashToken, isWellFormedToken, TOKEN_BYTES } from "./tokens";

const sha256 = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");

describe("token generation (≥ 128 bits from a CSPRNG)", () => {
  it("draws 32 random bytes, encoded as 43 base64url characters (256 bits)", () => {
    expect(TOKEN_BYTES).toBe(32);
    const token = generateToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url").length).toBe(32);
    expect(Buffer.from(token, "base64url").length * 8).toBeGreaterThanOrEqual(128);
  });

  it("never repeats across 10,000 draws and uses the whole alphabet", () => {
    const draws = Array.from({ length: 10_000 }, generateToken);
    expect(new Set(draws).size).toBe(draws.length);
    const alphabet = new Set(draws.join(""));
    expect(alphabet.size).toBe(64);
  });

  it("hashes with SHA-256, as 64 hex characters", () => {
    const token = generateToken();
    expect(hashToken(token)).toBe(sha256(token));
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toBe(hashToken(generateToken()));
  });

  it("accepts only the shape it issues before any lookup", () => {
    expect(isWellFormedToken(generateToken())).toBe(true);
    for (const bad of [
      undefined,
      null,
      42,
      "",
      "short",
      `${generateToken()}x`,
      `${generateToken().slice(0, 42)}=`,
      `${generateToken().slice(0, 42)}/`,
      { toString: generateToken },
    ]) {
      expect(isWellFormedToken(bad)).toBe(false);
    }
  });
});

describe("the database stores only token hashes", () => {
  const t = testScenario();

  it("a verification link's token is stored only as its SHA-256 (the raw value is only in the outbox mail)", async () => {
    const password = "correct horse battery staple";
    await signUp(t.deps, t.acme, { email: "ada@example.com", password, confirmPassword: password }, META);
    const token = linkToken((await lastMailTo(t.db.store, "ada@example.com"))?.text, "/acme/verify-email");
    const user = await t.db.store.users.findByEmail(t.acme.id, "ada@example.com");
    const row = await t.db.store.tokens.latestIssued(t.acme.id, user!.id, "email_verification");
    expect(row?.tokenHash).toBe(sha256(token));
    expect(Object.values(row!)).not.toContain(token);
    const hits = findInDump(await dumpDatabase(t.db), token);
    expect(hits.every((hit) => hit.startsWith("MailMessage."))).toBe(true);
    expect(hits.some((hit) => hit.startsWith("OneTimeToken."))).toBe(false);
  });

  it("a password reset link's token is stored only as its SHA-256", async () => {
    await createUser(t.db.store, t.acme, { email: "bo@example.com", password: "correct horse battery staple" });
    expect(await requestPasswordReset(t.deps, t.acme, { email: "bo@example.com" }, META)).toEqual({ ok: true });
    const token = linkToken((await lastMailTo(t.db.store, "bo@example.com"))?.text, "/acme/reset-password");
    const user = await t.db.store.users.findByEmail(t.acme.id, "bo@example.com");
    const row = await t.db.store.tokens.latestIssued(t.acme.id, user!.id, "password_reset");
    expect(row?.tokenHash).toBe(sha256(token));
    expect(Object.values(row!)).not.toContain(token);
    const hits = findInDump(await dumpDatabase(t.db), token);
    expect(hits.filter((hit) => !hit.startsWith("MailMessage."))).toEqual([]);
  });

  it("a session token is stored only as its SHA-256, nowhere raw", async () => {
    await createUser(t.db.store, t.acme, { email: "cy@example.com", password: "correct horse battery staple" });
    const result = await signInWithPassword(
      t.deps,
      t.acme,
      { email: "cy@example.com", password: "correct horse battery staple" },
      META,
    );
    expectOk(result);
    expect(isWellFormedToken(result.token)).toBe(true);
    expect(result.session.tokenHash).toBe(sha256(result.token));
    const dump = await dumpDatabase(t.db);
    expect(findInDump(dump, result.token)).toEqual([]);
    expect(dump.Session?.map((row) => row.tokenHash)).toContain(sha256(result.token));
  });
});
