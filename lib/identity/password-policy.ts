// Password rules from NIST SP 800-63B-4 §3.1.1: length, a blocklist and context words — and no
// composition rules, no hints, no forced rotation. Passwords are NFC-normalised and otherwise
// taken as typed (no trimming, truncation or case folding).
//
// An exact-match blocklist alone misses the long guessable passwords (of its 49,233 entries only
// 41 reach 15 characters), so every new password is also scored by zxcvbn-ts, a dictionary-and-
// pattern estimator (repeats, keyboard walks, l33t, dates, names, common words, the user's own
// details), and anything below score 3 (under 10^8 guesses) is refused with its feedback (as
// translation keys: the words are in lib/copy/en.ts).
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { dictionary as englishDictionary, translations as englishTranslations } from "@zxcvbn-ts/language-en";
import type { TPasswordProblem } from "./account-outcomes";

export type { TPasswordProblem };

export const MAX_PASSWORD_LENGTH = 256;
/** Length when the password is the only factor. */
export const SINGLE_FACTOR_MIN_LENGTH = 15;
/** The tenant may set any minimum in this range (8 is the floor when the password is one of two factors). */
export const TENANT_MIN_LENGTH_RANGE = { min: 8, max: 64 } as const;

/**
 * zxcvbn's score 3 means "safely unguessable: moderate protection from an offline slow-hash scenario" (≥ 10^8 guesses).
 */
export const MIN_ESTIMATOR_SCORE = 3;
/**
 * The estimator reads only this many leading characters. Its matching grows faster than linearly
 * with length (measured on the 2-core dev box, worst case over repeated keyboard/digit/l33t
 * patterns: ~50 ms at 64 characters, ~200 ms at 128, ~500 ms at 256), and a request must not be
 * able to buy half a second of CPU. Cutting can only lower a score (a prefix needs no more guesses
 * than the whole), so a long password is never accepted because of the cut; 64 is also the length
 * NIST asks every verifier to accept.
 */
export const ESTIMATOR_MAX_LENGTH = 64;

// Built once per process: ranking ~260,000 dictionary words takes ~150 ms. Levenshtein matching is
// off (it made single estimates take seconds) and l33t substitutions are capped at 10 (the default
// 100 made a 64-character estimate cost ~0.3–0.6 s); a password with more substitutions than that
// is long and odd enough that the other matchers judge it. Its translations are its own keys, so
// its feedback comes back as codes ("straightRow") that the message catalogue words.
const keysOf = <T extends Record<string, string>>(words: T) =>
  Object.fromEntries(Object.keys(words).map((key) => [key, key])) as { [K in keyof T]: string };
const translationKeys = {
  warnings: keysOf(englishTranslations.warnings),
  suggestions: keysOf(englishTranslations.suggestions),
  timeEstimation: keysOf(englishTranslations.timeEstimation),
};
const estimator = new ZxcvbnFactory({
  dictionary: { ...dictionary, ...englishDictionary },
  graphs: adjacencyGraphs,
  translations: translationKeys,
  useLevenshteinDistance: false,
  l33tMaxSubstitutions: 10,
  maxLength: ESTIMATOR_MAX_LENGTH,
});

/** The words of who and where the user is: zxcvbn treats each as a dictionary of rank 1. */
function userInputs(context: TPasswordContext): string[] {
  const words = new Set<string>();
  const add = (value: string | null | undefined) => {
    const word = value?.trim().toLowerCase();
    if (!word || word.length < 3) return;
    words.add(word);
    // "margaret.hamilton", "Globex Partner Portal": each part, and the parts run together, too.
    const parts = word.split(/[\s@._+-]+/);
    for (const part of parts) if (part.length >= 3) words.add(part);
    words.add(parts.join(""));
  };
  add(context.email);
  add(context.email?.split("@")[0]);
  add(context.name);
  add(context.tenantSlug);
  add(context.tenantName);
  return [...words];
}

/** The estimator's verdict on a password (already NFC-normalised), or null when it is strong enough. */
function estimatorProblem(password: string, context: TPasswordContext): TPasswordProblem | null {
  const result = estimator.check(password, userInputs(context));
  if (result.score >= MIN_ESTIMATOR_SCORE) return null;
  const { warning, suggestions } = result.feedback;
  // The estimator gives no warning for some weak passwords (only suggestions): null, and the words lead with the
  // verdict.
  return { problem: "guessable", warning: warning || null, suggestions: suggestions.filter((key) => key.length > 0) };
}

export type TPasswordContext = { email?: string; name?: string | null; tenantSlug?: string; tenantName?: string };

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
  context: TPasswordContext = {},
): TPasswordProblem | null {
  const password = normalizePassword(rawPassword);
  const length = [...password].length;
  const minLength = Math.min(Math.max(policy.minLength, TENANT_MIN_LENGTH_RANGE.min), TENANT_MIN_LENGTH_RANGE.max);
  if (length < minLength) return { problem: "too_short", minLength };
  if (length > MAX_PASSWORD_LENGTH) return { problem: "too_long", maxLength: MAX_PASSWORD_LENGTH };
  if (isCommonPassword(password)) return { problem: "common" };
  if (isRepetitiveOrSequential(password)) return { problem: "repetitive" };
  const lowered = password.toLowerCase();
  const contextWords = [context.email, context.email?.split("@")[0], context.tenantSlug, context.tenantName].filter(
    (word): word is string => typeof word === "string" && word.length >= 4,
  );
  for (const word of contextWords) {
    const w = word.toLowerCase();
    // The password is the word itself, or the word plus a short suffix/prefix ("acme2024!").
    if (lowered === w || (lowered.includes(w) && lowered.length - w.length <= 6)) return { problem: "contextual" };
  }
  return estimatorProblem(password, context);
}
