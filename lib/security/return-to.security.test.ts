import { describe, expect, it } from "vitest";
import { defaultReturnTo, safeReturnTo, withReturnTo } from "./return-to";

const FALLBACK = "/acme/account";

describe("safeReturnTo: only same-tenant relative paths (open redirect defence)", () => {
  it("keeps a path inside the tenant, with its query", () => {
    expect(safeReturnTo("acme", "/acme/account/sessions?x=1")).toBe("/acme/account/sessions?x=1");
    expect(safeReturnTo("acme", "/acme/account")).toBe("/acme/account");
    expect(defaultReturnTo("acme")).toBe(FALLBACK);
  });

  it.each([
    ["protocol-relative", "//evil.com"],
    ["protocol-relative with path", "//evil.com/acme/account"],
    ["backslash authority", "/\\evil.com"],
    ["absolute URL", "https://evil.com"],
    ["absolute URL with tenant path", "https://evil.com/acme/account"],
    ["scheme-relative with tenant", "//evil.com/acme/"],
    ["encoded slashes", "/%2F%2Fevil.com"],
    ["encoded slashes in tenant", "/acme/%2F%2Fevil.com/../../..//evil.com"],
    ["dot segments into another tenant", "/acme/../globex/account"],
    ["encoded dot segments into another tenant", "/acme/%2e%2e/globex/account"],
    ["another tenant", "/globex/account"],
    ["tenant-prefix lookalike", "/acmeevil/account"],
    ["javascript URL", "javascript:alert(1)"],
    ["data URL", "data:text/html,<script>alert(1)</script>"],
    ["backslash userinfo", "/acme\\@evil"],
    ["encoded backslash", "/acme/%5C%5Cevil.com"],
    ["encoded backslash lower-case", "/acme/%5cevil"],
    ["tab", "/acme/\taccount"],
    ["newline", "/acme/account\n//evil.com"],
    ["carriage return", "/acme/\r/evil.com"],
    ["encoded newline", "/acme/account%0a"],
    ["encoded NUL", "/acme/%00"],
    ["leading space", " /acme/account"],
    ["space inside the path", "/acme/account settings"],
    ["backslashes after the tenant prefix", "/acme/\\\\evil.com"],
    ["malformed percent-encoding", "/acme/%E0%A4%A"],
    ["sign-in page (loop)", "/acme/login"],
    ["sign-in page with query (loop)", "/acme/login?returnTo=/acme/account"],
    ["sign-out page", "/acme/logout"],
    ["reset page", "/acme/reset-password?token=abc"],
    ["dot-segment to the sign-in page", "/acme/account/../login"],
    ["empty", ""],
    ["too long", `/acme/${"a".repeat(600)}`],
  ])("falls back for %s: %j", (_name, raw) => {
    expect(safeReturnTo("acme", raw)).toBe(FALLBACK);
  });

  it("falls back for anything that is not a string", () => {
    for (const raw of [undefined, null, 1, ["/acme/account"], { toString: () => "/acme/account" }]) {
      expect(safeReturnTo("acme", raw)).toBe(FALLBACK);
    }
  });

  it("never produces a value that a browser resolves to another origin or tenant", () => {
    const attempts = [
      "/acme/account",
      "/acme//evil.com",
      "/acme/..%2F..%2Fevil.com",
      "/acme/%2F%2Fevil.com",
      "/acme/./../acme/account",
      "/acme/account?next=https://evil.com",
      "/acme/account#//evil.com",
      "/acme/@evil.com",
      "/acme/:@evil.com",
    ];
    for (const raw of attempts) {
      const result = safeReturnTo("acme", raw);
      const resolved = new URL(result, "https://portal.example.test/acme/login");
      expect(resolved.origin, raw).toBe("https://portal.example.test");
      expect(resolved.pathname === "/acme" || resolved.pathname.startsWith("/acme/"), `${raw} → ${result}`).toBe(true);
      expect(result.startsWith("//"), raw).toBe(false);
    }
  });
});

describe("withReturnTo: a link that carries where the person was going", () => {
  it("adds an encoded returnTo for a page other than the default, and nothing for the default or none", () => {
    expect(withReturnTo("/acme/login", "acme", "/acme/oidc/interaction/abc?x=1")).toBe(
      "/acme/login?returnTo=%2Facme%2Foidc%2Finteraction%2Fabc%3Fx%3D1",
    );
    expect(withReturnTo("/acme/login", "acme", defaultReturnTo("acme"))).toBe("/acme/login");
    expect(withReturnTo("/acme/login", "acme", null)).toBe("/acme/login");
  });
});
