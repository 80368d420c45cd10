import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox } from "./secret-box";

describe("secret box (AES-256-GCM)", () => {
  const box = createSecretBox(randomBytes(32));

  it("round-trips, and never stores the plain value", () => {
    const sealed = box.seal("JBSWY3DPEHPK3PXP", "totp:t:u");
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(box.open(sealed, "totp:t:u")).toBe("JBSWY3DPEHPK3PXP");
    expect(box.seal("JBSWY3DPEHPK3PXP", "totp:t:u")).not.toBe(sealed);
  });

  it("refuses a value moved to another context, a tampered value, or another key", () => {
    const sealed = box.seal("secret", "totp:t:u1");
    expect(() => box.open(sealed, "totp:t:u2")).toThrow();
    const parts = sealed.split(".");
    parts[2] = Buffer.from("tampered").toString("base64url");
    expect(() => box.open(parts.join("."), "totp:t:u1")).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(sealed, "totp:t:u1")).toThrow();
  });

  it("accepts only 32-byte keys", () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow();
  });
});
