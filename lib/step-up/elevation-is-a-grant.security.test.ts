// A step-up is a grant for one action (single use) or one level, with its own expiry; it never
// refreshes the session's own sign-in proofs. These reproduce the outside review's finding: a
// TOTP step-up for `email.change` wrote the `otp` time into the session, a password step-up for a
// profile change wrote `pwd`, and the session then passed every AAL2 action for 5 minutes.
import { describe, expect, it } from "vitest";
import { PASSWORD } from "../../tests/support/passkey-helpers";
import { META } from "../../tests/support/test-db";
import { expectOk, testScenario } from "../../tests/scenario";
import type { TSession } from "../sessions/types";
import { requestEmailChange } from "../account/change-email";
import { signInWithPassword } from "../identity/sign-in-with-password";
import { totpCodeAt } from "../identity/totp";
import {
  confirmTotpEnrolment,
  findPendingTotp,
  regenerateRecoveryCodes,
  removeTotp,
  startTotpEnrolment,
} from "../account/totp-enrolment";
import { verifySecondFactor } from "../identity/verify-second-factor";
import { checkStepUp } from "./step-up";
import { stepUpWithCode, stepUpWithPassword } from "./verify";
import type { TUser } from "../identity/types";

const t = testScenario();

type TAuth = { session: TSession; user: TUser };

const reload = async (auth: TAuth): Promise<TAuth> => ({
  session: (await t.db.store.sessions.findById(t.acme.id, auth.session.id))!,
  user: (await t.db.store.users.findById(t.acme.id, auth.user.id))!,
});

/** A user with an authenticator app, signed in with password + code (AAL2), and that sign-in now 6 minutes old. */
async function staleAal2Session(email: string) {
  const first = await t.signedIn(email);
  expect(await startTotpEnrolment(t.deps, t.acme, first)).toEqual({ ok: true });
  const { secret } = (await findPendingTotp(t.deps, t.acme, first.user))!;
  const enrolled = await confirmTotpEnrolment(
    t.deps,
    t.acme,
    first,
    { code: totpCodeAt(secret, t.clock.now()), endOtherSessions: true },
    META,
  );
  expectOk(enrolled);
  t.clock.advance(60_000);
  const pending = await signInWithPassword(t.deps, t.acme, { email, password: PASSWORD }, META);
  if (!pending.ok || pending.next !== "second_factor") throw new Error("expected a pending sign-in");
  const signedIn = await verifySecondFactor(
    t.deps,
    t.acme,
    { session: pending.session, user: pending.user },
    { code: totpCodeAt(secret, t.clock.now()) },
    META,
  );
  expectOk(signedIn);
  expect(signedIn.session.aal).toBe(2);
  // Every 5-minute action now needs a step-up: the sign-in's own proofs are too old.
  t.clock.advance(6 * 60_000);
  const code = () => {
    // A new 30-second step each time, so no code is a replay of the previous one.
    t.clock.advance(31_000);
    return totpCodeAt(secret, t.clock.now());
  };
  return { auth: { session: signedIn.session, user: pending.user }, code };
}

