import { describe, expect, it } from "vitest";
import { registerPasskey, signInWithPasskey } from "../../tests/support/passkey-helpers";
import { META } from "../../tests/support/test-db";
import { expectOk, testScenario } from "../../tests/scenario";
import { generateToken } from "../security/tokens";
import { finishPasskeySignIn, startPasskeySignIn } from "./passkey-sign-in";

const t = testScenario();

describe("a passkey assertion is good once, in the browser and tenant its challenge went to", () => {
  it("a replayed assertion is refused, even with the same browser binding", async () => {
    const auth = await t.signedIn("replay@example.com");
    const key = t.authenticator({ counter: "zero" }); // no counter to save the day: only the challenge does
    await registerPasskey(t, t.acme, auth, key);
    const binding = generateToken();
    const { response, result } = await signInWithPasskey(t, t.acme, key, binding);
    expect(result.ok).toBe(true);
    expect(await finishPasskeySignIn(t.deps, t.acme, response, binding, META)).toMatchObject({
      ok: false,
      code: "CEREMONY_FAILED",
    });
  });

  it("an assertion for a challenge issued to another browser is refused, and does not burn that browser's challenge", async () => {
    const auth = await t.withPasskey("binding@example.com");
    const key = auth.authenticator;
    const victimBinding = generateToken();
    const options = await startPasskeySignIn(t.deps, t.acme, victimBinding);
    expectOk(options);
    const response = key.authenticate(options.options);
    expect(await finishPasskeySignIn(t.deps, t.acme, response, generateToken(), META)).toMatchObject({
      ok: false,
      code: "CEREMONY_FAILED",
    });
    expect(await finishPasskeySignIn(t.deps, t.acme, response, undefined, META)).toMatchObject({
      ok: false,
      code: "CEREMONY_FAILED",
    });
    expect((await finishPasskeySignIn(t.deps, t.acme, response, victimBinding, META)).ok).toBe(true);
  });

  it("an assertion for a challenge issued by another tenant is refused there and here", async () => {
    const auth = await t.withPasskey("tenant@example.com");
    const key = auth.authenticator;
    const binding = generateToken();
    // Challenge from globex, credential of acme, presented at acme: the challenge is not acme's.
    const globexOptions = await startPasskeySignIn(t.deps, t.globex, binding);
    expectOk(globexOptions);
    const forGlobex = key.authenticate(globexOptions.options);
    expect(await finishPasskeySignIn(t.deps, t.acme, forGlobex, binding, META)).toMatchObject({
      ok: false,
      code: "CEREMONY_FAILED",
    });
    // Presented at globex, where the challenge is valid: the credential is not globex's.
    expect(await finishPasskeySignIn(t.deps, t.globex, forGlobex, binding, META)).toMatchObject({
      ok: false,
      code: "CEREMONY_FAILED",
    });
    expect((await t.db.store.passkeys.listForUser(t.acme.id, auth.user.id))[0]!.lastUsedAt).toBeNull();
  });

  it("an assertion for another origin or RP ID is refused", async () => {
    const auth = await t.withPasskey("origin@example.com");
    const key = auth.authenticator;
    for (const overrides of [{ origin: "https://portal.example.test.evil.example" }, { rpId: "evil.example" }]) {
      const binding = generateToken();
      const options = await startPasskeySignIn(t.deps, t.acme, binding);
      expectOk(options);
      expect(
        await finishPasskeySignIn(t.deps, t.acme, key.authenticate(options.options, overrides), binding, META),
      ).toMatchObject({ ok: false, code: "CEREMONY_FAILED" });
    }
  });
});
