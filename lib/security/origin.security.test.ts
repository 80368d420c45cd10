import { describe, expect, it } from "vitest";
import { isRequestOriginAllowed } from "./origin";

const ALLOWED = ["https://portal.example.test"];
const post = (origin: string | null, secFetchSite: string | null = null) => ({ method: "POST", origin, secFetchSite });

describe("CSRF: state-changing requests must come from the portal's own origin", () => {
  it("refuses a POST with a forged Origin", () => {
    expect(isRequestOriginAllowed(post("https://evil.example"), ALLOWED)).toBe(false);
    expect(isRequestOriginAllowed(post("https://evil.example", "cross-site"), ALLOWED)).toBe(false);
  });

  it("refuses lookalike origins (scheme, port, subdomain, suffix)", () => {
    for (const origin of ["http://portal.example.test", "https://portal.example.test:8443", "https://evil.portal.example.test", "https://portal.example.test.evil.com", "https://portal.example.tes"]) {
      expect(isRequestOriginAllowed(post(origin), ALLOWED), origin).toBe(false);
    }
  });

  it("refuses the opaque `null` origin (sandboxed iframes, some redirects)", () => {
    expect(isRequestOriginAllowed(post("null"), ALLOWED)).toBe(false);
  });

  it("a forged Origin wins over a same-origin Sec-Fetch-Site claim", () => {
    expect(isRequestOriginAllowed(post("https://evil.example", "same-origin"), ALLOWED)).toBe(false);
  });

  it("allows a POST from the same origin", () => {
    expect(isRequestOriginAllowed(post("https://portal.example.test"), ALLOWED)).toBe(true);
    expect(isRequestOriginAllowed(post("https://portal.example.test", "same-origin"), ALLOWED)).toBe(true);
  });

  it("checks every unsafe method, whatever its case", () => {
    for (const method of ["POST", "post", "PUT", "PATCH", "DELETE"]) {
      expect(isRequestOriginAllowed({ method, origin: "https://evil.example", secFetchSite: null }, ALLOWED), method).toBe(false);
    }
  });

  it("always allows safe methods (GET, HEAD, OPTIONS)", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) {
      expect(isRequestOriginAllowed({ method, origin: "https://evil.example", secFetchSite: "cross-site" }, ALLOWED), method).toBe(true);
    }
  });

  it("without Origin, refuses when Sec-Fetch-Site says cross-site or same-site", () => {
    expect(isRequestOriginAllowed(post(null, "cross-site"), ALLOWED)).toBe(false);
    expect(isRequestOriginAllowed(post(null, "same-site"), ALLOWED)).toBe(false);
  });

  it("without Origin, allows same-origin and user-initiated (none) Fetch Metadata", () => {
    expect(isRequestOriginAllowed(post(null, "same-origin"), ALLOWED)).toBe(true);
    expect(isRequestOriginAllowed(post(null, "none"), ALLOWED)).toBe(true);
  });
});
