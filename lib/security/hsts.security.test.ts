import { describe, expect, it } from "vitest";
import { HSTS_VALUE, strictTransportSecurity } from "./hsts";

describe("HSTS: browsers are told to use https only", () => {
  it("sends max-age of two years with includeSubDomains when the base URL is https", () => {
    expect(strictTransportSecurity(new URL("https://portal.example.test"))).toBe("max-age=63072000; includeSubDomains");
    expect(strictTransportSecurity(new URL("https://localhost:8443/"))).toBe(HSTS_VALUE);
  });

  it("sends nothing when the base URL is plain http (local use)", () => {
    expect(strictTransportSecurity(new URL("http://localhost:3000"))).toBeNull();
    expect(strictTransportSecurity(new URL("http://portal.example.test"))).toBeNull();
  });
});
