// English words for every catalogued outcome, one section per module. Each section is checked
// against its module's catalogue: a code without words, or words for no code, does not compile.
import type { SIGN_IN } from "../identity/outcomes";
import { formatWait } from "../risk/rate-limit";
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
  INVALID_INPUT: ({ input }) => ({ email_code: "Enter the 6-digit code from the email we sent you." })[input],
  WRONG_CODE: (params) =>
    params.factor === "email_code"
      ? `That code is not right. Check the latest email from us and try again (${params.attemptsLeft} ${params.attemptsLeft === 1 ? "try" : "tries"} left).`
      : "That code is not right. Enter the current code from your authenticator app, or one of your recovery codes.",
  EXPIRED: () => "This code has expired. Send a new code and enter that one.",
  SIGN_IN_ENDED: () => "This sign-in has ended. Sign in again to continue.",
  RATE_LIMITED: ({ scope, retryAfterSeconds, limit }) =>
    ({
      sign_in: "Too many wrong codes for this sign-in. Sign in again with your password.",
      codes_per_sign_in: `We have sent ${limit ?? 3} codes for this sign-in. Use the latest one, or start again.`,
      codes_sent: `We have emailed you several codes recently. Try again in ${formatWait(retryAfterSeconds ?? 0)}.`,
      code_not_sent: "A new code could not be sent for this sign-in. Use the latest one, or start again.",
    })[scope],
  LOCKED: ({ cause }) =>
    ({ second_factor: "Sign-in is locked after too many wrong codes. Reset your password to unlock your account, or contact support." })[cause],
} satisfies TModuleMessages<typeof SIGN_IN>;

export const EN = { payout, sign_in };
