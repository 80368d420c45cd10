// completeFederatedSignIn and completeFederatedLink against a real database: what Portico does with
// an IdP's verified claims (the protocol checks themselves are next-auth's, tested end to end in
// e2e/b2b-enterprise.spec.ts against a real IdP), and home-realm discovery.
import { describe, expect, it } from "vitest";
import { PASSWORD, testScenario } from "../../tests/scenario";
import { hashToken } from "../security/tokens";
import { completeFederatedLink, completeFederatedSignIn } from "./complete-federated-sign-in";
import { createConnection, openClientSecret, secretContext } from "./connections";
import { discoverRealm } from "./home-realm";

const t = testScenario();
const META = { ip: "203.0.113.9", userAgent: "test" };
const OPERATOR = { staffId: null, by: "operator", meta: META };
const ISSUER = "https://idp.initech.test";

async function initech(options: { jit?: boolean; trust?: boolean } = {}) {
  const organisation = await t.store.organisations.create({
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
    issuer: ISSUER,
    clientId: "portico",
    clientSecret: "s3cret-value",
    jit: options.jit ?? false,
    trustIdpAssurance: options.trust ?? false,
  });
  if (!created.ok) throw new Error(created.code);
  return { organisation, connectionId: created.value.id };
}

const profile = (over: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  sub: "idp-subject-1",
  email: "ada@initech.test",
  email_verified: true,
  name: "Ada",
  ...over,
});

describe("federated sign-in", () => {
  it("refuses an assertion whose email_verified is not literally true, and makes no account", async () => {
    const { connectionId } = await initech({ jit: true });
    for (const verified of [false, "true", undefined]) {
      const result = await completeFederatedSignIn(
        t.deps,
        t.globex,
        { connectionId, profile: profile({ email_verified: verified }) },
        META,
      );
      expect(result.ok ? "ok" : result.code).toBe("EMAIL_NOT_VERIFIED");
    }
    expect(await t.store.users.findByEmail(t.globex.id, "ada@initech.test")).toBeNull();
    expect(await t.auditTypes(undefined, t.globex)).toContain("federated.refused");
  });

  it("refuses an address outside the organisation's domains", async () => {
    const { connectionId } = await initech({ jit: true });
    const result = await completeFederatedSignIn(
      t.deps,
      t.globex,
      { connectionId, profile: profile({ email: "ada@initech.test.evil.example" }) },
      META,
    );
    expect(result.ok ? "ok" : result.code).toBe("FOREIGN_DOMAIN");
  });

  it("provisions just in time: a verified member of the organisation signed in with amr fed at AAL1", async () => {
    const { connectionId, organisation } = await initech({ jit: true });
    const result = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
    if (!result.ok || result.kind !== "signed_in") throw new Error("not signed in");
    expect(result.session.amr).toEqual(["fed"]);
    expect(result.session.aal).toBe(1);
    expect(result.user.organisationId).toBe(organisation.id);
    expect(result.user.organisationRole).toBe("member");
    expect(result.user.emailVerifiedAt).not.toBeNull();
    expect(await t.auditTypes(result.user.id, t.globex)).toEqual(
      expect.arrayContaining(["user.provisioned", "federated_identity.linked", "federated.signed_in"]),
    );
    // The same subject again signs in to the same account.
    const again = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
    expect(again.ok && again.kind === "signed_in" && again.user.id).toBe(result.user.id);
  });

  it("without JIT or an invitation, an unknown person is refused (ask for an invitation)", async () => {
    const { connectionId } = await initech({ jit: false });
    const result = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
    expect(result.ok ? "ok" : result.code).toBe("NOT_PROVISIONED");
  });

  it("an open invitation to the organisation counts as provisioning, and is accepted once", async () => {
    const { connectionId, organisation } = await initech({ jit: false });
    const invitation = await t.store.invitations.create({
      tenantId: t.globex.id,
      organisationId: organisation.id,
      email: "ada@initech.test",
      role: "org_admin",
      tokenHash: hashToken("x".repeat(43)),
      invitedBy: "operator",
      at: t.clock.now(),
      expiresAt: new Date(t.clock.now().getTime() + 86_400_000),
    });
    const result = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
    if (!result.ok || result.kind !== "signed_in") throw new Error("not signed in");
    expect(result.user.organisationRole).toBe("org_admin");
    expect((await t.store.invitations.findById(t.globex.id, invitation.id))?.acceptedUserId).toBe(result.user.id);
  });

  it("never links silently: a matching local account gets a link request and no session until its password is proven", async () => {
    const { connectionId } = await initech({ jit: true });
    const local = await t.user("ada@initech.test", { tenant: t.globex });
    const result = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
    if (!result.ok || result.kind !== "link") throw new Error("expected a link request");
    expect(await t.store.sessions.listActive(t.globex.id, local.id, t.clock.now())).toHaveLength(0);
    expect(await t.store.federatedIdentities.listForUser(t.globex.id, local.id)).toHaveLength(0);

    const wrong = await completeFederatedLink(
      t.deps,
      t.globex,
      { linkToken: result.linkToken, password: "wrong password" },
      META,
    );
    expect(wrong.ok ? "ok" : wrong.code).toBe("LINK_PROOF_FAILED");
    expect(await t.store.federatedIdentities.listForUser(t.globex.id, local.id)).toHaveLength(0);

    const linked = await completeFederatedLink(
      t.deps,
      t.globex,
      { linkToken: result.linkToken, password: PASSWORD },
      META,
    );
    if (!linked.ok || linked.kind !== "signed_in") throw new Error("not linked");
    expect(linked.user.id).toBe(local.id);
    expect(linked.session.amr).toEqual(["fed", "pwd"]);
    expect(await t.store.federatedIdentities.listForUser(t.globex.id, local.id)).toHaveLength(1);
    expect(await t.auditTypes(local.id, t.globex)).toContain("federated_identity.linked");

    // Single use: the same link token does nothing a second time.
    const replay = await completeFederatedLink(
      t.deps,
      t.globex,
      { linkToken: result.linkToken, password: PASSWORD },
      META,
    );
    expect(replay.ok ? "ok" : replay.code).toBe("LINK_EXPIRED");
  });

  it("an expired link request is refused", async () => {
    const { connectionId } = await initech({ jit: true });
    await t.user("ada@initech.test", { tenant: t.globex });
    const result = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
    if (!result.ok || result.kind !== "link") throw new Error("expected a link request");
    t.clock.advance(11 * 60_000);
    const late = await completeFederatedLink(
      t.deps,
      t.globex,
      { linkToken: result.linkToken, password: PASSWORD },
      META,
    );
    expect(late.ok ? "ok" : late.code).toBe("LINK_EXPIRED");
  });

  it("maps the IdP's amr/acr to AAL2 only when the connection trusts the IdP's assurance", async () => {
    const trusted = await initech({ jit: true, trust: true });
    const mfa = await completeFederatedSignIn(
      t.deps,
      t.globex,
      { connectionId: trusted.connectionId, profile: profile({ amr: ["pwd", "mfa"] }) },
      META,
    );
    expect(mfa.ok && mfa.kind === "signed_in" && mfa.session.aal).toBe(2);
    const single = await completeFederatedSignIn(
      t.deps,
      t.globex,
      {
        connectionId: trusted.connectionId,
        profile: profile({ sub: "other", email: "bo@initech.test", amr: ["pwd"] }),
      },
      META,
    );
    expect(single.ok && single.kind === "signed_in" && single.session.aal).toBe(1);
  });

  it("ignores the IdP's amr when the connection does not trust it", async () => {
    const { connectionId } = await initech({ jit: true, trust: false });
    const result = await completeFederatedSignIn(
      t.deps,
      t.globex,
      { connectionId, profile: profile({ amr: ["mfa", "hwk"], acr: "urn:portico:aal2" }) },
      META,
    );
    expect(result.ok && result.kind === "signed_in" && result.session.aal).toBe(1);
  });

  it("a connection of another tenant signs nobody in here", async () => {
    const { connectionId } = await initech({ jit: true });
    const result = await completeFederatedSignIn(t.deps, t.acme, { connectionId, profile: profile() }, META);
    expect(result.ok ? "ok" : result.code).toBe("UNKNOWN_CONNECTION");
    expect(await t.store.users.findByEmail(t.acme.id, "ada@initech.test")).toBeNull();
  });
});

