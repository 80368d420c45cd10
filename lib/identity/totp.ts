// Time-based one-time passwords (RFC 6238) through `otpauth`: SHA-1, 6 digits, 30-second steps,
// one step of clock drift either way. A code is accepted only for a step later than the last one
// used, so a code (or an older one from the drift window) cannot be replayed.
import { Secret, TOTP } from "otpauth";

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
const DRIFT_STEPS = 1;

function totp(secretBase32: string, label = "", issuer = "") {
  return new TOTP({
    issuer,
    label,
    algorithm: "SHA1",
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new 160-bit secret (RFC 4226 recommends 160 bits), base32-encoded for authenticator apps. */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI that authenticator apps read from the QR code. */
export function totpUri(secretBase32: string, account: string, issuer: string): string {
  return totp(secretBase32, account, issuer).toString();
}

export function totpCodeAt(secretBase32: string, at: Date): string {
  return totp(secretBase32).generate({ timestamp: at.getTime() });
}

export type TTotpCheck = { ok: true; step: number } | { ok: false; reason: "malformed" | "wrong" | "replayed" };

/**
 * Checks `code` at time `now`. `lastUsedStep` is the step of the last accepted code; the caller
 * stores the returned step with a conditional update so that two concurrent uses of one code
 * cannot both succeed.
 */
export function checkTotp(secretBase32: string, code: string, now: Date, lastUsedStep: number | null): TTotpCheck {
  const digits = code.replace(/\s+/g, "");
  if (!new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(digits)) return { ok: false, reason: "malformed" };
  const delta = totp(secretBase32).validate({ token: digits, timestamp: now.getTime(), window: DRIFT_STEPS });
  if (delta === null) return { ok: false, reason: "wrong" };
  const step = Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS) + delta;
  if (lastUsedStep !== null && step <= lastUsedStep) return { ok: false, reason: "replayed" };
  return { ok: true, step };
}

/** The context a TOTP shared secret is sealed under: bound to its tenant and user. */
export const totpContext = (tenantId: string, userId: string) => `totp:${tenantId}:${userId}`;
