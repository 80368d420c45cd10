// English words for every catalogued outcome, one section per module. Each section is checked
// against its module's catalogue: a code without words, or words for no code, does not compile.
import type { SIGN_IN } from "../identity/outcomes";
import { formatWait } from "../risk/rate-limit";
import type { ACCOUNT, PASSWORD } from "../identity/account-outcomes";
import type { PASSKEY } from "../identity/passkey-outcomes";
import type { PAYOUT } from "../payout/outcomes";
import type { RECOVERY } from "../recovery/outcomes";
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

const passkey = {
  METHOD_NOT_ALLOWED: (_, { tenantName }) => `${tenantName ?? "This portal"} does not offer passkeys.`,
  REAUTH_REQUIRED: ({ passwordOffered }) =>
    passwordOffered ? "Confirm your password or a passkey to change your sign-in methods." : "Confirm it is you with your passkey to change your sign-in methods.",
  SETUP_ENDED: () => "This account already has a way to sign in. Sign in to add more passkeys.",
  CEREMONY_FAILED: () => "That passkey could not be used. Try again.",
  SIGN_IN_ENDED: () => "This sign-in has already ended. Start signing in again.",
  LOCKED: () => "This account cannot sign in right now. Reset your password or contact support.",
  EMAIL_NOT_VERIFIED: () => "Confirm your email address first: open the link we sent you when you signed up, then sign in.",
  RISK_BLOCKED: (_, { supportEmail }) =>
    `We could not sign you in from this device or network. Try again from a device you have used before, or contact ${supportEmail ?? "support"}.`,
  NAME_REQUIRED: () => "Give the passkey a name.",
  NOT_FOUND: () => "That passkey no longer exists.",
  LAST_METHOD: ({ passwordOffered }) =>
    passwordOffered
      ? "This is your only way to sign in, so it cannot be removed. Add another passkey or a password first."
      : "This is your only passkey and your only way to sign in, so it cannot be removed. Add another passkey first.",
} satisfies TModuleMessages<typeof PASSKEY>;

const recovery = {
  INVALID_EMAIL: ({ problem }) => ({ invalid: "Enter a valid email address, like name@example.com.", too_long: "That email address is too long." })[problem],
  RATE_LIMITED: ({ retryAfterSeconds, limit }) =>
    `${({ reset_requests_per_network: "Too many requests from your network.", recovery_requests: "Too many recovery requests.", reset_factor_attempts: "Too many attempts." })[limit]} Try again in ${formatWait(retryAfterSeconds)}.`,
  INVALID_LINK: ({ link }) =>
    ({
      password_reset: "This reset link is invalid, expired or already used. Request a new one.",
      passwordless_reset: "This link is invalid, expired or already used. Request a new one.",
      recovery_cancel: "This recovery was already cancelled or completed, or the link is not valid.",
    })[link],
  FACTOR_REQUIRED: ({ passwordless }) =>
    passwordless
      ? "Your account still has a passkey: sign in with it. If you lost it, start a recovery below."
      : "Your account has a second factor: enter a code from your authenticator app or a recovery code, or use your passkey.",
  WRONG_FACTOR: () => "That code is not right. Enter the current code from your authenticator app, or one of your recovery codes.",
  NO_SECOND_FACTOR: () => "Your account has no second factor, so there is nothing to wait for: choose a new password with this link.",
  METHOD_NOT_ALLOWED: () => "Choose a new password instead.",
  NOT_FOUND: () => "There is no pending recovery to cancel.",
} satisfies TModuleMessages<typeof RECOVERY>;

const account = {
  INVALID_NAME: ({ problem }) => ({ too_long: "Use at most 100 characters.", characters: "The name contains characters that are not allowed." })[problem],
  INVALID_EMAIL: () => "Enter a valid email address.",
  SAME_EMAIL: () => "That is already your email address.",
  RATE_LIMITED: ({ retryAfterSeconds }) => `Too many requests. Try again in ${formatWait(retryAfterSeconds)}.`,
  INVALID_LINK: () => "This link is invalid, expired or already used.",
  ADDRESS_TAKEN: ({ undo }, { supportEmail }) =>
    undo ? `This address now belongs to another account. Contact ${supportEmail ?? "support"}.` : "This address now belongs to another account. Nothing was changed.",
  METHOD_NOT_ALLOWED: (_, { tenantName }) => `${tenantName ?? "This portal"} does not offer authenticator apps.`,
  ALREADY_ENROLLED: () => "An authenticator app is already set up. Remove it first to set up another.",
  NO_PENDING: () => "Start the set-up again.",
  SETUP_EXPIRED: () => "This set-up has expired. Start it again.",
  WRONG_CODE: () => "That code is not right. Check the time on your device and enter the current 6-digit code.",
  NOT_ENROLLED: () => "No authenticator app is set up.",
  REQUIRED_BY_POLICY: (_, { tenantName }) => `${tenantName ?? "This portal"} requires a second factor. Add a passkey before removing your authenticator app.`,
  NO_SECOND_FACTOR: () => "Set up a second factor first.",
} satisfies TModuleMessages<typeof ACCOUNT>;

const password = {
  INVALID_PASSWORD: ({ message }) => message,
  PASSWORD_MISMATCH: ({ changing }) => (changing ? "The two new passwords do not match." : "The two passwords do not match."),
  NO_PASSWORD: () => "This account has no password to change.",
  WRONG_PASSWORD: ({ locked }) =>
    locked
      ? "Your current password is not correct, and there have been too many wrong attempts: sign-in to this account is now locked."
      : "Your current password is not correct.",
  SAME_PASSWORD: () => "Choose a password different from your current one.",
  RATE_LIMITED: ({ retryAfterSeconds }) =>
    retryAfterSeconds === null ? "Too many wrong passwords. Reset your password instead." : `Too many wrong passwords. Try again in ${formatWait(retryAfterSeconds)}.`,
} satisfies TModuleMessages<typeof PASSWORD>;

export const EN = { payout, sign_in, passkey, recovery, account, password };