describe("home-realm discovery", () => {
  it("answers from the domain alone, whether or not an account exists", async () => {
    const { connectionId } = await initech();
    await t.user("known@initech.test", { tenant: t.globex });
    await t.user("known@partner.test", { tenant: t.globex });
    const known = await discoverRealm(t.deps, t.globex, "Known@Initech.test");
    const unknown = await discoverRealm(t.deps, t.globex, "nobody@initech.test");
    expect(known.kind === "federated" && known.connection.id).toBe(connectionId);
    expect(unknown.kind === "federated" && unknown.connection.id).toBe(connectionId);
    expect((await discoverRealm(t.deps, t.globex, "known@partner.test")).kind).toBe("local");
    expect((await discoverRealm(t.deps, t.globex, "nobody@partner.test")).kind).toBe("local");
    // A look-alike domain is not the organisation's.
    expect((await discoverRealm(t.deps, t.globex, "a@sub.initech.test")).kind).toBe("local");
    expect((await discoverRealm(t.deps, t.acme, "a@initech.test")).kind).toBe("local");
  });
});

describe("connections", () => {
  it("seals the client secret bound to its connection, and never returns it", async () => {
    const { connectionId } = await initech();
    const row = await t.store.enterpriseConnections.findById(t.globex.id, connectionId);
    if (!row) throw new Error("no connection");
    expect(row.clientSecretSealed).not.toContain("s3cret-value");
    expect(openClientSecret(t.deps, row)).toBe("s3cret-value");
    expect(() =>
      t.deps.secrets.open(row.clientSecretSealed, secretContext(t.globex.id, "another-connection")),
    ).toThrow();
    expect(JSON.stringify(await t.store.audit.list(t.globex.id))).not.toContain("s3cret-value");
  });

  it("refuses a plain-http issuer that is not loopback, and an issuer without openid in the scopes", async () => {
    await t.store.organisations.create({
      tenantId: t.globex.id,
      slug: "initech",
      name: "Initech",
      domains: ["initech.test"],
      policy: {},
      at: t.clock.now(),
    });
    const base = { tenant: t.globex, organisation: "initech", clientId: "c", clientSecret: "s" };
    const http = await createConnection(t.deps, OPERATOR, { ...base, issuer: "http://idp.initech.test" });
    expect(!http.ok && http.code === "INVALID_CONNECTION" && http.params).toEqual({
      field: "issuer",
      problem: "insecure",
    });
    const noOpenid = await createConnection(t.deps, OPERATOR, { ...base, issuer: ISSUER, scopes: ["email"] });
    expect(!noOpenid.ok && noOpenid.code).toBe("INVALID_CONNECTION");
    const loopback = await createConnection(t.deps, OPERATOR, { ...base, issuer: "http://127.0.0.1:9999" });
    expect(loopback.ok).toBe(true);
  });
});
