import { describe, expect, it } from "vitest";
import { messageFor } from "../copy";
import { lastMailTo, linkToken, META } from "../../tests/support/test-db";
import { PASSWORD, testScenario } from "../../tests/scenario";
import { signInWithPassword } from "./sign-in-with-password";
import { signUp } from "./sign-up";
import { verifyEmail } from "./verify-email";

const t = testScenario();

describe("signUp", () => {
  it("creates an unverified account, mails a link, and the link verifies the address once", async () => {
    const result = await signUp(
      t.deps,
      t.acme,
      { email: " Ada@Example.COM ", password: PASSWORD, confirmPassword: PASSWORD },
      META,
    );
    expect(result).toEqual({ ok: true });
    const user = await t.db.store.users.findByEmail(t.acme.id, "ada@example.com");
    expect(user?.emailVerifiedAt).toBeNull();
    const mail = await lastMailTo(t.db.store, "ada@example.com");
    expect(mail?.subject).toContain("Confirm your email");
    const token = linkToken(mail?.text, "/acme/verify-email");
    expect(mail?.text).toContain("https://portal.example.test/acme/verify-email?token=");
    expect(await verifyEmail(t.deps, t.acme, token, META)).toEqual({ ok: true, email: "ada@example.com" });
    expect((await t.db.store.users.findByEmail(t.acme.id, "ada@example.com"))?.emailVerifiedAt).toBeInstanceOf(Date);
    expect((await verifyEmail(t.deps, t.acme, token, META)).ok).toBe(false);
  });

  it("lets the unverified user sign in only where the tenant does not require a confirmed address", async () => {
    await signUp(t.deps, t.acme, { email: "bo@example.com", password: PASSWORD, confirmPassword: PASSWORD }, META);
    expect(
      await signInWithPassword(t.deps, t.acme, { email: "bo@example.com", password: PASSWORD }, META),
    ).toMatchObject({ ok: false, code: "EMAIL_NOT_VERIFIED" });
    const relaxed = { ...t.acme, requireVerifiedEmail: false };
    expect((await signInWithPassword(t.deps, relaxed, { email: "bo@example.com", password: PASSWORD }, META)).ok).toBe(
      true,
    );
  });

  it("rejects a common password with the reason", async () => {
    const result = await signUp(
      t.deps,
      t.acme,
      { email: "c@example.com", password: "123456789qwerty", confirmPassword: "123456789qwerty" },
      META,
    );
    expect(result).toMatchObject({
      ok: false,
      module: "password",
      code: "INVALID_PASSWORD",
      params: { problem: "common" },
    });
    if (!result.ok) expect(messageFor(result)).toMatch(/common or breached/);
  });

  it("is refused on an invitation-only tenant", async () => {
    const result = await signUp(
      t.deps,
      t.globex,
      { email: "d@example.com", password: PASSWORD, confirmPassword: PASSWORD },
      META,
    );
    expect(result).toMatchObject({ ok: false, code: "SIGNUP_CLOSED" });
  });
});
