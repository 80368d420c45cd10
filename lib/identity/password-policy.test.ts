import { dictionary } from "@zxcvbn-ts/language-common";
import { describe, expect, it } from "vitest";
import { translations } from "@zxcvbn-ts/language-en";
import {
  checkPassword,
  ESTIMATOR_MAX_LENGTH,
  isCommonPassword,
  MAX_PASSWORD_LENGTH,
  passwordLength,
  SINGLE_FACTOR_MIN_LENGTH,
  TENANT_MIN_LENGTH_RANGE,
  type TPasswordProblem,
} from "./password-policy";
import { messageFor } from "../copy";

/** The words a person reads for a refusal of the policy. */
const wordsOf = (problem: TPasswordProblem | null) =>
  problem ? messageFor({ module: "password", code: "INVALID_PASSWORD", params: problem }) : null;

const ACME = { minLength: 15 };
// Unrelated words: long, lower-case only, no digits or symbols.
const PASSPHRASE = "velvet harbor lantern moss";

describe("password length (NIST SP 800-63B-4 §3.1.1)", () => {
  it("requires 15 characters when the password is the only factor", () => {
    expect(SINGLE_FACTOR_MIN_LENGTH).toBe(15);
    expect(checkPassword("plum tiger sofa", ACME)).toBeNull(); // 15
    expect(checkPassword("plum tiger sof", ACME)).toMatchObject({ problem: "too_short" }); // 14
  });

  it("tells the user the minimum in the message", () => {
    expect(checkPassword("short", ACME)).toEqual({ problem: "too_short", minLength: 15 });
    expect(wordsOf(checkPassword("short", ACME))).toMatch(/at least 15 characters/);
  });

  it("counts code points after NFC, so a decomposed é counts as one character", () => {
    const decomposed = "cafe\u0301 noir tapis"; // 15 code points after NFC, 16 UTF-16 units before
    expect(decomposed.length).toBe(16);
    expect(passwordLength(decomposed)).toBe(15);
    expect(passwordLength("😀😀😀")).toBe(3); // astral characters are one each, not two UTF-16 units
    // 14 emoji = 28 UTF-16 units, but only 14 characters: too short.
    expect(checkPassword("🍎🍐🍊🍋🍌🍉🍇🍓🫐🍈🍒🍑🥭🍍", ACME)).toMatchObject({ problem: "too_short" });
    expect(checkPassword("🍎🍐🍊🍋🍌🍉🍇🍓🫐🍈🍒🍑🥭🍍🥥", ACME)).toBeNull();
  });

  it("clamps a tenant's minimum into the 8–64 range", () => {
    expect(TENANT_MIN_LENGTH_RANGE).toEqual({ min: 8, max: 64 });
    // A tenant setting of 4 still needs 8 characters.
    expect(checkPassword("ocean7!", { minLength: 4 })).toMatchObject({ problem: "too_short" });
    // 8 characters pass the length rule (the estimator then wants more: 8 random characters are
    // under its 10^8 guesses, so in practice a two-factor tenant's passwords start at 9).
    expect(checkPassword("ocean7!k", { minLength: 4 })?.problem).not.toBe("too_short");
    expect(checkPassword("Tq9!mW4zX", { minLength: 4 })).toBeNull();
    // A tenant setting of 100 cannot make 64 characters too short (64 must always be accepted).
    const sixtyFour = "granite meadow ferry quartz willow embers saffron hollow tundras";
    expect(passwordLength(sixtyFour)).toBe(64);
    expect(checkPassword(sixtyFour, { minLength: 100 })).toBeNull();
    expect(checkPassword(sixtyFour.slice(0, 63), { minLength: 100 })).toMatchObject({ problem: "too_short" });
  });

  it("accepts 64 characters and more, up to 256, and refuses longer", () => {
    const words = "amber canyon pilot orchid thunder velvet ";
    const make = (n: number) => words.repeat(Math.ceil(n / words.length)).slice(0, n);
    for (const n of [64, 65, 128, 255, MAX_PASSWORD_LENGTH])
      expect(checkPassword(make(n), ACME), `length ${n}`).toBeNull();
    expect(MAX_PASSWORD_LENGTH).toBe(256);
    expect(checkPassword(make(257), ACME)).toMatchObject({ problem: "too_long" });
  });
});

describe("no composition rules", () => {
  it("accepts a 15+ character all-lowercase passphrase without digits or symbols", () => {
    expect(checkPassword(PASSPHRASE, ACME)).toBeNull();
    expect(checkPassword("lanternmosspebbles", ACME)).toBeNull();
  });

  it("accepts all-digit and all-uppercase passwords that are long and not common", () => {
    expect(checkPassword("830274619502837461", ACME)).toBeNull();
    expect(checkPassword("VELVET HARBOR LANTERN", ACME)).toBeNull();
  });
});

describe("blocklist of common and breached passwords", () => {
  const common = dictionary["passwords-common"] as string[];

  it("holds far more than the top 3,000 passwords (ASVS V6.2.4)", () => {
    expect(common.length).toBeGreaterThan(3000);
  });

  it("rejects long entries of the list with the reason shown", () => {
    // Real entries of the zxcvbn-ts common list that are long enough to pass the length rule.
    for (const password of ["123456789qwerty", "1qaz2wsx3edc4rfv", "q1w2e3r4t5y6u7i8", "qazwsxedcrfvtgb"]) {
      expect(common).toContain(password);
      const problem = checkPassword(password, ACME);
      expect(problem, password).toMatchObject({ problem: "common" });
      expect(wordsOf(problem)).toMatch(/common or breached passwords/);
    }
  });

  it("compares case-insensitively", () => {
    expect(isCommonPassword("1QAZ2WSX3EDC4RFV")).toBe(true);
    expect(checkPassword("1QAZ2wsx3EDC4rfv", ACME)).toMatchObject({ problem: "common" });
  });

  it("rejects repeated and sequential characters", () => {
    expect(checkPassword("aaaaaaaaaaaaaaaa", ACME)).toMatchObject({ problem: "repetitive" });
    expect(checkPassword("abababababababab", ACME)).toMatchObject({ problem: "repetitive" });
    expect(checkPassword("abcdefghijklmnop", ACME)).toMatchObject({ problem: "repetitive" });
  });
});

