// AAL3 from passkeys (outside review, point 14): the "not backup-eligible" flag is the
// authenticator's own claim, so it alone never gives AAL3. Only a tenant that requires attestation
// and trusts the root an authenticator's attestation chains to gets AAL3 from it; every other
// passkey with user verification is AAL2. The attestations are real "packed" statements from the
// soft authenticator, signed by test CAs made here: one the tenant trusts, one it does not.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAttestationCa, type TAttestationCa } from "../../tests/support/attestation-ca";
import { registerPasskey, signInWithPasskey, softAuthenticator } from "../../tests/support/passkey-helpers";
import type { TSoftAuthenticator } from "../../tests/support/soft-authenticator";
import { META } from "../../tests/support/test-db";
import { expectOk, testScenario } from "../../tests/scenario";
import type { TTenant } from "../tenancy/types";
import { generateToken } from "../security/tokens";
import { checkStepUp } from "../step-up/step-up";
import { stepUpWithPasskey } from "../step-up/verify";
import { checkRootCertificates, trustedRootsOf } from "./attestation";
import { finishPasskeyRegistration, startPasskeyRegistration } from "../account/passkey-registration";
import { startPasskeySignIn } from "./passkey-sign-in";

let trusted: TAttestationCa;
let untrusted: TAttestationCa;
beforeAll(async () => {
  trusted = await createAttestationCa("Trusted Maker Root");
  untrusted = await createAttestationCa("Unknown Maker Root");
});

let strict: TTenant;
const t = testScenario();
beforeEach(async () => {
  const roots = checkRootCertificates(trusted.pem, t.clock.now());
  expectOk(roots);
  strict = await t.db.store.tenantSettings.update(
    t.acme.id,
    { requireAttestation: true, attestationRoots: roots.roots.map((r) => r.pem) },
    t.clock.now(),
  );
});

async function deviceBoundKey(
  ca: TAttestationCa | null,
  options: { backupEligible?: boolean } = {},
): Promise<TSoftAuthenticator> {
  return softAuthenticator(t.deps, {
    userVerification: true,
    backupEligible: options.backupEligible ?? false,
    attestation: ca ? await ca.issueAttestation() : undefined,
  });
}

async function aalOfSignIn(tenant: TTenant, key: TSoftAuthenticator) {
  const { result } = await signInWithPasskey(t, tenant, key);
  expectOk(result);
  return { aal: result.session.aal, amr: [...result.session.amr] as string[] };
}

