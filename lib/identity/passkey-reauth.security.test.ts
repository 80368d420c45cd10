import { describe, expect, it } from "vitest";
import { registerPasskey } from "../../tests/support/passkey-helpers";
import type { TSoftAuthenticator } from "../../tests/support/soft-authenticator";
import { auditTypes, META } from "../../tests/support/test-db";
import { expectOk, testScenario } from "../../tests/scenario";
import type { TSession } from "../sessions/types";
import { generateToken } from "../security/tokens";
import { checkStepUp } from "../step-up/step-up";
import { stepUpWithPasskey } from "../step-up/verify";
import { startPasskeySignIn } from "./passkey-sign-in";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "./types";

const t = testScenario();

const FACTOR_CHANGE_WINDOW_MS = 5 * 60_000;

async function stepUp(
  tenant: TTenant,
  auth: { session: TSession; user: TUser },
  key: TSoftAuthenticator,
  challengeTenant: TTenant = tenant,
) {
  const binding = generateToken();
  const options = await startPasskeySignIn(t.deps, challengeTenant, binding);
  expectOk(options);
  return stepUpWithPasskey(t.deps, tenant, auth, "factor.add", key.authenticate(options.options), binding, META);
}

const reload = async (tenantId: string, session: TSession) =>
  (await t.db.store.sessions.findById(tenantId, session.id))!;
const canChangeFactors = async (tenant: TTenant, auth: { session: TSession; user: TUser }) =>
  (await checkStepUp(t.deps, tenant, auth, "factor.add", META)).ok;

describe("re-authenticating (stepping up) a session with a passkey", () => {
  it("grants a short-lived elevation to the session's own user, with a new session token", async () => {
    const auth = await t.withPasskey("own@example.com");
    const key = auth.authenticator;
    t.clock.advance(FACTOR_CHANGE_WINDOW_MS + 1);
    const before = await reload(t.acme.id, auth.session);
    expect(await canChangeFactors(t.acme, { session: before, user: auth.user })).toBe(false);
    const result = await stepUp(t.acme, { session: before, user: auth.user }, key);
    expect(result).toMatchObject({ ok: true });
    const after = await reload(t.acme.id, auth.session);
    expect(after.tokenHash).not.toBe(before.tokenHash);
    expect(await canChangeFactors(t.acme, { session: after, user: auth.user })).toBe(true);
    expect(await auditTypes(t.db.store, t.acme.id, auth.user.id)).toContain("step_up.succeeded");
    // The elevation expires: it never raises the session for good.
    t.clock.advance(FACTOR_CHANGE_WINDOW_MS + 1);
    expect(await canChangeFactors(t.acme, { session: after, user: auth.user })).toBe(false);
  });

  it("a passkey of another user of the same tenant cannot step up this session", async () => {
    const victim = await t.signedIn("victim@example.com");
    const attacker = await t.withPasskey("attacker@example.com");
    const attackerKey = attacker.authenticator;
    const victimKey = t.authenticator();
    await registerPasskey(t, t.acme, victim, victimKey);
    t.clock.advance(FACTOR_CHANGE_WINDOW_MS + 1);
    const session = await reload(t.acme.id, victim.session);
    expect(await stepUp(t.acme, { session, user: victim.user }, attackerKey)).toMatchObject({
      ok: false,
      code: "CEREMONY_FAILED",
    });
    expect(
      await canChangeFactors(t.acme, { session: await reload(t.acme.id, victim.session), user: victim.user }),
    ).toBe(false);
    expect(await auditTypes(t.db.store, t.acme.id, victim.user.id)).toContain("step_up.failed");
    expect(await auditTypes(t.db.store, t.acme.id, victim.user.id)).not.toContain("step_up.succeeded");
    // The attacker's counter did not move either: nothing was recorded as a use.
    expect((await t.db.store.passkeys.listForUser(t.acme.id, attacker.user.id))[0]!.lastUsedAt).toBeNull();
  });

  it("a passkey of another tenant cannot step up this session, whichever tenant issued the challenge", async () => {
    const victim = await t.withPasskey("victim2@example.com");
    const other = await t.signedIn("victim2@example.com", { tenant: t.globex }); // same address, other tenant
    const globexKey = t.authenticator();
    await registerPasskey(t, t.globex, other, globexKey);
    t.clock.advance(FACTOR_CHANGE_WINDOW_MS + 1);
    const session = await reload(t.acme.id, victim.session);
    expect(await stepUp(t.acme, { session, user: victim.user }, globexKey)).toMatchObject({
      ok: false,
      code: "CEREMONY_FAILED",
    });
    expect(await stepUp(t.acme, { session, user: victim.user }, globexKey, t.globex)).toMatchObject({
      ok: false,
      code: "CEREMONY_FAILED",
    });
    expect(
      await canChangeFactors(t.acme, { session: await reload(t.acme.id, victim.session), user: victim.user }),
    ).toBe(false);
  });
});
