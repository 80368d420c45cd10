import { beforeEach, describe, expect, it } from "vitest";
import { createPasswordlessTenant, passwordlessUser } from "../../tests/support/passkey-helpers";
import { auditTypes, lastMailTo, linkToken, META } from "../../tests/support/test-db";
import { expectOk, testScenario } from "../../tests/scenario";
import type { TTenant } from "../tenancy/types";
import { finishPasskeyRegistration, startPasskeyRegistration } from "../account/passkey-registration";
import { generateToken } from "../security/tokens";
import { validateSession } from "../sessions/validate-session";
import { recoverWithNewPasskey } from "./recover-with-new-passkey";
import { requestPasswordReset } from "./request-password-reset";
import { startDelayedRecovery } from "./start-delayed-recovery";

let initech: TTenant;
const t = testScenario();
beforeEach(async () => {
  initech = await createPasswordlessTenant(t);
});

async function resetLink(email: string) {
  t.clock.advance(1000);
  await requestPasswordReset(t.deps, initech, { email }, META);
  return linkToken((await lastMailTo(t.db.store, email))?.text, "/initech/reset-password");
}

describe("recovery on a passwordless tenant", () => {
  it("a lost passkey: the link alone is refused, a delayed recovery waits, then the link opens a passkey setup that removes the old passkeys", async () => {
    const email = "lost-key@example.com";
    const old = await passwordlessUser(t, initech, email, t.authenticator());
    const first = await resetLink(email);
    expect(await recoverWithNewPasskey(t.deps, initech, { token: first }, META)).toMatchObject({
      ok: false,
      code: "FACTOR_REQUIRED",
    });
    expect(await startDelayedRecovery(t.deps, initech, { token: first }, META)).toMatchObject({ ok: true });
    // Before the wait is over a fresh link still does not bypass the passkey.
    t.clock.advance(24 * 3_600_000);
    expect(await recoverWithNewPasskey(t.deps, initech, { token: await resetLink(email) }, META)).toMatchObject({
      ok: false,
      code: "FACTOR_REQUIRED",
    });
    t.clock.advance(49 * 3_600_000);
    const after = await resetLink(email);
    expect(await recoverWithNewPasskey(t.deps, t.acme, { token: after }, META)).toMatchObject({ ok: false });
    const recovered = await recoverWithNewPasskey(t.deps, initech, { token: after }, META);
    expectOk(recovered);
    expect(await recoverWithNewPasskey(t.deps, initech, { token: after }, META)).toMatchObject({
      ok: false,
      code: "INVALID_LINK",
    });
    expect(await t.db.store.passkeys.countForUser(initech.id, old.user.id)).toBe(0);
    expect(await validateSession(t.deps, initech, recovered.token)).toBeNull(); // a setup session is not signed in
    expect((await t.db.store.sessions.findById(initech.id, old.session.id))?.revokedAt).not.toBeNull();
    expect((await t.db.store.users.findById(initech.id, old.user.id))?.recoveredAt).not.toBeNull();
    // The setup session creates the new passkey and becomes a signed-in session.
    const setup = { session: recovered.session, user: old.user };
    const binding = generateToken();
    const options = await startPasskeyRegistration(t.deps, initech, setup, binding);
    expectOk(options);
    const registered = await finishPasskeyRegistration(
      t.deps,
      initech,
      setup,
      { response: t.authenticator().register(options.options), name: "New key" },
      binding,
      META,
    );
    expect(registered).toMatchObject({ ok: true });
    expect(await auditTypes(t.db.store, initech.id, old.user.id)).toEqual(
      expect.arrayContaining(["recovery.completed", "password.reset"]),
    );
  });

  it("is not offered on a tenant that uses passwords", async () => {
    expect(await recoverWithNewPasskey(t.deps, t.acme, { token: generateToken() }, META)).toMatchObject({
      ok: false,
      code: "METHOD_NOT_ALLOWED",
    });
  });
});