describe("passkey attestation and AAL3", () => {
  it("registration asks for direct attestation only where the tenant requires it", async () => {
    const auth = await t.signedIn("options@example.com", { tenant: strict });
    const required = await startPasskeyRegistration(t.deps, strict, auth, generateToken());
    const relaxed = await startPasskeyRegistration(
      t.deps,
      { ...strict, requireAttestation: false },
      auth,
      generateToken(),
    );
    expect(required).toMatchObject({ ok: true, options: { attestation: "direct" } });
    expect(relaxed).toMatchObject({ ok: true, options: { attestation: "none" } });
  });

  it("a device-bound passkey whose packed attestation chains to the tenant's trusted root signs in at AAL3 (hwk), and the root is stored with it", async () => {
    const auth = await t.signedIn("trusted@example.com", { tenant: strict });
    const key = await deviceBoundKey(trusted);
    await registerPasskey(t, strict, auth, key);
    const [stored] = await t.db.store.passkeys.listForUser(strict.id, auth.user.id);
    expect(stored).toMatchObject({ attestationFormat: "packed", attestationRoot: trustedRootsOf(strict)[0]!.sha256 });
    expect(await aalOfSignIn(strict, key)).toEqual({ aal: 3, amr: ["hwk", "user", "mfa"] });
  });

  it("a packed attestation from a CA the tenant does not trust registers the passkey, but only at AAL2", async () => {
    const auth = await t.signedIn("untrusted@example.com", { tenant: strict });
    const key = await deviceBoundKey(untrusted);
    await registerPasskey(t, strict, auth, key);
    expect((await t.db.store.passkeys.listForUser(strict.id, auth.user.id))[0]).toMatchObject({
      attestationFormat: "packed",
      attestationRoot: null,
    });
    expect(await aalOfSignIn(strict, key)).toEqual({ aal: 2, amr: ["swk", "user", "mfa"] });
  });

  it("attestation none is AAL2, even with the device-bound flag and user verification", async () => {
    const auth = await t.signedIn("none@example.com", { tenant: strict });
    const key = await deviceBoundKey(null);
    await registerPasskey(t, strict, auth, key);
    expect((await t.db.store.passkeys.listForUser(strict.id, auth.user.id))[0]).toMatchObject({
      attestationFormat: "none",
      attestationRoot: null,
    });
    expect(await aalOfSignIn(strict, key)).toEqual({ aal: 2, amr: ["swk", "user", "mfa"] });
  });

  it("a trusted attestation of a synced (backup-eligible) passkey stays AAL2", async () => {
    const auth = await t.signedIn("synced@example.com", { tenant: strict });
    const key = await deviceBoundKey(trusted, { backupEligible: true });
    await registerPasskey(t, strict, auth, key);
    expect(await aalOfSignIn(strict, key)).toMatchObject({ aal: 2 });
  });

  it("AAL3 lasts only while the tenant requires attestation and trusts that root", async () => {
    const auth = await t.signedIn("demoted@example.com", { tenant: strict });
    const key = await deviceBoundKey(trusted);
    await registerPasskey(t, strict, auth, key);
    const off = await t.db.store.tenantSettings.update(strict.id, { requireAttestation: false }, t.clock.now());
    expect(await aalOfSignIn(off, key)).toMatchObject({ aal: 2 });
    const otherRoot = await t.db.store.tenantSettings.update(
      strict.id,
      { requireAttestation: true, attestationRoots: [untrusted.pem] },
      t.clock.now(),
    );
    expect(await aalOfSignIn(otherRoot, key)).toMatchObject({ aal: 2 });
  });

  it("an attestation statement signed by a key other than its certificate's is refused", async () => {
    const auth = await t.signedIn("forged@example.com", { tenant: strict });
    const genuine = await trusted.issueAttestation();
    const impostor = await untrusted.issueAttestation();
    const key = t.authenticator({
      backupEligible: false,
      attestation: { ...genuine, privateKey: impostor.privateKey },
    });
    const binding = generateToken();
    const options = await startPasskeyRegistration(t.deps, strict, auth, binding);
    expectOk(options);
    expect(
      await finishPasskeyRegistration(
        t.deps,
        strict,
        auth,
        { response: key.register(options.options), name: "Forged" },
        binding,
        META,
      ),
    ).toMatchObject({ ok: false, code: "CEREMONY_FAILED" });
    expect(await t.db.store.passkeys.countForUser(strict.id, auth.user.id)).toBe(0);
  });

  it("an AAL3 action accepts a step-up with the trusted passkey and refuses one with an unattested passkey", async () => {
    await t.db.store.stepUpPolicies.save(
      strict.id,
      {
        action: "vault.open",
        label: "Open the vault",
        minAal: 3,
        singleFactorAal: 3,
        maxAgeMinutes: 5,
        methods: ["passkey"],
        singleUse: true,
        builtIn: false,
      },
      t.clock.now(),
    );
    const stepUp = async (email: string, key: TSoftAuthenticator) => {
      const auth = await t.signedIn(email, { tenant: strict });
      await registerPasskey(t, strict, auth, key);
      t.clock.advance(6 * 60_000);
      const binding = generateToken();
      const request = await startPasskeySignIn(t.deps, strict, binding);
      expectOk(request);
      const current = { session: (await t.db.store.sessions.findById(strict.id, auth.session.id))!, user: auth.user };
      const result = await stepUpWithPasskey(
        t.deps,
        strict,
        current,
        "vault.open",
        key.authenticate(request.options),
        binding,
        META,
      );
      return {
        result,
        check: await checkStepUp(
          t.deps,
          strict,
          { session: (await t.db.store.sessions.findById(strict.id, auth.session.id))!, user: auth.user },
          "vault.open",
          META,
        ),
      };
    };
    const attested = await stepUp("vault-attested@example.com", await deviceBoundKey(trusted));
    expect(attested.result).toMatchObject({ ok: true, aal: 3 });
    expect(attested.check.ok).toBe(true);
    const plain = await stepUp("vault-plain@example.com", await deviceBoundKey(null));
    expect(plain.result).toMatchObject({ ok: false, code: "TOO_WEAK" });
    expect(plain.check.ok).toBe(false);
  });
});
