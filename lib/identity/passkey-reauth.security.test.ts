import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { registerPasskey, signedInUser, softAuthenticator } from "../../tests/support/passkey-helpers";
import type { TSoftAuthenticator } from "../../tests/support/soft-authenticator";
import { auditTypes, createTestContext, META, type TTestContext } from "../../tests/support/test-db";
import type { TSession, TTenant, TUser } from "../db/store";
import { generateToken } from "../security/tokens";
import { hasRecentProof, methodTimesOf, RECENT_PROOF_MS } from "../sessions/recent-proof";
import { reauthenticateWithPasskey, startPasskeySignIn } from "./passkeys";

let t: TTestContext;
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(async () => {
  await t.db.close();
});

async function reauth(tenant: TTenant, auth: { session: TSession; user: TUser }, key: TSoftAuthenticator, challengeTenant: TTenant = tenant) {
  const binding = generateToken();
  const options = await startPasskeySignIn(t.deps, challengeTenant, binding);
  if (!options.ok) throw new Error(options.message);
  return reauthenticateWithPasskey(t.deps, tenant, auth, key.authenticate(options.options), binding, META);
}

const reload = async (tenantId: string, session: TSession) => (await t.db.store.sessions.findById(tenantId, session.id))!;

describe("re-authenticating a session with a passkey", () => {
  it("records a fresh proof on the session's own user's session", async () => {
    const auth = await signedInUser(t, t.acme, "own@example.com");
    const key = softAuthenticator(t.deps);
    await registerPasskey(t, t.acme, auth, key);
    t.clock.advance(RECENT_PROOF_MS + 1);
    expect(hasRecentProof(await reload(t.acme.id, auth.session), t.clock.now())).toBe(false);
    expect(await reauth(t.acme, auth, key)).toEqual({ ok: true });
    const session = await reload(t.acme.id, auth.session);
    expect(hasRecentProof(session, t.clock.now())).toBe(true);
    expect(methodTimesOf(session)).toMatchObject({ hwk: t.clock.now().toISOString(), user: t.clock.now().toISOString() });
    expect(await auditTypes(t.db.store, t.acme.id, auth.user.id)).toContain("user.reauthenticated");
  });

  it("a passkey of another user of the same tenant cannot re-authenticate this session", async () => {
    const victim = await signedInUser(t, t.acme, "victim@example.com");
    const attacker = await signedInUser(t, t.acme, "attacker@example.com");
    const attackerKey = softAuthenticator(t.deps);
    await registerPasskey(t, t.acme, attacker, attackerKey);
    t.clock.advance(RECENT_PROOF_MS + 1);
    expect(await reauth(t.acme, victim, attackerKey)).toMatchObject({ ok: false, code: "CEREMONY_FAILED" });
    const session = await reload(t.acme.id, victim.session);
    expect(hasRecentProof(session, t.clock.now())).toBe(false);
    expect(Object.keys(methodTimesOf(session))).toEqual(["pwd"]);
    expect(await auditTypes(t.db.store, t.acme.id, victim.user.id)).not.toContain("user.reauthenticated");
    // The attacker's counter did not move either: nothing was recorded as a use.
    expect((await t.db.store.passkeys.listForUser(t.acme.id, attacker.user.id))[0]!.lastUsedAt).toBeNull();
  });

  it("a passkey of another tenant cannot re-authenticate this session, whichever tenant issued the challenge", async () => {
    const victim = await signedInUser(t, t.acme, "victim2@example.com");
    const other = await signedInUser(t, t.globex, "victim2@example.com"); // same address, other tenant
    const globexKey = softAuthenticator(t.deps);
    await registerPasskey(t, t.globex, other, globexKey);
    t.clock.advance(RECENT_PROOF_MS + 1);
    expect(await reauth(t.acme, victim, globexKey)).toMatchObject({ ok: false, code: "CEREMONY_FAILED" });
    expect(await reauth(t.acme, victim, globexKey, t.globex)).toMatchObject({ ok: false, code: "CEREMONY_FAILED" });
    expect(hasRecentProof(await reload(t.acme.id, victim.session), t.clock.now())).toBe(false);
  });
});
