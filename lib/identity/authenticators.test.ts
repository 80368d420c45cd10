import { describe, expect, it } from "vitest";
import {
  hasAnySecondFactor,
  hasSecondFactor,
  passkeyKind,
  signInMethodCount,
  totpUsable,
  type TAuthenticators,
} from "./authenticators";

const none: TAuthenticators = {
  userId: "u",
  password: null,
  passkeys: { allowed: true, list: [] },
  totp: null,
  recoveryCodes: { remaining: 0 },
};

describe("a user's authenticators", () => {
  it("a password the tenant no longer allows signs nobody in", () => {
    expect(signInMethodCount({ ...none, password: { allowed: true } })).toBe(1);
    expect(signInMethodCount({ ...none, password: { allowed: false } })).toBe(0);
  });
  it("an authenticator app the tenant turned off is still a second factor, but its codes are not accepted", () => {
    const a: TAuthenticators = { ...none, totp: { allowed: false } };
    expect(hasSecondFactor(a)).toBe(true);
    expect(totpUsable(a)).toBe(false);
  });
  it("recovery codes alone are no second factor to sign in with, but a reset must not bypass them", () => {
    const a: TAuthenticators = { ...none, recoveryCodes: { remaining: 2 } };
    expect(hasSecondFactor(a)).toBe(false);
    expect(hasAnySecondFactor(a)).toBe(true);
  });
  it("only a device-bound passkey with a trusted attestation is a hardware key", () => {
    expect(passkeyKind({ backupEligible: false, attestationRoot: "abc" })).toBe("hardware");
    expect(passkeyKind({ backupEligible: false, attestationRoot: null })).toBe("device_bound");
    expect(passkeyKind({ backupEligible: true, attestationRoot: "abc" })).toBe("synced");
  });
});
