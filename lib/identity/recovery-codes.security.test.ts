import { describe, expect, it } from "vitest";
import { generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode, RECOVERY_CODE_COUNT } from "./recovery-codes";

describe("recovery codes", () => {
  it("come ten at a time, each with at least 64 bits (13 base32 symbols = 65 bits), all different", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{5}$/);
    expect(13 * Math.log2(32)).toBeGreaterThanOrEqual(64);
  });

  it("use the whole alphabet (no bias towards a few symbols) across many draws", () => {
    const symbols = new Set(generateRecoveryCodes(400).join("").replace(/-/g, ""));
    expect(symbols.size).toBe(32);
  });

  it("are stored as a SHA-256 hash that does not contain the code", () => {
    const [code] = generateRecoveryCodes(1);
    const hash = hashRecoveryCode(code!);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(normalizeRecoveryCode(code!));
  });

  it("match however they are typed (case, spaces, dashes), and junk never matches", () => {
    const [code] = generateRecoveryCodes(1);
    const typed = code!.toUpperCase().replace(/-/g, " ");
    expect(hashRecoveryCode(typed)).toBe(hashRecoveryCode(code!));
    expect(hashRecoveryCode("not-a-code")).toBeNull();
    expect(hashRecoveryCode("")).toBeNull();
  });
});
