// Recovery codes: look-up secrets (NIST SP 800-63B-4 §3.1.2). Ten codes, each 65 bits from the
// CSPRNG (13 base32 characters, shown as xxxx-xxxx-xxxxx), shown once and stored as SHA-256:
// with 65 bits of entropy a fast hash cannot be brute-forced, and lookups stay one query.
import { createHash, randomBytes } from "node:crypto";

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const LENGTH = 13;

export function generateRecoveryCode(): string {
  // 13 symbols × 5 bits = 65 bits; each symbol takes 5 bits of its own random byte.
  const bytes = randomBytes(LENGTH);
  const raw = [...bytes].map((b) => ALPHABET[b & 31]).join("");
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}

export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(generateRecoveryCode());
  return [...codes];
}

/** Accepts what people type, in upper or lower case, with spaces or dashes anywhere. Null when it cannot be a code. */
export function normalizeRecoveryCode(input: string): string | null {
  const raw = input.toLowerCase().replace(/[\s-]+/g, "");
  return new RegExp(`^[${ALPHABET}]{${LENGTH}}$`).test(raw) ? raw : null;
}

export function hashRecoveryCode(input: string): string | null {
  const normalized = normalizeRecoveryCode(input);
  return normalized === null ? null : createHash("sha256").update(`portico-recovery-code:${normalized}`).digest("hex");
}