describe("context-specific words", () => {
  const context = { email: "margaret.hamilton@example.com", tenantSlug: "acme", tenantName: "Globex Partner Portal" };

  it("rejects the email address and its local part with a small suffix", () => {
    expect(checkPassword("margaret.hamilton@example.com", ACME, context)).toMatchObject({ problem: "contextual" });
    expect(checkPassword("margaret.hamilton2024!", ACME, context)).toMatchObject({ problem: "contextual" });
    expect(checkPassword("MARGARET.HAMILTON", ACME, context)).toMatchObject({ problem: "contextual" });
  });

  it("rejects the tenant name with a small prefix or suffix", () => {
    expect(checkPassword("Globex Partner Portal", ACME, context)).toMatchObject({ problem: "contextual" });
    expect(checkPassword("globex partner portal1!", ACME, context)).toMatchObject({ problem: "contextual" });
  });

  it("still accepts a long passphrase that merely contains a context word", () => {
    expect(checkPassword("acme rockets fly over the hills", ACME, context)).toBeNull();
  });
});

describe("Unicode", () => {
  it("NFC-normalises so a composed and a decomposed é are the same password", () => {
    const composed = "caf\u00e9 au lait sur la table";
    const decomposed = "cafe\u0301 au lait sur la table";
    expect(composed).not.toBe(decomposed);
    expect(composed.normalize("NFC")).toBe(decomposed.normalize("NFC"));
    expect(passwordLength(composed)).toBe(passwordLength(decomposed));
    expect(checkPassword(composed, ACME)).toBeNull();
    expect(checkPassword(decomposed, ACME)).toBeNull();
  });

  it("accepts non-Latin scripts and spaces as typed", () => {
    expect(checkPassword("пароль из нескольких слов", ACME)).toBeNull();
    expect(checkPassword("私のパスワードはとても長いです", ACME)).toBeNull();
  });
});

describe("strength estimate (zxcvbn-ts, English and common dictionaries)", () => {
  const common = new Set((dictionary["passwords-common"] as string[]).map((entry) => entry.toLowerCase()));

  it("refuses long guessable passwords that the exact-match blocklist misses, with the estimator's feedback", () => {
    const cases: [string, string][] = [
      ["iloveyouiloveyou", translations.warnings.extendedRepeat],
      ["summer2024summer2024", translations.warnings.extendedRepeat],
      ["qwertyuiopasdfgh", translations.warnings.similarToCommon],
      ["Password123456789", translations.warnings.similarToCommon],
    ];
    for (const [password, warning] of cases) {
      expect(common.has(password.toLowerCase()), password).toBe(false);
      expect(password.length).toBeGreaterThanOrEqual(15);
      const problem = checkPassword(password, ACME);
      expect(problem, password).toMatchObject({ problem: "guessable" });
      expect(wordsOf(problem), password).toContain(warning);
      expect(wordsOf(problem), password).toContain(translations.suggestions.anotherWord);
    }
  });

  it("gives a verdict and the estimator's suggestions when it has no warning", () => {
    // Two common first names and a year: no single pattern to warn about, still under 10^8 guesses.
    const problem = checkPassword("johnsmith19851985", ACME);
    expect(problem).toEqual({ problem: "guessable", warning: null, suggestions: ["anotherWord"] });
    expect(wordsOf(problem)).toBe(`This password would be easy to guess. ${translations.suggestions.anotherWord}`);
  });

  it("counts the user's email, name and tenant as words an attacker knows", () => {
    const context = {
      email: "margaret.hamilton@example.com",
      name: "Margaret Hamilton",
      tenantSlug: "globex",
      tenantName: "Globex Partner Portal",
    };
    for (const password of ["margarethamilton1936", "globexpartnerportal"]) {
      expect(checkPassword(password, ACME), password).toBeNull();
      const problem = checkPassword(password, ACME, context);
      expect(problem, password).toMatchObject({ problem: "guessable", warning: "userInputs" });
      expect(wordsOf(problem), password).toContain(translations.warnings.userInputs);
    }
  });

  it(`estimates the first ${ESTIMATOR_MAX_LENGTH} characters, so a weak start is not hidden by length and a 256-character input stays cheap`, () => {
    expect(ESTIMATOR_MAX_LENGTH).toBe(64);
    // Strong as a whole (varied words after the first 64), weak where the estimator reads.
    const weakStart = "1qaz2wsx".repeat(8) + " harbor lantern velvet moss orchid";
    expect(checkPassword(weakStart, ACME)).toMatchObject({ problem: "guessable" });
    expect(checkPassword("1qaz2wsx".repeat(32), ACME)).toMatchObject({ problem: "guessable" });
  });

  it("keeps accepting passphrases of unrelated words", () => {
    for (const password of [
      PASSPHRASE,
      "plum tiger sofa",
      "orbital lighthouse paperclip",
      "granite meadow copper lantern",
    ]) {
      expect(checkPassword(password, ACME), password).toBeNull();
    }
  });
});
