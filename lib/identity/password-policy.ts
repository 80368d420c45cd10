// Password rules from NIST SP 800-63B-4 §3.1.1: length, a blocklist and context words — and no
// composition rules, no hints, no forced rotation. Passwords are NFC-normalised and otherwise
// taken as typed (no trimming, truncation or case folding).
import { dictionary } from "@zxcvbn-ts/language-common";

export const MAX_PASSWORD_LENGTH = 256;
/** Length when the password is the only factor. */
export const SINGLE_FACTOR_MIN_LENGTH = 15;
/** The tenant may set any minimum in this range (8 is the floor when the password is one of two factors). */
export const TENANT_MIN_LENGTH_RANGE = { min: 8, max: 64 } as const;

export type TPasswordProblem =
  | { code: "PASSWORD_TOO_SHORT"; message: string }
  | { code: "PASSWORD_TOO_LONG"; message: string }
  | { code: "PASSWORD_COMMON"; message: string }
  | { code: "PASSWORD_CONTEXTUAL"; message: string }
  | { code: "PASSWORD_REPETITIVE"; message: string };

let blocklist: Set<string> | null = null;

/** ~49,000 common and breached passwords (zxcvbn-ts common list), compared case-insensitively. */
export function isCommonPassword(password: string): boolean {
  blocklist ??= new Set((dictionary["passwords-common"] as string[]).map((entry) => entry.toLowerCase()));
  return blocklist.has(password.toLowerCase());
}

export function normalizePassword(password: string): string {
  return password.normalize("NFC");
}

function isRepetitiveOrSequential(password: string): boolean {
  const chars = [...password];
  if (new Set(chars).size <= 2) return true;
  const codes = chars.map((c) => c.codePointAt(0) ?? 0);
  const steps = new Set(codes.slice(1).map((code, i) => code - (codes[i] ?? 0)));
  return steps.size === 1 && [...steps].every((step) => Math.abs(step) <= 1);
}

/** Counted in Unicode code points, after NFC, so "é" is one character however it was typed. */
export function passwordLength(password: string): number {
  return [...normalizePassword(password)].length;
}

export function checkPassword(
  rawPassword: string,
  policy: { minLength: number },
  context: { email?: string; tenantSlug?: string; tenantName?: string } = {},
): TPasswordProblem | null {
  const password = normalizePassword(rawPassword);
  const length = [...password].length;
  const minLength = Math.min(Math.max(policy.minLength, TENANT_MIN_LENGTH_RANGE.min), TENANT_MIN_LENGTH_RANGE.max);
  if (length < minLength) {
    return {
      code: "PASSWORD_TOO_SHORT",
      message: `Use at least ${minLength} characters. A few unrelated words make a long password that is easy to remember.`,
    };
  }
  if (length > MAX_PASSWORD_LENGTH) {
    return { code: "PASSWORD_TOO_LONG", message: `Use at most ${MAX_PASSWORD_LENGTH} characters.` };
  }
  if (isCommonPassword(password)) {
    return {
      code: "PASSWORD_COMMON",
      message: "This password appears in lists of common or breached passwords. Choose one that is harder to guess.",
    };
  }
  if (isRepetitiveOrSequential(password)) {
    return { code: "PASSWORD_REPETITIVE", message: "Avoid repeated or sequential characters such as aaaa or 1234." };
  }
  const lowered = password.toLowerCase();
  const contextWords = [
    context.email,
    context.email?.split("@")[0],
    context.tenantSlug,
    context.tenantName,
  ].filter((word): word is string => typeof word === "string" && word.length >= 4);
  for (const word of contextWords) {
    const w = word.toLowerCase();
    // The password is the word itself, or the word plus a short suffix/prefix ("acme2024!").
    if (lowered === w || (lowered.includes(w) && lowered.length - w.length <= 6)) {
      return {
        code: "PASSWORD_CONTEXTUAL",
        message: "Don't base your password on your email address or the name of this service.",
      };
    }
  }
  return null;
}
