import path from "node:path";
import { describe, expect, it } from "vitest";
import { routeHandlerMatcher } from "./app-routes";

const root = path.resolve(import.meta.dirname, "..");

describe("routeHandlerMatcher: which posts are server actions (and screened as such)", () => {
  const isRouteHandler = routeHandlerMatcher(root);

  it("gives a page beside the provider's optional catch-all handler to the page, as Next.js does", () => {
    expect(isRouteHandler("/acme/oidc/interaction/abc/consent")).toBe(false);
    expect(isRouteHandler("/acme/oidc/token")).toBe(true);
    expect(isRouteHandler("/acme/oidc/interaction/abc")).toBe(true);
    expect(isRouteHandler("/acme/oidc")).toBe(true);
  });

  it("tells the other route handlers from pages", () => {
    expect(isRouteHandler("/api/health")).toBe(true);
    expect(isRouteHandler("/acme/logout")).toBe(true);
    expect(isRouteHandler("/api/acme/passkeys/login")).toBe(true);
    expect(isRouteHandler("/acme/login")).toBe(false);
    expect(isRouteHandler("/acme/account/security")).toBe(false);
    expect(isRouteHandler("/admin/acme/audit/export")).toBe(true);
    expect(isRouteHandler("/admin/acme/audit")).toBe(false);
  });
});
