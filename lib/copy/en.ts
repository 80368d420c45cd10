// English words for every catalogued outcome, one section per module. Each section is checked
// against its module's catalogue: a code without words, or words for no code, does not compile.
import type { AUDIT_FILTER, TAuditFilterProblem } from "../audit/outcomes";
import type { PAYOUT } from "../payout/outcomes";
import type { RISK } from "../risk/outcomes";
import type { SESSION } from "../sessions/outcomes";
import type { STEP_UP } from "../step-up/outcomes";
import type { TStepUpMethod } from "../step-up/policies";
import type { TENANT_SETTINGS } from "../tenancy/outcomes";
import type { STAFF, SUPPORT, TEAM } from "../workforce/outcomes";
import { formatWait } from "./format";
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

// ---- step-up, risk, sessions, tenant settings, staff (one block) ----

export const METHOD_NAMES: Record<TStepUpMethod, string> = { password: "your password", totp: "your authenticator app", recovery_code: "a recovery code", passkey: "a passkey" };

const lowerFirst = (text: string) => `${text.charAt(0).toLowerCase()}${text.slice(1)}`;

const step_up = {
  REQUIRED: ({ label, used }) => (used ? "That confirmation was already used. Confirm it's you again." : `Confirm it's you to continue: ${lowerFirst(label)}.`),
  BLOCKED: ({ label, cooldownHours }, { supportEmail }) =>
    `For your safety, "${label}" is not available for ${cooldownHours} hours after an account recovery. Contact ${supportEmail ?? "support"} if you need it sooner.`,
  UNKNOWN_ACTION: () => "This action is not known to this portal.",
  NO_METHOD: ({ label, methods }) => `"${label}" needs ${methods.length > 0 ? methods.map((m) => METHOD_NAMES[m]).join(" or ") : "a second factor"}. Add one on your Security page first.`,
  EMAIL_NOT_VERIFIED: ({ label }) => `Confirm your email address first: open the link we sent you. Until then "${label}" is not available.`,
  SETUP_UNFINISHED: () => "Finish setting up your sign-in first.",
  NOT_OFFERED: ({ reason }) => (reason === "no_password" ? "This account has no password." : "That method cannot confirm this action."),
  TOO_WEAK: () => "That passkey cannot confirm this action: it needs a security key bound to one device, from a maker this portal trusts, unlocked with a PIN or biometric check.",
  WRONG_PASSWORD: () => "That password is not correct.",
  WRONG_CODE: () => "That code is not right. Enter the current code from your authenticator app, or one of your recovery codes.",
  SESSION_CHANGED: () => "Your session changed meanwhile. Sign in again.",
  STAFF_REQUIRED: ({ purpose }) =>
    ({
      console_change: "Console changes need your passkey or a fresh authenticator code. Use “Confirm it's you” and try again.",
      invitation: "Confirm it's you first: answering an invitation needs your passkey or a fresh authenticator code.",
    })[purpose],
} satisfies TModuleMessages<typeof STEP_UP>;

const risk = {
  RATE_LIMITED: ({ scope, retryAfterSeconds }) => {
    const wait = retryAfterSeconds === null ? null : formatWait(retryAfterSeconds);
    switch (scope) {
      case "wrong_passwords":
        return wait === null ? "Too many wrong passwords." : `Too many wrong passwords. Try again in ${wait}.`;
      case "attempts":
        return `Too many attempts. Try again in ${wait ?? "a while"}.`;
      case "network_sign_in":
        return `Too many sign-in attempts from your network. Try again in ${wait ?? "a while"}.`;
      case "account_sign_in":
        return `Too many failed attempts for this account. Try again in ${wait ?? "a while"}.`;
      case "staff_codes":
        return "Too many wrong codes. Sign in again.";
    }
  },
} satisfies TModuleMessages<typeof RISK>;

