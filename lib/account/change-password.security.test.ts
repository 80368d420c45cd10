// A stolen session must not become a password-guessing oracle: wrong current passwords count
// against the same per-account throttle as sign-in.
import { describe, expect, it } from "vitest";
import { META } from "../../tests/support/test-db";
import { expectOk, testScenario } from "../../tests/scenario";
import { changePassword } from "./change-password";
import { signInWithPassword } from "../identity/sign-in-with-password";
import { stepUpWithPassword } from "../step-up/verify";
import { isStepUpFailure } from "../step-up/step-up";

const OLD = "correct horse battery staple";
const NEW = "a brand new staple for horses";
const EMAIL = "ada@example.com";
const t = testScenario();

describe("changePassword throttling", () => {
  it("after 3 wrong current passwords, even the right one must wait", async () => {
    await t.user(EMAIL, { password: OLD });
    const signIn = await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: OLD }, META);
    expectOk(signIn);
    const change = (currentPassword: string) =>
      changePassword(t.deps, t.acme, signIn, { currentPassword, newPassword: NEW, confirmPassword: NEW }, META);
    for (let i = 0; i < 3; i++)
      expect(await change(`guess number ${i} of many`)).toMatchObject({ code: "WRONG_PASSWORD" });
    expect(await change(OLD)).toMatchObject({ ok: false, code: "RATE_LIMITED", module: "password", status: 429 });
    // The same counter guards sign-in.
    expect(await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: OLD }, META)).toMatchObject({
      ok: false,
      code: "RATE_LIMITED",
      params: { scope: "failed_attempts" },
    });
    t.clock.advance(1000);
    expect(await change(OLD)).toMatchObject({ ok: true });
  });

  it("10 wrong current passwords (at the form, or at the step-up it sends to once the sign-in is old) lock sign-in for the account", async () => {
    await t.user(EMAIL, { password: OLD });
    const signIn = await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: OLD }, META);
    expectOk(signIn);
    let viaStepUp = 0;
    for (let i = 0; i < 10; i++) {
      const guess = `guess number ${i} of many`;
      const result = await changePassword(
        t.deps,
        t.acme,
        signIn,
        { currentPassword: guess, newPassword: NEW, confirmPassword: NEW },
        META,
      );
      if (isStepUpFailure(result)) {
        viaStepUp++;
        expect(await stepUpWithPassword(t.deps, t.acme, signIn, "password.change", guess, META)).toMatchObject({
          module: "step_up",
          code: "WRONG_PASSWORD",
        });
      } else expect(result).toMatchObject({ code: "WRONG_PASSWORD" });
      t.clock.advance(61_000);
    }
    expect(viaStepUp).toBeGreaterThan(0);
    expect(await stepUpWithPassword(t.deps, t.acme, signIn, "password.change", OLD, META)).toMatchObject({
      module: "risk",
      code: "RATE_LIMITED",
      params: { scope: "wrong_passwords" },
    });
    expect(await signInWithPassword(t.deps, t.acme, { email: EMAIL, password: OLD }, META)).toMatchObject({
      ok: false,
      code: "LOCKED",
    });
  });
});
