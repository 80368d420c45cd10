import { describe, expect, it } from "vitest";
import { clientIpFrom } from "./client-ip";

describe("client IP for per-IP limits", () => {
  it("takes the peer address that Portico's server appended, ignoring what the client wrote", () => {
    expect(clientIpFrom("1.2.3.4, 203.0.113.9", 1)).toBe("203.0.113.9");
    expect(clientIpFrom("203.0.113.9", 1)).toBe("203.0.113.9");
  });

  it("behind one trusted load balancer, takes the address the balancer appended", () => {
    expect(clientIpFrom("6.6.6.6, 198.51.100.4, 10.0.0.2", 2)).toBe("198.51.100.4");
  });

  it("unwraps IPv4-mapped IPv6 and rejects junk", () => {
    expect(clientIpFrom("::ffff:127.0.0.1", 1)).toBe("127.0.0.1");
    expect(clientIpFrom("<script>", 1)).toBeNull();
    expect(clientIpFrom(null, 1)).toBeNull();
  });
});
