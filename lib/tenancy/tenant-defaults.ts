import type { TTenantInput } from "../db/store";

/**
 * A new tenant's settings: NIST SP 800-63B-4 password length for single-factor accounts, MFA
 * optional, every method allowed, 30-day sessions (per-AAL limits apply), lockout after 10
 * failures for 15 minutes and for good after 100, 72-hour delayed recovery, 24-hour cool-down,
 * a confirmed email address before password sign-in, passkeys at AAL2 (no attestation trust list).
 * Its owner changes them in the admin console.
 */
export function newTenantSettings(slug: string, name: string): TTenantInput {
  return {
    slug,
    name,
    tagline: null,
    logoUrl: null,
    primaryColor: "#1e40af",
    accentColor: null,
    supportEmail: null,
    minPasswordLength: 15,
    signupMode: "open",
    sessionIdleMinutes: null,
    sessionAbsoluteMinutes: 30 * 24 * 60,
    lockoutThreshold: 10,
    lockoutMinutes: 15,
    permanentLockoutThreshold: 100,
    mfaPolicy: "optional",
    allowPassword: true,
    allowPasskey: true,
    allowTotp: true,
    sessionLimits: {},
    riskPolicy: {},
    recoveryWaitHours: 72,
    recoveryCooldownHours: 24,
    // An unconfirmed address is no account yet: it cannot sign in with a password (pre-account
    // hijacking, see lib/identity/email-confirmation.ts).
    requireVerifiedEmail: true,
    requireAttestation: false,
    attestationRoots: [],
  };
}
