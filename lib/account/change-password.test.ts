import { describe, expect, it } from "vitest";
import { lastMailTo, META } from "../../tests/support/test-db";
import { testScenario } from "../../tests/scenario";
import type { TSession } from "../sessions/types";
import { validateSession } from "../sessions/validate-session";
import { changePassword } from "./change-password";
import { verifyPassword } from "../identity/password-hasher";
import { signInWithPassword } from "../identity/sign-in-with-password";
import type { TUser } from "../identity/types";

const OLD = "correct horse battery staple";
const NEW = "a brand new staple for horses";
const EMAIL = "ada@example.com";
const t = testScenario();

async function twoSessions() {
  await t.user(EMAIL, { password: OLD });
  const here = await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: OLD }, META);
  const elsewhere = await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: OLD }, META);
  if (!here.ok || !elsewhere.ok) throw new Error("sign-in failed");
  return { here, elsewhere };
}

const change = (
  auth: { session: TSession; user: TUser },
  currentPassword: string,
  newPassword = NEW,
  confirmPassword = newPassword,
) => changePassword(t.deps, t.acme, auth, { currentPassword, newPassword, confirmPassword }, META);

const storedHash = async (userId: string) => (await t.db.store.passwords.findByUserId(t.acme.id, userId))!.hash;

describe("changePassword", () => {
  it("sets the new password, ends the other sessions and keeps the current one", async () => {
    const { here, elsewhere } = await twoSessions();
    expect(await change(here, OLD)).toEqual({ ok: true, endedSessions: 1 });
    expect(await validateSession(t.deps, t.acme, here.token)).not.toBeNull();
    expect(await validateSession(t.deps, t.acme, elsewhere.token)).toBeNull();
    expect(await verifyPassword(await storedHash(here.user.id), NEW)).toBe(true);
    expect(await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: OLD }, META)).toMatchObject({
      code: "INVALID_CREDENTIALS",
    });
  });

  it("needs the current password: a wrong one changes nothing (ASVS V6.2.3)", async () => {
    const { here, elsewhere } = await twoSessions();
    const before = await storedHash(here.user.id);
    expect(await change(here, "not my current password")).toMatchObject({
      ok: false,
      code: "WRONG_PASSWORD",
      params: { locked: false },
    });
    expect(await storedHash(here.user.id)).toBe(before);
    expect(await validateSession(t.deps, t.acme, elsewhere.token)).not.toBeNull();
    expect(await lastMailTo(t.db.store, EMAIL)).toBeNull();
    const [failure] = await t.db.store.audit.list(t.acme.id, { type: "user.sign_in_failed" });
    expect(failure!.data).toMatchObject({ context: "password_change" });
  });

  it("mails the user a notice that the password was changed", async () => {
    const { here } = await twoSessions();
    await change(here, OLD);
    const notice = await lastMailTo(t.db.store, EMAIL);
    expect(notice?.subject).toContain("Your password was changed");
    expect(notice?.text).toContain("https://portal.example.test/acme/forgot-password");
  });

  it("applies the password policy and the confirmation to the new password", async () => {
    const { here } = await twoSessions();
    expect(await change(here, OLD, "too short")).toMatchObject({
      ok: false,
      code: "INVALID_PASSWORD",
      params: { problem: "too_short", minLength: 15 },
    });
    expect(await change(here, OLD, "123456789qwerty")).toMatchObject({ ok: false, code: "INVALID_PASSWORD" });
    expect(await change(here, OLD, NEW, `${NEW}.`)).toMatchObject({
      ok: false,
      code: "PASSWORD_MISMATCH",
      params: { changing: true },
    });
    expect(await change(here, OLD, OLD)).toMatchObject({ ok: false, code: "SAME_PASSWORD" });
    expect(await verifyPassword(await storedHash(here.user.id), OLD)).toBe(true);
  });
});