const staff = {
  SIGNED_OUT: () => "Your staff sign-in has ended. Sign in again.",
  NOT_FOUND: ({ subject }) => ({ tenant_or_action: "That tenant or action is not available to you.", invitation: "That invitation is no longer open." })[subject],
  INVALID_INPUT: () => "Enter your work email address and password.",
  INVALID_CREDENTIALS: () => "Incorrect email or password.",
  DISABLED: () => "This staff account is disabled. Ask an owner of your organisation.",
  WRONG_CODE: () => "That code is not right. Enter the current 6-digit code from your authenticator app.",
  WRONG_STAGE: () => "Sign in again.",
  NO_PENDING: ({ restart }) => (restart === "setup" ? "Start the set-up again." : "Sign in again."),
  SETUP_LINK_INVALID: () => "This set-up link is not valid any more. Ask an owner of your organisation for a new one.",
  PASSWORD_MISMATCH: () => "The two passwords do not match.",
  REASON_INVALID: ({ problem }) => (problem === "too_long" ? "Keep the reason under 500 characters." : "Write why (at least 10 characters): it goes into the audit log."),
} satisfies TModuleMessages<typeof STAFF>;

const team = {
  INVALID_INPUT: ({ field, problem }) => {
    if (field === "role") return "Choose owner, administrator or support.";
    if (field === "name") return problem === "too_long" ? "Use at most 100 characters." : "Enter a name.";
    return problem === "missing" ? "Enter your email address." : problem === "too_long" ? "That email address is too long." : "Enter a valid email address, like name@example.com.";
  },
  NOT_FOUND: ({ subject }) => ({ member: "No such staff member here.", invitation: "No such invitation here.", closed_invitation: "That invitation is no longer open." })[subject],
  NOT_ALLOWED: ({ reason }) =>
    ({
      own_role: "You cannot change your own role.",
      own_reset: "Another owner must reset your sign-in.",
      own_removal: "Another owner must remove you.",
      last_owner: "A tenant keeps at least one owner.",
    })[reason],
  SHARED_MEMBER: ({ email }) =>
    `${email} also works for another tenant, so their sign-in is not this tenant's to reset: the platform operator does that. You can remove their role here instead.`,
} satisfies TModuleMessages<typeof TEAM>;

const support = {
  NOT_FOUND: () => "No such account in this tenant.",
  NOT_APPLICABLE: ({ reason }) =>
    ({
      not_locked: "This account is not locked.",
      already_disabled: "This account is already disabled.",
      not_disabled: "This account is not disabled.",
      disabled: "Enable the account first.",
      no_recovery: "This account has no recovery in progress.",
    })[reason],
} satisfies TModuleMessages<typeof SUPPORT>;

const session = {
  NOT_FOUND: () => "That session has already ended.",
} satisfies TModuleMessages<typeof SESSION>;

/** The audit log filter's words per problem, for the field they belong to. */
export const AUDIT_FILTER_PROBLEM_WORDS: Record<TAuditFilterProblem, string> = {
  one_value: "Give one value only.",
  email: "Enter a full email address, like name@example.com.",
  type: "Choose an event type from the list.",
  from_date: "Enter the start date as YYYY-MM-DD.",
  to_date: "Enter the end date as YYYY-MM-DD.",
  date_order: "The end date must be on or after the start date.",
  cursor: "That page link is not valid. Start from the newest events.",
};

const audit_filter = {
  INVALID_FILTER: ({ unreadable, problems }) =>
    unreadable
      ? "The filter could not be read. Clear it and try again."
      : Object.values(problems)
          .map((problem) => AUDIT_FILTER_PROBLEM_WORDS[problem])
          .join(" "),
} satisfies TModuleMessages<typeof AUDIT_FILTER>;

const tenant_settings = {
  INVALID_INPUT: () => "Some values need attention.",
  NOT_FOUND: ({ subject }) => (subject === "tenant" ? "That tenant no longer exists." : "That action does not exist."),
  BUILT_IN: () => "Built-in actions cannot be removed; change their level instead.",
} satisfies TModuleMessages<typeof TENANT_SETTINGS>;

// ---- end of step-up, risk, sessions, tenant settings, staff ----

export const EN = { payout, step_up, risk, session, staff, team, support, tenant_settings, audit_filter };
