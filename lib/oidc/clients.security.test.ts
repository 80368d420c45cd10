import { describe, expect, it } from "vitest";
import { okValue, testScenario } from "../../tests/scenario";
import { hashToken } from "../security/tokens";
import { createOidcClient, uriProblem } from "./clients";

const t = testScenario();
const META = { ip: null, userAgent: "test" };

describe("registering an app with a tenant's provider", () => {
  it("shows a confidential client's secret once and stores only its hash; a public client has none", async () => {
    const { value } = okValue(
      await createOidcClient(
        t.deps,
        {
          tenantSlug: "acme",
          name: "Shop",
          type: "confidential",
          redirectUris: ["https://shop.example/cb"],
          by: "operator",
        },
        META,
      ),
    );
    expect(value.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await t.deps.store.oidcClients.find(t.acme.id, value.client.clientId);
    expect(stored?.secretHash).toBe(hashToken(value.clientSecret ?? ""));
    expect(JSON.stringify(stored)).not.toContain(value.clientSecret);
    // Only its own tenant finds it.
    expect(await t.deps.store.oidcClients.find(t.globex.id, value.client.clientId)).toBeNull();
    const spa = okValue(
      await createOidcClient(
        t.deps,
        { tenantSlug: "acme", name: "SPA", type: "public", redirectUris: ["http://127.0.0.1:4000/cb"], by: "operator" },
        META,
      ),
    ).value;
    expect(spa.clientSecret).toBeNull();
    expect(spa.client.secretHash).toBeNull();
    const audit = await t.deps.store.audit.list(t.acme.id, { type: "oidc.client_created" });
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain(value.clientSecret);
  });

  it("accepts https redirect URIs and http only on a loopback host, never a fragment", () => {
    expect(uriProblem("https://shop.example/cb")).toBeNull();
    expect(uriProblem("http://127.0.0.1:4000/cb")).toBeNull();
    expect(uriProblem("http://[::1]:4000/cb")).toBeNull();
    expect(uriProblem("http://localhost/cb")).toBeNull();
    expect(uriProblem("http://shop.example/cb")).toBe("insecure");
    expect(uriProblem("javascript:alert(1)")).toBe("insecure");
    expect(uriProblem("https://shop.example/cb#x")).toBe("fragment");
    expect(uriProblem("/relative")).toBe("not_a_url");
    expect(uriProblem("https://user:pw@shop.example/cb")).toBe("not_a_url");
  });

  it("refuses a registration with a bad URI or an unknown scope, and writes nothing", async () => {
    const bad = await createOidcClient(
      t.deps,
      {
        tenantSlug: "acme",
        name: "Shop",
        type: "confidential",
        redirectUris: ["http://shop.example/cb"],
        by: "operator",
      },
      META,
    );
    expect(bad).toMatchObject({
      ok: false,
      code: "INVALID_CLIENT",
      params: { field: "redirect_uris", problem: "insecure" },
    });
    const scope = await createOidcClient(
      t.deps,
      {
        tenantSlug: "acme",
        name: "Shop",
        type: "confidential",
        redirectUris: ["https://shop.example/cb"],
        scopes: ["openid", "admin"],
        by: "operator",
      },
      META,
    );
    expect(scope).toMatchObject({ ok: false, code: "INVALID_CLIENT", params: { field: "scopes" } });
    expect(await t.deps.store.oidcClients.list(t.acme.id)).toEqual([]);
  });
});
