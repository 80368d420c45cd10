// English words for every catalogued outcome, one section per module. Each section is checked
// against its module's catalogue: a code without words, or words for no code, does not compile.
import type { SIGN_IN } from "../identity/outcomes";
import type { PAYOUT } from "../payout/outcomes";
import type { TModuleMessages } from "./messages";

const payout = {
  INVALID_INPUT: ({ problem }) =>
    ({
      holder_missing: "Enter the account holder's name.",
      holder_too_long: "Use at most 100 characters.",
      holder_characters: "The name contains characters that are not allowed.",
      iban: "Enter a valid IBAN, for example DE89 3704 0044 0532 0130 00.",
    })[problem],
} satisfies TModuleMessages<typeof PAYOUT>;

const sign_in = {
  WRONG_CODE: () => "That code is not right. Enter the current code from your authenticator app, or one of your recovery codes.",
  SIGN_IN_ENDED: () => "This sign-in has ended. Sign in again to continue.",
  RATE_LIMITED: ({ scope }) => ({ sign_in: "Too many wrong codes for this sign-in. Sign in again with your password." })[scope],
  LOCKED: ({ cause }) =>
    ({ second_factor: "Sign-in is locked after too many wrong codes. Reset your password to unlock your account, or contact support." })[cause],
} satisfies TModuleMessages<typeof SIGN_IN>;

export const EN = { payout, sign_in };
