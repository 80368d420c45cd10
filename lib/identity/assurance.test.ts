import { describe, expect, it } from "vitest";
import { computeAssurance } from "./assurance";

describe("computeAssurance (NIST SP 800-63B-4)", () => {
  it("password alone is AAL1", () => {
    expect(computeAssurance([{ method: "password" }])).toEqual({ aal: 1, amr: ["pwd"] });
  });
  it("password plus TOTP, plus a recovery code, or plus a passkey is AAL2 with mfa", () => {
    expect(computeAssurance([{ method: "password" }, { method: "totp" }])).toEqual({
      aal: 2,
      amr: ["pwd", "otp", "mfa"],
    });
    expect(computeAssurance([{ method: "password" }, { method: "recovery_code" }]).aal).toBe(2);
    expect(
      computeAssurance([
        { method: "password" },
        { method: "passkey", userVerified: false, backupEligible: true, attested: false },
      ]),
    ).toEqual({ aal: 2, amr: ["pwd", "swk", "mfa"] });
  });
  it("a synced passkey with user verification is AAL2 on its own", () => {
    expect(
      computeAssurance([{ method: "passkey", userVerified: true, backupEligible: true, attested: false }]),
    ).toEqual({ aal: 2, amr: ["swk", "user", "mfa"] });
  });
  it("a passkey that only claims to be device-bound (no trusted attestation) is AAL2, reported as swk", () => {
    expect(
      computeAssurance([{ method: "passkey", userVerified: true, backupEligible: false, attested: false }]),
    ).toEqual({ aal: 2, amr: ["swk", "user", "mfa"] });
  });
  it("an attested, device-bound passkey with user verification is AAL3 (hwk); attested but synced stays AAL2", () => {
    expect(
      computeAssurance([{ method: "passkey", userVerified: true, backupEligible: false, attested: true }]),
    ).toEqual({ aal: 3, amr: ["hwk", "user", "mfa"] });
    expect(computeAssurance([{ method: "passkey", userVerified: true, backupEligible: true, attested: true }])).toEqual(
      { aal: 2, amr: ["swk", "user", "mfa"] },
    );
  });
  it("a passkey without user verification is a single factor, attested or not", () => {
    expect(
      computeAssurance([{ method: "passkey", userVerified: false, backupEligible: false, attested: false }]),
    ).toEqual({ aal: 1, amr: ["swk"] });
    expect(
      computeAssurance([{ method: "passkey", userVerified: false, backupEligible: false, attested: true }]),
    ).toEqual({ aal: 1, amr: ["hwk"] });
  });
  it("refuses to rate an empty proof list", () => {
    expect(() => computeAssurance([])).toThrow();
  });
});
