// English words for every catalogued outcome, one section per module. Each section is checked
// against its module's catalogue: a code without words, or words for no code, does not compile.
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

export const EN = { payout };
