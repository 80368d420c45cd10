import { describe, expect, it } from "vitest";
import { checkTotp, generateTotpSecret, totpCodeAt, totpUri } from "./totp";
import { expectOk } from "../../tests/support/expect-ok";

const T0 = new Date("2026-11-27T12:00:10.000Z");
const STEP = 30_000;

describe("TOTP (RFC 6238)", () => {
  it("generates 160-bit base32 secrets and an otpauth URI for the QR code", () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(generateTotpSecret()).not.toBe(secret);
    const uri = totpUri(secret, "ada@example.com", "Acme");
    expect(uri).toMatch(/^otpauth:\/\/totp\/Acme:ada%40example\.com\?/);
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain("period=30");
  });

  it("accepts the current code and codes one 30-second step either side, not two", () => {
    const secret = generateTotpSecret();
    expect(checkTotp(secret, totpCodeAt(secret, T0), T0, null).ok).toBe(true);
    expect(checkTotp(secret, totpCodeAt(secret, new Date(T0.getTime() - STEP)), T0, null).ok).toBe(true);
    expect(checkTotp(secret, totpCodeAt(secret, new Date(T0.getTime() + STEP)), T0, null).ok).toBe(true);
    expect(checkTotp(secret, totpCodeAt(secret, new Date(T0.getTime() - 2 * STEP)), T0, null)).toEqual({
      ok: false,
      reason: "wrong",
    });
    expect(checkTotp(secret, totpCodeAt(secret, new Date(T0.getTime() + 2 * STEP)), T0, null)).toEqual({
      ok: false,
      reason: "wrong",
    });
  });

  it("a code cannot be used twice, nor an older code from the drift window after a newer one", () => {
    const secret = generateTotpSecret();
    const code = totpCodeAt(secret, T0);
    const first = checkTotp(secret, code, T0, null);
    expectOk(first);
    expect(checkTotp(secret, code, T0, first.step)).toEqual({ ok: false, reason: "replayed" });
    expect(checkTotp(secret, code, new Date(T0.getTime() + STEP), first.step)).toEqual({
      ok: false,
      reason: "replayed",
    });
    const previous = totpCodeAt(secret, new Date(T0.getTime() - STEP));
    expect(checkTotp(secret, previous, T0, first.step)).toEqual({ ok: false, reason: "replayed" });
    const next = totpCodeAt(secret, new Date(T0.getTime() + STEP));
    expect(checkTotp(secret, next, new Date(T0.getTime() + STEP), first.step).ok).toBe(true);
  });

  it("rejects malformed input before any comparison, and accepts spaces people type", () => {
    const secret = generateTotpSecret();
    expect(checkTotp(secret, "12345", T0, null)).toEqual({ ok: false, reason: "malformed" });
    expect(checkTotp(secret, "abcdef", T0, null)).toEqual({ ok: false, reason: "malformed" });
    const code = totpCodeAt(secret, T0);
    expect(checkTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, T0, null).ok).toBe(true);
  });
});
