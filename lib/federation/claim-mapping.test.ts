// The connection's claim mapping: validated names, editable from the console's form and the CLI's
// options, and honoured at sign-in.
import { describe, expect, it } from "vitest";
import { testScenario } from "../../tests/scenario";
import { completeFederatedSignIn } from "./complete-federated-sign-in";
import { checkClaimMapping, createConnection, updateConnection } from "./connections";

const t = testScenario();
const OPERATOR = { staffId: null, by: "operator", meta: { ip: null, userAgent: "test" } };
const base = {
  organisation: "initech",
  issuer: "https://idp.initech.test",
  clientId: "portico",
  clientSecret: "s3cret-value",
  jit: true,
};

async function organisation() {
  await t.store.organisations.create({
    tenantId: t.globex.id,
    slug: "initech",
    name: "Initech",
    domains: ["initech.test"],
    policy: {},
    at: t.clock.now(),
  });
}

describe("claim mapping", () => {
  it("accepts claim names of 1-64 characters of [A-Za-z0-9_:.-], and treats empty as the standard claim", () => {
    expect(checkClaimMapping({ email: "upn", email_verified: "https://x", name: "" })).toEqual({
      ok: false,
      code: "INVALID_CONNECTION",
      params: { field: "claim_mapping", problem: "not_a_claim" },
      module: expect.any(String),
      status: 400,
    });
    for (const bad of ["a".repeat(65), "mail address", "e/mail", "é"])
      expect(checkClaimMapping({ email: bad }).ok).toBe(false);
    expect(
      checkClaimMapping({ email: "urn:oid:0.9.2342.19200300.100.1.3", name: " display_name ", email_verified: "" }),
    ).toEqual({ ok: true, value: { email: "urn:oid:0.9.2342.19200300.100.1.3", name: "display_name" } });
  });

  it("is stored on create, changed on update (audited), and honoured at sign-in", async () => {
    await organisation();
    const refused = await createConnection(t.deps, OPERATOR, {
      ...base,
      tenant: t.globex,
      claimMapping: { email: "not a claim" },
    });
    expect(!refused.ok && refused.code === "INVALID_CONNECTION" && refused.params.field).toBe("claim_mapping");
    const created = await createConnection(t.deps, OPERATOR, {
      ...base,
      tenant: t.globex,
      claimMapping: { email: "mail", email_verified: "mail_ok" },
    });
    if (!created.ok) throw new Error(created.code);
    expect(created.value.claimMapping).toEqual({ email: "mail", email_verified: "mail_ok" });
    const updated = await updateConnection(t.deps, OPERATOR, {
      tenant: t.globex,
      connectionId: created.value.id,
      issuer: base.issuer,
      clientId: base.clientId,
      clientSecret: "",
      scopes: ["openid", "email", "profile"],
      claimMapping: { email: "upn", email_verified: "upn_verified", name: "display_name" },
      jit: true,
      trustIdpAssurance: false,
    });
    if (!updated.ok) throw new Error(updated.code);
    expect(updated.changed).toBe(1);
    expect(updated.value.claimMapping).toEqual({ email: "upn", email_verified: "upn_verified", name: "display_name" });
    const result = await completeFederatedSignIn(
      t.deps,
      t.globex,
      {
        connectionId: created.value.id,
        profile: {
          sub: "s-1",
          email: "other@elsewhere.test",
          email_verified: false,
          upn: "ada@initech.test",
          upn_verified: true,
          display_name: "Ada L.",
        },
      },
      { ip: "203.0.113.9", userAgent: "test" },
    );
    if (!result.ok || result.kind !== "signed_in") throw new Error(result.ok ? result.kind : result.code);
    expect(result.user.email).toBe("ada@initech.test");
    expect(result.user.displayName).toBe("Ada L.");
  });
});