describe("a step-up counts only as the grant it is", () => {
  it("a TOTP step-up for email.change plus a password step-up for a profile change do not let recovery codes be regenerated or the app be removed", async () => {
    const { auth, code } = await staleAal2Session("codes@example.com");
    const timesAtSignIn = auth.session.methodTimes;
    expect(await stepUpWithPassword(t.deps, t.acme, auth, "profile.update", PASSWORD, META)).toMatchObject({
      ok: true,
    });
    expect(await stepUpWithCode(t.deps, t.acme, await reload(auth), "email.change", code(), META)).toMatchObject({
      ok: true,
      aal: 2,
    });
    const now = await reload(auth);
    // The session's own proof times are still those of its sign-in.
    expect(now.session.methodTimes).toEqual(timesAtSignIn);
    expect(await regenerateRecoveryCodes(t.deps, t.acme, now, META)).toMatchObject({
      ok: false,
      module: "step_up",
      code: "REQUIRED",
    });
    expect(await removeTotp(t.deps, t.acme, now, { endOtherSessions: false }, META)).toMatchObject({
      ok: false,
      module: "step_up",
      code: "REQUIRED",
    });
    expect(await t.db.store.totp.findByUserId(t.acme.id, auth.user.id)).not.toBeNull();
  });

  it("the email.change grant is used up by one email change: a second change needs a new step-up, even within its 5 minutes", async () => {
    const { auth, code } = await staleAal2Session("twice@example.com");
    // With the password proven again as well, the session would look freshly signed in at AAL2 if a step-up refreshed
    // it.
    expect(await stepUpWithPassword(t.deps, t.acme, auth, "profile.update", PASSWORD, META)).toMatchObject({
      ok: true,
    });
    expect(await stepUpWithCode(t.deps, t.acme, await reload(auth), "email.change", code(), META)).toMatchObject({
      ok: true,
    });
    expect(await requestEmailChange(t.deps, t.acme, await reload(auth), { email: "first@example.com" }, META)).toEqual({
      ok: true,
      email: "first@example.com",
    });
    expect(
      await requestEmailChange(t.deps, t.acme, await reload(auth), { email: "second@example.com" }, META),
    ).toMatchObject({
      ok: false,
      module: "step_up",
      code: "REQUIRED",
      params: { action: "email.change", requiredAal: 2 },
    });
    const grants = await t.db.store.stepUpGrants.listUsable(
      t.acme.id,
      auth.user.id,
      auth.session.id,
      "email.change",
      t.clock.now(),
    );
    expect(grants).toEqual([]);
  });

  it("a password step-up for an AAL1 action does not satisfy an AAL2 action", async () => {
    const { auth, code } = await staleAal2Session("aal1@example.com");
    // A code proven (and spent on one email change) just before the password step-up.
    expect(await stepUpWithCode(t.deps, t.acme, auth, "email.change", code(), META)).toMatchObject({ ok: true });
    expect(
      await requestEmailChange(t.deps, t.acme, await reload(auth), { email: "moved@example.com" }, META),
    ).toMatchObject({ ok: true });
    expect(
      await stepUpWithPassword(t.deps, t.acme, await reload(auth), "profile.update", PASSWORD, META),
    ).toMatchObject({ ok: true, aal: 1 });
    const now = await reload(auth);
    for (const action of [
      "factor.remove",
      "factor.add",
      "password.change",
      "sessions.revoke_all",
      "recovery_codes.regenerate",
    ]) {
      expect(await checkStepUp(t.deps, t.acme, now, action, META), action).toMatchObject({
        ok: false,
        code: "REQUIRED",
        params: { requiredAal: 2 },
      });
    }
    // The AAL1 grant still does what it was granted for.
    expect((await checkStepUp(t.deps, t.acme, now, "profile.update", META)).ok).toBe(true);
  });

  it("a level grant from a TOTP step-up covers other actions of that level only until it expires, and never the single-use ones", async () => {
    const { auth, code } = await staleAal2Session("level@example.com");
    expect(await stepUpWithCode(t.deps, t.acme, auth, "factor.remove", code(), META)).toMatchObject({
      ok: true,
      aal: 2,
    });
    const now = await reload(auth);
    expect((await checkStepUp(t.deps, t.acme, now, "recovery_codes.regenerate", META)).ok).toBe(true);
    expect(await checkStepUp(t.deps, t.acme, now, "email.change", META)).toMatchObject({ ok: false, code: "REQUIRED" });
    t.clock.advance(5 * 60_000 + 1);
    expect(await checkStepUp(t.deps, t.acme, now, "recovery_codes.regenerate", META)).toMatchObject({
      ok: false,
      code: "REQUIRED",
    });
  });
});
