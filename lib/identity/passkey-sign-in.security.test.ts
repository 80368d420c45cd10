import { describe, expect, it } from "vitest";
import { registerPasskey, signInWithPasskey } from "../../tests/support/passkey-helpers";
import { auditTypes, META } from "../../tests/support/test-db";
import { expectOk, testScenario } from "../../tests/scenario";
import { generateToken } from "../security/tokens";
import { finishPasskeySignIn, startPasskeySignIn } from "./passkey-sign-in";

const t = testScenario();

async function auditData(userId: string, type: string) {
  const events = await t.db.store.audit.list(t.acme.id, { userId, limit: 100 });
  const event = events.find((e) => e.type === type);
  return event ? event.data : null;
}

describe("passkey sign-in with a real (software) authenticator", () => {
  it("a synced passkey with user verification gives AAL2 with amr swk + user + mfa, and the UV flag is recorded", async () => {
    const auth = await t.signedIn("synced@example.com");
    const key = t.authenticator({ userVerification: true, backupEligible: true });
    const passkeyId = await registerPasskey(t, t.acme, auth, key);
    expect(await auditData(auth.user.id, "factor.added")).toMatchObject({
      factor: "passkey",
      passkeyId,
      userVerified: true,
      backupEligible: true,
    });
    const stored = (await t.db.store.passkeys.listForUser(t.acme.id, auth.user.id))[0]!;
    expect(stored).toMatchObject({ backupEligible: true, backedUp: true, counter: 0 });

    const { result } = await signInWithPasskey(t, t.acme, key);
    expect(result).toMatchObject({ ok: true, next: "complete" });
    if (!result.ok) return;
    expect(result.session.aal).toBe(2);
    expect(result.session.amr).toEqual(["swk", "user", "mfa"]);
    expect(result.session.stage).toBe("complete");
    expect(await auditData(auth.user.id, "user.signed_in")).toMatchObject({
      method: "passkey",
      userVerified: true,
      aal: 2,
    });
    expect((await t.db.store.passkeys.listForUser(t.acme.id, auth.user.id))[0]!.counter).toBe(1);
  });

  it("a passkey that says it is device-bound, with attestation none, gives AAL2 (swk), not AAL3", async () => {
    const auth = await t.withPasskey("bound@example.com", {
      authenticator: t.authenticator({ userVerification: true, backupEligible: false }),
    });
    const key = auth.authenticator;
    const { result } = await signInWithPasskey(t, t.acme, key);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.session.aal).toBe(2);
    expect(result.session.amr).toEqual(["swk", "user", "mfa"]);
  });

  it("without user verification a passkey is one factor: AAL1, no `user`, and the missing UV flag is recorded", async () => {
    const auth = await t.withPasskey("no-uv@example.com", {
      authenticator: t.authenticator({ userVerification: false, backupEligible: false }),
    });
    const key = auth.authenticator;
    expect(await auditData(auth.user.id, "factor.added")).toMatchObject({ userVerified: false });
    const { result } = await signInWithPasskey(t, t.acme, key);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.session.aal).toBe(1);
    expect(result.session.amr).toEqual(["swk"]);
    expect(await auditData(auth.user.id, "user.signed_in")).toMatchObject({ userVerified: false, aal: 1 });
  });

  it("an assertion for a registered credential id signed by another key is refused (and is not mistaken for a cloned authenticator)", async () => {
    const auth = await t.withPasskey("forged@example.com");
    const key = auth.authenticator;
    const impostor = t.authenticator();
    impostor.register({
      challenge: "unused",
      rp: { id: "portal.example.test", name: "Acme" },
      user: { id: "aW1wb3N0b3I", name: "impostor", displayName: "impostor" },
      pubKeyCredParams: [{ alg: -7, type: "public-key" }],
    });
    const binding = generateToken();
    const options = await startPasskeySignIn(t.deps, t.acme, binding);
    expectOk(options);
    const forged = impostor.authenticate(options.options);
    const realId = key.credential!.id;
    const attempt = await finishPasskeySignIn(t.deps, t.acme, { ...forged, id: realId, rawId: realId }, binding, META);
    expect(attempt).toMatchObject({ ok: false, code: "CEREMONY_FAILED" });
    expect(await auditTypes(t.db.store, t.acme.id, auth.user.id)).not.toContain("passkey.counter_regressed");
    expect((await t.db.store.passkeys.listForUser(t.acme.id, auth.user.id))[0]!.lastUsedAt).toBeNull();
  });
});
