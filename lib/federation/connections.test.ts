// "Test connection" against a real OpenID Provider (the enterprise IdP of the e2e tests, started
// on a loopback port): what its discovery document reports, and the catalogued failures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnterpriseIdp, type TEnterpriseIdp } from "../../e2e/support/enterprise-idp";
import { testScenario } from "../../tests/scenario";
import { createConnection, redirectUriFor, testConnection } from "./connections";

const t = testScenario();
const OPERATOR = { staffId: null, by: "operator", meta: { ip: null, userAgent: "test" } };
const PORT = 3338;
let idp: TEnterpriseIdp;

beforeAll(async () => {
  idp = await startEnterpriseIdp({
    port: PORT,
    redirectUris: ["http://localhost:3000/globex/api/auth/callback/x"],
    clientId: "portico-test",
    clientSecret: "secret-of-the-test-client",
  });
});
afterAll(async () => {
  await idp.close();
});

async function connectionTo(issuer: string) {
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
    issuer,
    clientId: "portico-test",
    clientSecret: "secret-of-the-test-client",
  });
  if (!created.ok) throw new Error(created.code);
  return created.value;
}

describe("testConnection", () => {
  it("reports the IdP's endpoints, scopes, claims and PKCE support from its discovery document", async () => {
    const connection = await connectionTo(idp.issuer);
    expect(connection.redirectUri).toBe(redirectUriFor(t.deps.baseUrl, "globex", connection.id));
    const result = await testConnection(t.deps, OPERATOR, t.globex, connection.id);
    if (!result.ok) throw new Error(result.code);
    expect(result.value).toMatchObject({
      issuer: idp.issuer,
      issuerMatches: true,
      pkceS256: true,
      authorizationEndpoint: `${idp.issuer}/auth`,
      tokenEndpoint: `${idp.issuer}/token`,
      missingScopes: [],
    });
    expect(result.value.claimsSupported).toEqual(expect.arrayContaining(["email", "email_verified", "name"]));
    expect(await t.auditTypes(undefined, t.globex)).toContain("connection.tested");
  });

  it("catches a discovery document that names another issuer", async () => {
    // The provider behind the proxy answers on the next port, still naming the proxy's issuer.
    const connection = await connectionTo(`http://127.0.0.1:${PORT + 1}`);
    const result = await testConnection(t.deps, OPERATOR, t.globex, connection.id);
    expect(!result.ok && result.code === "DISCOVERY_FAILED" && result.params.stage).toBe("issuer_mismatch");
  });

  it("reports an unreachable IdP as a catalogued failure, not an error", async () => {
    const connection = await connectionTo("http://127.0.0.1:9");
    const result = await testConnection(t.deps, OPERATOR, t.globex, connection.id);
    expect(!result.ok && result.code === "DISCOVERY_FAILED" && result.params.stage).toBe("unreachable");
  });
});
