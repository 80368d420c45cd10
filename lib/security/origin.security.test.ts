import { describe, expect, it } from "vitest";
import { isRequestHostAllowed, isRequestOriginAllowed } from "./origin";

const ALLOWED = ["https://portal.example.test"];
const post = (origin: string | null) => ({ method: "POST", origin });

describe("CSRF: state-changing requests must come from the portal's own origin", () => {
  it("refuses a POST with a forged Origin", () => {
    expect(isRequestOriginAllowed(post("https://evil.example"), ALLOWED)).toBe(false);
  });

  it("refuses lookalike origins (scheme, port, subdomain, suffix)", () => {
    for (const origin of [
      "http://portal.example.test",
      "https://portal.example.test:8443",
      "https://evil.portal.example.test",
      "https://portal.example.test.evil.com",
      "https://portal.example.tes",
    ]) {
      expect(isRequestOriginAllowed(post(origin), ALLOWED), origin).toBe(false);
    }
  });

  it("refuses the opaque `null` origin (sandboxed iframes, some redirects)", () => {
    expect(isRequestOriginAllowed(post("null"), ALLOWED)).toBe(false);
  });

  it("allows a POST from the same origin", () => {
    expect(isRequestOriginAllowed(post("https://portal.example.test"), ALLOWED)).toBe(true);
  });

  it("checks every unsafe method, whatever its case", () => {
    for (const method of ["POST", "post", "PUT", "PATCH", "DELETE"]) {
      expect(isRequestOriginAllowed({ method, origin: "https://evil.example" }, ALLOWED), method).toBe(false);
    }
  });

  it("always allows safe methods (GET, HEAD, OPTIONS)", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) {
      expect(isRequestOriginAllowed({ method, origin: "https://evil.example" }, ALLOWED), method).toBe(true);
    }
  });

  it("refuses every state-changing request without Origin (browsers always send it on POST)", () => {
    // What a script sends: no Origin, and no or a made-up Fetch Metadata header (which used to let
    // such a request through). Extra fields are what the proxy could read from the request.
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      for (const secFetchSite of [null, "same-origin", "none"]) {
        const request = { method, origin: null, secFetchSite };
        expect(isRequestOriginAllowed(request, ALLOWED), `${method} ${secFetchSite}`).toBe(false);
      }
    }
  });

  it("still allows safe methods without Origin (links, reloads, health checks)", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(isRequestOriginAllowed({ method, origin: null }, ALLOWED), method).toBe(true);
    }
  });
});

describe("a state-changing request must be addressed to the portal's own host", () => {
  const HOSTS = ["portal.example.test"];
  const post = (host: string | null, forwardedHost: string | null = null) => ({ method: "POST", host, forwardedHost });

  it("refuses another Host, even when the Origin would match the base URL", () => {
    expect(isRequestHostAllowed(post("evil.example"), HOSTS)).toBe(false);
    expect(isRequestHostAllowed(post("portal.example.test:8443"), HOSTS)).toBe(false);
    expect(isRequestHostAllowed(post(null), HOSTS)).toBe(false);
  });

  it("takes the host a proxy in front forwarded over the Host it connected with", () => {
    expect(isRequestHostAllowed(post("10.0.0.7:3000", "portal.example.test"), HOSTS)).toBe(true);
    expect(isRequestHostAllowed(post("portal.example.test", "evil.example"), HOSTS)).toBe(false);
  });

  it("allows the portal's host, in any case, and any host for safe methods", () => {
    expect(isRequestHostAllowed(post("Portal.Example.Test"), HOSTS)).toBe(true);
    expect(isRequestHostAllowed({ method: "GET", host: "evil.example", forwardedHost: null }, HOSTS)).toBe(true);
  });
});
