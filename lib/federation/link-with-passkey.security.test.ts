// Proving a pending account link with a passkey: the challenge is bound to the link request, the
// browser and the account, so only that account's passkey, answering that request's challenge in
// that browser, links the identity.
import { describe, expect, it } from "vitest";
import { registerPasskey, signedInUser, softAuthenticator } from "../../tests/support/passkey-helpers";
import { testScenario } from "../../tests/scenario";
import { startPasskeySignIn } from "../identity/passkey-sign-in";
import { generateToken } from "../security/tokens";
import { completeFederatedSignIn } from "./complete-federated-sign-in";
import { createConnection } from "./connections";
import { completeFederatedLinkWithPasskey, startFederatedLinkPasskey } from "./link-with-passkey";

const t = testScenario();
const META = { ip: "203.0.113.9", userAgent: "test" };
const OPERATOR = { staffId: null, by: "operator", meta: META };

async function setUp() {
  await t.store.organisations.create({
    tenantId: t.globex.id,
    slug: "initech",
    name: "Initech",
    domains: ["initech.test"],
    policy: {},
    at: t.clock.now(),
  });
  const created = await createConnection(t.deps, OPERATOR, {
    tenant: t.globex,
    organisation: "initech",
    issuer: "https://idp.initech.test",
    clientId: "portico",
    clientSecret: "s3cret-value",
  });
  if (!created.ok) throw new Error(created.code);
  const ada = await signedInUser(t, t.globex, "ada@initech.test");
  const adaKey = softAuthenticator(t.deps);
  await registerPasskey(t, t.globex, ada, adaKey);
  const bea = await signedInUser(t, t.globex, "bea@initech.test");
  const beaKey = softAuthenticator(t.deps);
  await registerPasskey(t, t.globex, bea, beaKey);
  const link = async (sub = "idp-ada") => {
    const result = await completeFederatedSignIn(
      t.deps,
      t.globex,
      {
        connectionId: created.value.id,
        profile: { sub, email: "ada@initech.test", email_verified: true },
      },
      META,
    );
    if (!result.ok || result.kind !== "link") throw new Error("expected a link request");
    return result.linkToken;
  };
  return { connectionId: created.value.id, ada, adaKey, beaKey, link };
}

describe("linking with a passkey", () => {
  it("the account's own passkey, answering this link request's challenge in this browser, links and signs in", async () => {
    const { connectionId, ada, adaKey, link } = await setUp();
    const linkToken = await link();
    const browserBinding = generateToken();
    const options = await startFederatedLinkPasskey(t.deps, t.globex, { linkToken, browserBinding });
    if (!options.ok) throw new Error(options.code);
    expect(options.options.allowCredentials?.length).toBe(1);
    const result = await completeFederatedLinkWithPasskey(
      t.deps,
      t.globex,
      { linkToken, browserBinding, response: adaKey.authenticate(options.options) },
      META,
    );
    if (!result.ok || result.kind !== "signed_in") throw new Error(result.ok ? result.kind : result.code);
    expect(result.user.id).toBe(ada.user.id);
    expect(result.session.amr).toContain("fed");
    expect(await t.store.federatedIdentities.find(t.globex.id, connectionId, "idp-ada")).not.toBeNull();
    const linked = (await t.store.audit.list(t.globex.id)).find((e) => e.type === "federated_identity.linked");
    expect(linked?.data).toMatchObject({ proof: "passkey" });
  });

  it("refuses another account's passkey, a challenge of another link request, of plain sign-in, or from another browser", async () => {
    const { connectionId, adaKey, beaKey, link } = await setUp();
    const linkToken = await link();
    const browserBinding = generateToken();
    const attempt = (response: ReturnType<typeof adaKey.authenticate>, binding = browserBinding) =>
      completeFederatedLinkWithPasskey(t.deps, t.globex, { linkToken, browserBinding: binding, response }, META);

    // Bea's passkey answering a challenge stored for this request (the allow list named only Ada's key).
    const forAda = await startFederatedLinkPasskey(t.deps, t.globex, { linkToken, browserBinding });
    if (!forAda.ok) throw new Error(forAda.code);
    const beaAnswer = await attempt(beaKey.authenticate({ ...forAda.options, allowCredentials: [] }));
    expect(beaAnswer.ok ? "ok" : beaAnswer.code).toBe("LINK_PROOF_FAILED");

    // A challenge of another link request of the same account, in the same browser.
    const otherToken = await link("idp-ada-2");
    const other = await startFederatedLinkPasskey(t.deps, t.globex, { linkToken: otherToken, browserBinding });
    if (!other.ok) throw new Error(other.code);
    const crossed = await attempt(adaKey.authenticate(other.options));
    expect(crossed.ok ? "ok" : crossed.code).toBe("LINK_PROOF_FAILED");

    // A plain passkey sign-in challenge of this browser.
    const plain = await startPasskeySignIn(t.deps, t.globex, browserBinding);
    if (!plain.ok) throw new Error(plain.code);
    const fromSignIn = await attempt(adaKey.authenticate(plain.options));
    expect(fromSignIn.ok ? "ok" : fromSignIn.code).toBe("LINK_PROOF_FAILED");

    // This request's challenge, answered from another browser.
    const fresh = await startFederatedLinkPasskey(t.deps, t.globex, { linkToken, browserBinding });
    if (!fresh.ok) throw new Error(fresh.code);
    const elsewhere = await attempt(adaKey.authenticate(fresh.options), generateToken());
    expect(elsewhere.ok ? "ok" : elsewhere.code).toBe("LINK_PROOF_FAILED");

    expect(await t.store.federatedIdentities.find(t.globex.id, connectionId, "idp-ada")).toBeNull();
  });
});
