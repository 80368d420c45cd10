// English words for every catalogued outcome, one section per module. Each section is checked
// against its module's catalogue: a code without words, or words for no code, does not compile.
import type { SIGN_IN, SIGN_UP } from "../identity/outcomes";
import { translations as zxcvbnWords } from "@zxcvbn-ts/language-en";
import type { ACCOUNT, PASSWORD } from "../identity/account-outcomes";
import type { PASSKEY } from "../identity/passkey-outcomes";
import type { OIDC_CLIENT, OIDC_CONSENT } from "../oidc/outcomes";
import type { CONNECTION, FEDERATION } from "../federation/outcomes";
import type { PAYOUT } from "../payout/outcomes";
import type { RECOVERY } from "../recovery/outcomes";
import type { AUDIT_FILTER, TAuditFilterProblem } from "../audit/outcomes";
import type { RISK } from "../risk/outcomes";
import type { SESSION } from "../sessions/outcomes";
import type { STEP_UP } from "../step-up/outcomes";
import type { TStepUpMethod } from "../step-up/types";
import type { TLogoProblem } from "../tenancy/types";
import type { TENANT_SETTINGS, TSettingsProblem } from "../tenancy/outcomes";
import type { OPERATOR, STAFF, SUPPORT, TEAM } from "../workforce/outcomes";
import type { ORG_POLICY } from "../organisations/policy-outcomes";
import type { ORGANISATION } from "../organisations/outcomes";
import type { INVITATION } from "../invitations/outcomes";
import type { ORG_ADMIN } from "../org-admin/outcomes";
import { formatWait } from "./format";
import type { TModuleMessages } from "./messages";

const oidc_consent = {
  NOT_FOUND: () => "That app is not connected to your account, or its access was already revoked.",
  REQUEST_EXPIRED: () => "This sign-in request has expired. Go back to the app and start again.",
} satisfies TModuleMessages<typeof OIDC_CONSENT>;

/**
 * The consent page and Connected apps: what a third-party app asks of a person, one phrase per
 * OpenID scope ("<App> wants to: …"), and the page's words.
 */
export const APP_ACCESS = {
  scopes: {
    openid: "Know who you are (your account id)",
    email: "See your email address",
    profile: "See your name (and your organisation, if you belong to one)",
    offline_access: "Stay connected while you're away (keeps access until you revoke it)",
  } as Record<string, string>,
  /** A scope this catalogue has no words for yet is still shown, by its name. */
  unknownScope: (scope: string) => `Use the "${scope}" permission`,
  /** A single claim asked for with the `claims` parameter, beyond the scopes' own. */
  claims: {
    email: "See your email address",
    email_verified: "See whether your email address is confirmed",
    name: "See your name",
  } as Record<string, string>,
  unknownClaim: (claim: string) => `See your "${claim}" detail`,
  title: ({ app }: { app: string }) => `Allow ${app} to use your account?`,
  wantsTo: ({ app }: { app: string }) => `${app} wants to:`,
  alsoAllowed: ({ app }: { app: string }) => `You already allowed ${app} to:`,
  signedInAs: ({ email }: { email: string }) => `Signed in as ${email}`,
  notYou: "Not you?",
  switchAccount: "Sign out",
  thirdParty: ({ app, tenant }: { app: string; tenant: string }) =>
    `${app} is not run by ${tenant}. Allow it only if you trust it. You can revoke its access at any time under Account › Connected apps.`,
  allow: "Allow",
  deny: "Deny",
  deniedDescription: "The End-User denied the request",
  continueTitle: "Taking you back to the app",
  continueLink: "Continue to the app",
  connectedTitle: "Connected apps",
  connectedIntro:
    "These apps can use your account because you allowed them. Revoke an app to end its access: its tokens stop working, and it must ask you again next time.",
  connectedEmpty: "No apps are connected to your account.",
  canNow: "It can:",
  grantedOn: "Allowed",
  revoke: "Revoke access",
  revoking: "Revoking…",
  removedApp: "An app that was removed",
} as const;

const payout = {
  INVALID_INPUT: ({ problem }) =>
    ({
      holder_missing: "Enter the account holder's name.",
      holder_too_long: "Use at most 100 characters.",
      holder_characters: "The name contains characters that are not allowed.",
      iban: "Enter a valid IBAN, for example DE89 3704 0044 0532 0130 00.",
    })[problem],
} satisfies TModuleMessages<typeof PAYOUT>;

const oidc_client = {
  TENANT_NOT_FOUND: ({ tenant }) => `There is no tenant "${tenant}".`,
  NOT_FOUND: () => "This tenant has no such app. It may have been removed.",
  NO_SECRET: () => "A public app (single-page or native) has no secret: it signs in with PKCE.",
  INVALID_CLIENT: ({ field, problem }) =>
    `${
      {
        name: "The app's name",
        type: "The app's type",
        redirect_uris: "A redirect URI",
        post_logout_redirect_uris: "A post-logout redirect URI",
        backchannel_logout_uri: "The back-channel logout URI",
        scopes: "The scopes",
        min_aal: "The minimum assurance level",
        access_token_ttl: "The access token lifetime",
      }[field]
    }: ${
      {
        missing: "is missing.",
        too_long: "is too long (at most 100 characters).",
        too_many: "can be at most 10 addresses.",
        not_a_url: "is not an absolute URL.",
        insecure: "must use https (http only for 127.0.0.1, [::1] or localhost).",
        fragment: "must not have a #fragment.",
        unknown_scope: "may only name openid, email, profile and offline_access, and must include openid.",
        unknown_value: "is not one of the choices offered.",
        out_of_range: "is outside the range offered.",
      }[problem]
    }`,
} satisfies TModuleMessages<typeof OIDC_CLIENT>;

const RISK_BLOCKED_WORDS = (supportEmail: string | null | undefined) =>
  `We could not sign you in from this device or network. Try again from a device you have used before, or contact ${supportEmail ?? "support"}.`;

const connection = {
  ORG_NOT_FOUND: () => "There is no such organisation in this tenant.",
  NOT_FOUND: () => "This organisation has no enterprise connection. It may have been removed.",
  ALREADY_EXISTS: () => "This organisation has an enterprise connection already: edit that one.",
  INVALID_CONNECTION: ({ field, problem }) =>
    `${
      {
        issuer: "The issuer",
        client_id: "The client ID",
        client_secret: "The client secret",
        scopes: "The scopes",
        claim_mapping: "The claim mapping",
      }[field]
    } ${
      {
        missing: "is missing.",
        too_long: "is too long.",
        not_a_url: "is not an absolute URL without a query.",
        insecure: "must use https (http only for 127.0.0.1, [::1] or localhost).",
        fragment: "must not have a #fragment.",
        no_openid: "must include openid.",
        not_a_claim: "must name claims of 1 to 64 letters, digits or _ : . -",
      }[problem]
    }`,
  DISCOVERY_FAILED: ({ stage }) =>
    ({
      unreachable: "The identity provider's discovery document could not be fetched: check the issuer URL.",
      http_status: "The identity provider answered its discovery URL with an error.",
      not_json: "The identity provider's discovery URL did not answer with a JSON document.",
      issuer_mismatch: "The discovery document names a different issuer than the one configured.",
      invalid: "The identity provider's discovery document is not a valid OpenID Connect configuration.",
    })[stage],
} satisfies TModuleMessages<typeof CONNECTION>;

const federation = {
  EMAIL_NOT_VERIFIED: () =>
    "Your organisation's sign-in did not confirm your email address, so we could not sign you in. Ask your administrator to check your account there.",
  FOREIGN_DOMAIN: () =>
    "Your organisation's sign-in returned an email address outside your organisation, so we could not sign you in.",
  NOT_PROVISIONED: (_, { tenantName }) =>
    `You do not have an account at ${tenantName ?? "this portal"} yet. Ask your administrator for an invitation.`,
  DISABLED: (_, { supportEmail }) => `This account has been disabled. Contact ${supportEmail ?? "support"} for help.`,
  OTHER_ORGANISATION: (_, { supportEmail }) =>
    `This address belongs to an account of another organisation. Contact ${supportEmail ?? "support"} for help.`,
  UNKNOWN_CONNECTION: () => "That sign-in is no longer available. Start signing in again.",
  HANDSHAKE_FAILED: () =>
    "The sign-in with your organisation could not be completed. Start signing in again from this page.",
  RISK_BLOCKED: (_, { supportEmail }) => RISK_BLOCKED_WORDS(supportEmail),
  LINK_EXPIRED: () => "That account link has expired or was already used. Sign in with your organisation again.",
  LINK_PROOF_FAILED: () => "Incorrect password for this account.",
  RATE_LIMITED: ({ scope, retryAfterSeconds }) =>
    scope === "identify"
      ? `Too many sign-in attempts from here. Try again in ${formatWait(retryAfterSeconds)}.`
      : `Too many incorrect passwords for this account. Try again in ${formatWait(retryAfterSeconds)}.`,
  LOCKED: ({ retryAfterSeconds }) =>
    retryAfterSeconds === null
      ? "This account is locked after too many incorrect passwords. Reset your password to unlock it."
      : `This account is locked after too many incorrect passwords. Try again in ${formatWait(retryAfterSeconds)}.`,
  LINK_APPROVAL_NOT_FOUND: () => "That linking approval was already used, revoked or has expired.",
  NO_CONNECTION_FOR_ACCOUNT: () =>
    "This account's email domain does not belong to an organisation with an enterprise connection.",
  ACCOUNT_NOT_CONFIRMED: () =>
    "The account with this address has not confirmed its email address yet, so it cannot be linked to your organisation's sign-in. Confirm the address from the confirmation email first (or reset the password, which confirms it), then sign in with your organisation again.",
  NOT_A_MEMBER: (_, { supportEmail }) =>
    `This account is no longer a member of the organisation. Contact ${supportEmail ?? "support"} for help.`,
  ALREADY_LINKED: () => "This organisation sign-in is linked to an account already. Start signing in again.",
} satisfies TModuleMessages<typeof FEDERATION>;
const EMAIL_NOT_VERIFIED_WORDS =
  "Confirm your email address first: open the link we sent you when you signed up, then sign in.";

const sign_in = {
  INVALID_INPUT: ({ input }) =>
    ({
      email_code: "Enter the 6-digit code from the email we sent you.",
      credentials: "Enter your email address and password.",
    })[input],
  INVALID_CREDENTIALS: () => "Incorrect email or password.",
  METHOD_NOT_ALLOWED: (_, { tenantName }) =>
    `${tenantName ?? "This portal"} does not use passwords. Sign in with your passkey.`,
  DISABLED: (_, { supportEmail }) => `This account has been disabled. Contact ${supportEmail ?? "support"} for help.`,
  RISK_BLOCKED: (_, { supportEmail }) => RISK_BLOCKED_WORDS(supportEmail),
  EMAIL_NOT_VERIFIED: ({ when }, { supportEmail }) =>
    when === "email_code"
      ? `To sign in from this device we need to email you a code, but your email address is not confirmed yet. Confirm it with the link we sent you, or reset your password, then sign in again. Need help? Contact ${supportEmail ?? "support"}.`
      : EMAIL_NOT_VERIFIED_WORDS,
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
      codes_sent_at_sign_in: `We have emailed you several sign-in codes recently. Try again in ${formatWait(retryAfterSeconds ?? 0)}.`,
      network: `Too many sign-in attempts from your network. Try again in ${formatWait(retryAfterSeconds ?? 0)}.`,
      failed_attempts: `Too many failed attempts. Wait ${formatWait(retryAfterSeconds ?? 0)} before trying again.`,
      wrong_codes: `Too many wrong sign-in codes were entered for this account. Try again in ${formatWait(retryAfterSeconds ?? 0)}, or reset your password.`,
    })[scope],
  LOCKED: (params) => {
    if (params.cause === "second_factor")
      return "Sign-in is locked after too many wrong codes. Reset your password to unlock your account, or contact support.";
    return params.retryAfterSeconds === null
      ? "Sign-in is locked after too many failed attempts. Reset your password to unlock your account, or contact support."
      : `Too many failed attempts. Sign-in is paused; try again in ${formatWait(params.retryAfterSeconds)} or reset your password.`;
  },
} satisfies TModuleMessages<typeof SIGN_IN>;

const sign_up = {
  SIGNUP_CLOSED: ({ reason }, { tenantName }) =>
    reason === "invitation_only"
      ? `${tenantName ?? "This portal"} accounts are by invitation only.`
      : `${tenantName ?? "This portal"} has no sign-in method open for new accounts.`,
  INVALID_EMAIL: ({ problem }) =>
    ({
      missing: "Enter your email address.",
      invalid: "Enter a valid email address, like name@example.com.",
      too_long: "That email address is too long.",
    })[problem],
  RATE_LIMITED: ({ scope, retryAfterSeconds }) =>
    scope === "network"
      ? `Too many sign-ups from your network. Try again in ${formatWait(retryAfterSeconds)}.`
      : `We have sent several links already. Try again in ${formatWait(retryAfterSeconds)}.`,
  ALREADY_VERIFIED: () => "Your email address is already confirmed.",
  TICKET_INVALID: () => "This page has expired. Sign in again to ask for a new link.",
  INVALID_LINK: () => "This confirmation link is invalid, expired or already used. Sign in to request a new one.",
} satisfies TModuleMessages<typeof SIGN_UP>;

const passkey = {
  METHOD_NOT_ALLOWED: (_, { tenantName }) => `${tenantName ?? "This portal"} does not offer passkeys.`,
  REAUTH_REQUIRED: ({ passwordOffered }) =>
    passwordOffered
      ? "Confirm your password or a passkey to change your sign-in methods."
      : "Confirm it is you with your passkey to change your sign-in methods.",
  SETUP_ENDED: () => "This account already has a way to sign in. Sign in to add more passkeys.",
  CEREMONY_FAILED: () => "That passkey could not be used. Try again.",
  SIGN_IN_ENDED: () => "This sign-in has already ended. Start signing in again.",
  LOCKED: () => "This account cannot sign in right now. Reset your password or contact support.",
  EMAIL_NOT_VERIFIED: () => EMAIL_NOT_VERIFIED_WORDS,
  RISK_BLOCKED: (_, { supportEmail }) => RISK_BLOCKED_WORDS(supportEmail),
  LEVEL_TOO_LOW: () =>
    "Your organisation requires a stronger sign-in: use a passkey that asks for your fingerprint, face or screen lock.",
  NAME_REQUIRED: () => "Give the passkey a name.",
  NOT_FOUND: () => "That passkey no longer exists.",
  LAST_METHOD: ({ passwordOffered }) =>
    passwordOffered
      ? "This is your only way to sign in, so it cannot be removed. Add another passkey or a password first."
      : "This is your only passkey and your only way to sign in, so it cannot be removed. Add another passkey first.",
} satisfies TModuleMessages<typeof PASSKEY>;

const recovery = {
  INVALID_EMAIL: ({ problem }) =>
    ({ invalid: "Enter a valid email address, like name@example.com.", too_long: "That email address is too long." })[
      problem
    ],
  RATE_LIMITED: ({ retryAfterSeconds, limit }) =>
    `${{ reset_requests_per_network: "Too many requests from your network.", recovery_requests: "Too many recovery requests.", reset_factor_attempts: "Too many attempts." }[limit]} Try again in ${formatWait(retryAfterSeconds)}.`,
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
  WRONG_FACTOR: () =>
    "That code is not right. Enter the current code from your authenticator app, or one of your recovery codes.",
  NO_SECOND_FACTOR: () =>
    "Your account has no second factor, so there is nothing to wait for: choose a new password with this link.",
  METHOD_NOT_ALLOWED: () => "Choose a new password instead.",
  NOT_FOUND: () => "There is no pending recovery to cancel.",
} satisfies TModuleMessages<typeof RECOVERY>;

const account = {
  INVALID_NAME: ({ problem }) =>
    ({ too_long: "Use at most 100 characters.", characters: "The name contains characters that are not allowed." })[
      problem
    ],
  INVALID_EMAIL: () => "Enter a valid email address.",
  SAME_EMAIL: () => "That is already your email address.",
  RATE_LIMITED: ({ retryAfterSeconds }) => `Too many requests. Try again in ${formatWait(retryAfterSeconds)}.`,
  INVALID_LINK: () => "This link is invalid, expired or already used.",
  ADDRESS_TAKEN: ({ undo }, { supportEmail }) =>
    undo
      ? `This address now belongs to another account. Contact ${supportEmail ?? "support"}.`
      : "This address now belongs to another account. Nothing was changed.",
  METHOD_NOT_ALLOWED: (_, { tenantName }) => `${tenantName ?? "This portal"} does not offer authenticator apps.`,
  ALREADY_ENROLLED: () => "An authenticator app is already set up. Remove it first to set up another.",
  NO_PENDING: () => "Start the set-up again.",
  SETUP_EXPIRED: () => "This set-up has expired. Start it again.",
  WRONG_CODE: () => "That code is not right. Check the time on your device and enter the current 6-digit code.",
  NOT_ENROLLED: () => "No authenticator app is set up.",
  REQUIRED_BY_POLICY: (_, { tenantName }) =>
    `${tenantName ?? "This portal"} requires a second factor. Add a passkey before removing your authenticator app.`,
  NO_SECOND_FACTOR: () => "Set up a second factor first.",
} satisfies TModuleMessages<typeof ACCOUNT>;

/** The estimator's feedback keys in zxcvbn-ts's own English; an unknown key is left out. */
const estimatorWords = (warning: string | null, suggestions: string[]) => {
  const warnings: Record<string, string> = zxcvbnWords.warnings;
  const advice: Record<string, string> = zxcvbnWords.suggestions;
  // The estimator gives no warning for some weak passwords (only suggestions): lead with the verdict then.
  const parts = [
    (warning && warnings[warning]) || "This password would be easy to guess.",
    ...suggestions.map((key) => advice[key] ?? ""),
  ];
  return parts.filter((part) => part.length > 0).join(" ");
};

const password = {
  INVALID_PASSWORD: (params) => {
    switch (params.problem) {
      case "too_short":
        return `Use at least ${params.minLength} characters. A few unrelated words make a long password that is easy to remember.`;
      case "too_long":
        return `Use at most ${params.maxLength} characters.`;
      case "common":
        return "This password appears in lists of common or breached passwords. Choose one that is harder to guess.";
      case "contextual":
        return "Don't base your password on your email address or the name of this service.";
      case "repetitive":
        return "Avoid repeated or sequential characters such as aaaa or 1234.";
      case "guessable":
        return estimatorWords(params.warning, params.suggestions);
      case "breached":
        return "This password has appeared in a data breach, so attackers try it first. Choose a different one (a few unrelated words work well).";
    }
  },
  PASSWORD_MISMATCH: ({ changing }) =>
    changing ? "The two new passwords do not match." : "The two passwords do not match.",
  NO_PASSWORD: () => "This account has no password to change.",
  WRONG_PASSWORD: ({ locked }) =>
    locked
      ? "Your current password is not correct, and there have been too many wrong attempts: sign-in to this account is now locked."
      : "Your current password is not correct.",
  SAME_PASSWORD: () => "Choose a password different from your current one.",
  RATE_LIMITED: ({ retryAfterSeconds }) =>
    retryAfterSeconds === null
      ? "Too many wrong passwords. Reset your password instead."
      : `Too many wrong passwords. Try again in ${formatWait(retryAfterSeconds)}.`,
} satisfies TModuleMessages<typeof PASSWORD>;

// ---- step-up, risk, sessions, tenant settings, staff (one block) ----

export const METHOD_NAMES: Record<TStepUpMethod, string> = {
  password: "your password",
  totp: "your authenticator app",
  recovery_code: "a recovery code",
  passkey: "a passkey",
};

const lowerFirst = (text: string) => `${text.charAt(0).toLowerCase()}${text.slice(1)}`;

const step_up = {
  REQUIRED: ({ label, used }) =>
    used
      ? "That confirmation was already used. Confirm it's you again."
      : `Confirm it's you to continue: ${lowerFirst(label)}.`,
  BLOCKED: ({ label, cooldownHours }, { supportEmail }) =>
    `For your safety, "${label}" is not available for ${cooldownHours} hours after an account recovery. Contact ${supportEmail ?? "support"} if you need it sooner.`,
  UNKNOWN_ACTION: () => "This action is not known to this portal.",
  NO_METHOD: ({ label, methods }) =>
    `"${label}" needs ${methods.length > 0 ? methods.map((m) => METHOD_NAMES[m]).join(" or ") : "a second factor"}. Add one on your Security page first.`,
  EMAIL_NOT_VERIFIED: ({ label }) =>
    `Confirm your email address first: open the link we sent you. Until then "${label}" is not available.`,
  SETUP_UNFINISHED: () => "Finish setting up your sign-in first.",
  NOT_OFFERED: ({ reason }) =>
    reason === "no_password" ? "This account has no password." : "That method cannot confirm this action.",
  TOO_WEAK: () =>
    "That passkey cannot confirm this action: it needs a security key bound to one device, from a maker this portal trusts, unlocked with a PIN or biometric check.",
  WRONG_PASSWORD: () => "That password is not correct.",
  WRONG_CODE: () =>
    "That code is not right. Enter the current code from your authenticator app, or one of your recovery codes.",
  SESSION_CHANGED: () => "Your session changed meanwhile. Sign in again.",
  STAFF_REQUIRED: ({ purpose }) =>
    ({
      console_change:
        "Console changes need your passkey or a fresh authenticator code. Use “Confirm it's you” and try again.",
      invitation: "Confirm it's you first: answering an invitation needs your passkey or a fresh authenticator code.",
      add_passkey: "Confirm it's you first: adding a passkey needs a second factor proven in the last 5 minutes.",
      remove_passkey:
        "Confirm it's you first: removing a passkey needs your second factor proven in the last 5 minutes.",
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
      case "staff_attempts":
        return "Too many failed attempts. Sign in again.";
    }
  },
} satisfies TModuleMessages<typeof RISK>;

const staff = {
  SIGNED_OUT: () => "Your staff sign-in has ended. Sign in again.",
  NOT_FOUND: ({ subject }) =>
    ({
      tenant_or_action: "That tenant or action is not available to you.",
      invitation: "That invitation is no longer open.",
      passkey: "That passkey no longer exists.",
    })[subject],
  INVALID_INPUT: () => "Enter your work email address and password.",
  INVALID_CREDENTIALS: () => "Incorrect email or password.",
  DISABLED: () => "This staff account is disabled. Ask an owner of your organisation.",
  WRONG_CODE: () => "That code is not right. Enter the current 6-digit code from your authenticator app.",
  WRONG_STAGE: () => "Sign in again.",
  NO_PENDING: ({ restart }) => (restart === "setup" ? "Start the set-up again." : "Sign in again."),
  SETUP_LINK_INVALID: () => "This set-up link is not valid any more. Ask an owner of your organisation for a new one.",
  PASSWORD_MISMATCH: () => "The two passwords do not match.",
  CEREMONY_FAILED: () => "That passkey could not be used. Try again, or use your authenticator app.",
  NO_PASSKEY: () => "You have no passkey yet. Use your authenticator app.",
  LAST_FACTOR: () => "That is your only second factor, so it cannot be removed. Add another passkey first.",
  REASON_INVALID: ({ problem }) =>
    problem === "too_long"
      ? "Keep the reason under 500 characters."
      : "Write why (at least 10 characters): it goes into the audit log.",
} satisfies TModuleMessages<typeof STAFF>;

/** A staff member's name or email address that does not hold, as the team form and the operator's commands say it. */
const staffNameProblem = (problem: string) =>
  problem === "too_long" ? "Use at most 100 characters." : "Enter a name.";
const staffEmailProblem = (problem: string) =>
  problem === "missing"
    ? "Enter your email address."
    : problem === "too_long"
      ? "That email address is too long."
      : "Enter a valid email address, like name@example.com.";

const team = {
  INVALID_INPUT: ({ field, problem }) => {
    if (field === "role") return "Choose owner, administrator or support.";
    if (field === "name") return staffNameProblem(problem);
    return staffEmailProblem(problem);
  },
  NOT_FOUND: ({ subject }) =>
    ({
      member: "No such staff member here.",
      invitation: "No such invitation here.",
      closed_invitation: "That invitation is no longer open.",
    })[subject],
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

const ORGANISATION_FIELDS = {
  name: "name",
  slug: "short name (slug)",
  domain: "email domain",
  role: "role",
  user: "member",
} as const;

const organisation = {
  INVALID_INPUT: ({ field, problem, value }) => {
    if (field === "domain" && problem === "invalid")
      return `${value ? `"${value}" is not` : "That is not"} an email domain. Enter a domain like partner.example, without "@" or "https://".`;
    if (field === "domain" && problem === "too_many") return "An organisation has at most 20 email domains.";
    if (field === "slug" && problem === "invalid")
      return "Use lower-case letters, digits and hyphens for the short name (it appears in addresses), like initech.";
    if (field === "role") return "Choose member or organisation administrator.";
    if (problem === "missing") return `Enter the organisation's ${ORGANISATION_FIELDS[field]}.`;
    if (problem === "too_long") return `The ${ORGANISATION_FIELDS[field]} is too long.`;
    return `The ${ORGANISATION_FIELDS[field]} is not valid.`;
  },
  SLUG_TAKEN: ({ slug }) => `Another organisation already uses the short name "${slug}". Choose another.`,
  DOMAIN_TAKEN: ({ domain }) =>
    `${domain} already belongs to another organisation here. A domain can belong to one organisation only.`,
  NOT_FOUND: ({ subject }) =>
    subject === "organisation" ? "No such organisation here." : "That person is not a member here.",
  OTHER_ORGANISATION: () =>
    "This person already belongs to another organisation here. Remove them from it first: a person belongs to one organisation.",
  NOT_ALLOWED: () => "You cannot manage organisations from here.",
} satisfies TModuleMessages<typeof ORGANISATION>;

const invitation = {
  INVALID_INPUT: ({ field, problem }) => {
    if (field === "email")
      return problem === "too_long"
        ? "That email address is too long."
        : problem === "missing"
          ? "Enter the email address to invite."
          : "Enter a valid email address, like name@example.com.";
    if (field === "role")
      return problem === "needs_organisation"
        ? "Only a member of an organisation can be its administrator: choose the organisation too."
        : "Choose member or organisation administrator.";
    if (field === "display_name") return "Your name is too long (at most 100 characters).";
    if (field === "method") return "Choose a password or a passkey.";
    return "Choose an organisation from the list.";
  },
  NOT_FOUND: ({ subject }) =>
    ({
      organisation: "No such organisation here.",
      invitation: "No such invitation here.",
      closed: "That invitation is no longer open: it was accepted or revoked.",
    })[subject],
  NOT_ALLOWED: () => "You can invite people to your own organisation only.",
  INVALID_LINK: (_, { tenantName }) =>
    `This invitation link is not valid. It may have expired, been used already, or been replaced by a newer invitation. Ask ${tenantName ? `your ${tenantName} contact` : "the person who invited you"} for a new one.`,
  SIGN_IN_TO_ACCEPT: () => "You already have an account with this address. Sign in to accept the invitation.",
  WRONG_ACCOUNT: () =>
    "This invitation is for another email address. Sign out, then sign in with the address the invitation was sent to.",
  OTHER_ORGANISATION: (_, { tenantName, supportEmail }) =>
    `Your account already belongs to another organisation${tenantName ? ` at ${tenantName}` : ""}. To move, ask ${supportEmail ?? "support"} to take you out of it first.`,
  METHOD_NOT_ALLOWED: ({ method, organisation }, { tenantName }) =>
    method === "password"
      ? `${organisation ?? tenantName ?? "This portal"} does not use passwords: use a passkey.`
      : `${organisation ?? tenantName ?? "This portal"} does not offer passkeys: choose a password.`,
  ENTERPRISE_SIGN_IN: () =>
    "Your organisation signs you in with its own sign-in, so no separate account is made here. Go to the sign-in page and enter your work address.",
  DISABLED: (_, { supportEmail }) => `This account is disabled. Contact ${supportEmail ?? "support"}.`,
} satisfies TModuleMessages<typeof INVITATION>;

const OPERATOR_FIELD_LABELS = {
  tenant_name: "Tenant name",
  owner_name: "Owner name",
  owner_email: "Owner email",
  email: "Email",
  name: "Name",
} as const;

const operator = {
  INVALID_INPUT: ({ field, problem, value }) => {
    switch (field) {
      case "slug":
        return problem === "reserved"
          ? `Tenant slug: "${value}" is reserved for the portal's own pages.`
          : "Tenant slug: Use 1–40 lower-case letters, digits and hyphens (not at the start or end).";
      case "role":
        return "Role must be owner, admin or support.";
      case "owner_email":
      case "email":
        return `${OPERATOR_FIELD_LABELS[field]}: ${staffEmailProblem(problem)}`;
      default:
        return `${OPERATOR_FIELD_LABELS[field]}: ${staffNameProblem(problem)}`;
    }
  },
  EXISTS: ({ slug }) => `A tenant "${slug}" already exists.`,
  NOT_FOUND: ({ subject, value }) =>
    subject === "tenant" ? `No tenant "${value}".` : `No staff member with the address ${value}.`,
} satisfies TModuleMessages<typeof OPERATOR>;

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

const org_admin = {
  NOT_MEMBER: () => "Your account does not belong to an organisation here.",
  NOT_ALLOWED: () => "Only your organisation's administrators can do this.",
  NOT_FOUND: ({ subject }) =>
    subject === "member"
      ? "There is no such member in your organisation."
      : "That invitation is no longer open in your organisation.",
  REASON_INVALID: ({ problem }) =>
    problem === "too_long" ? "Keep the reason to 500 characters." : "Say why in a few words (at least 3 characters).",
  NOT_APPLICABLE: ({ reason }) =>
    ({
      own_account: "You cannot do this to your own account here: use your own account pages.",
      disabled: "This account is disabled; ask the portal's support.",
      unverified: "This member has not confirmed their email address, so no recovery link can be sent to it.",
    })[reason],
} satisfies TModuleMessages<typeof ORG_ADMIN>;

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

/** The branding form's words for an uploaded logo that is refused. */
export const LOGO_PROBLEM_WORDS: Record<TLogoProblem, string> = {
  empty: "Logo: the file is empty.",
  too_large: "Logo: use an image of at most 256 KB.",
  svg: "Logo: SVG files are not accepted (they can contain script). Use PNG, JPEG or WebP.",
  not_an_image: "Logo: the file is not a PNG, JPEG or WebP image.",
};

/** The console settings forms' fields, as their error sentences name them. */
const SETTINGS_FIELD_LABELS: Record<string, string> = {
  // Sign-in methods and policies.
  signupMode: "Sign-up",
  mfaPolicy: "Second factor",
  minPasswordLength: "Minimum password length",
  lockoutThreshold: "Temporary lock after",
  lockoutMinutes: "Temporary lock length",
  permanentLockoutThreshold: "Lock until recovery after",
  sessionAbsoluteMinutes: "Maximum session length (all levels)",
  sessionIdleMinutes: "Inactivity limit (all levels)",
  aal1Absolute: "AAL1 maximum session length",
  aal1Idle: "AAL1 inactivity limit",
  aal2Absolute: "AAL2 maximum session length",
  aal2Idle: "AAL2 inactivity limit",
  aal3Absolute: "AAL3 maximum session length",
  aal3Idle: "AAL3 inactivity limit",
  recoveryWaitHours: "Delayed recovery wait",
  recoveryCooldownHours: "Cool-down after recovery",
  risk_newDeviceAndNetwork: "New device on a new network",
  risk_newDeviceOrNetwork: "New device or new network",
  risk_automatedUserAgent: "Automated browser",
  risk_accountFailureThreshold: "Failed passwords on an account before more proof",
  risk_ipFailureThreshold: "Failed passwords from one address per hour",
  risk_ipFailureResponse: "Response to an address with many failures",
  risk_afterRecovery: "Custom actions after a recovery",
  risk_credentialsChangedHours: "Hours after a credential change",
  risk_ipPrefixShift: "Session's network changed",
  risk_userAgentShift: "Session's browser changed",
  // Branding.
  name: "Name",
  tagline: "Tagline",
  supportEmail: "Support email",
  primaryColor: "Primary colour",
  brandTextColor: "Text colour",
  accentColor: "Accent colour",
  // Step-up actions.
  action: "Action name",
  label: "Label",
  minAal: "Required level",
  singleFactorAal: "Level without a second factor",
  maxAgeMinutes: "Maximum age",
  methods: "Methods",
  // Attestation.
  attestationRoots: "Trusted roots",
};

/** The step-up methods as the console names them. */
export const STEP_UP_METHOD_LABELS: Record<TStepUpMethod, string> = {
  password: "Password",
  totp: "Authenticator app",
  recovery_code: "Recovery code",
  passkey: "Passkey",
};

const methodList = (methods: readonly TStepUpMethod[]) => methods.map((m) => STEP_UP_METHOD_LABELS[m]).join(", ");

/** The sentence for one field's problem on a console settings form. */
export function settingsProblemWords(field: string, p: TSettingsProblem): string {
  const label = SETTINGS_FIELD_LABELS[field] ?? "This value";
  const certificate = (index: number) => `Trusted roots, certificate ${index}`;
  switch (p.problem) {
    case "whole_number":
      return `${label}: enter a whole number.`;
    case "at_least":
      return `${label}: at least ${p.min}.`;
    case "at_most":
      return `${label}: at most ${p.max}.`;
    case "choice":
      return `${label}: choose one of the options.`;
    case "invalid":
      return `${label}: check this value.`;
    case "required":
      return field === "name"
        ? "Name: enter the name your customers know."
        : field === "label"
          ? "Label: describe the action for customers."
          : `${label}: enter a value.`;
    case "too_long":
      return `${label}: at most ${p.max} characters.`;
    case "multi_line":
      return `${label}: Use a single line of plain text.`;
    case "angle_brackets":
      return `${label}: Use plain text without < or >.`;
    case "email":
      return `${label}: enter an address like help@example.com.`;
    case "hex_colour":
      return `${label}: use a hex colour like #1e40af (# and six digits).`;
    case "contrast":
      return `${label}: ${p.text} on ${p.background} has a contrast of ${p.ratio.toFixed(2)}:1; WCAG AA needs at least 4.5:1. Choose a darker or lighter colour, or leave it empty to pick black or white automatically.`;
    case "no_first_factor":
      return "Sign-in methods: allow passwords or passkeys (or both); an authenticator app alone cannot sign anyone in.";
    case "mfa_needs_factor":
      return "Second factor: “required” needs the authenticator app or passkeys to be allowed.";
    case "single_factor_length":
      return `Minimum password length: at least ${p.min} while a password can be the only factor (NIST SP 800-63B-4). Lower values are allowed only when a second factor is required.`;
    case "permanent_not_above_temporary":
      return "Lock until recovery: must be more failures than the temporary lock.";
    case "proof_after_lock":
      return "Failed passwords before more proof: ask for more proof before (or when) the account is locked, not after.";
    case "idle_over_absolute":
      return p.level === null
        ? "Inactivity limit (all levels): cannot be longer than the maximum session length."
        : `AAL${p.level} inactivity limit: cannot be longer than the AAL${p.level} maximum session length.`;
    case "level":
      return `${label}: choose AAL1, AAL2 or AAL3.`;
    case "action_name":
      return "Action name: use lower-case words joined by dots or underscores, e.g. invoice.approve.";
    case "action_exists":
      return "Action name: an action with this name already exists.";
    case "unknown_method":
      return "Methods: unknown method.";
    case "whole_minutes":
      return "Maximum age: enter whole minutes.";
    case "minutes_at_least":
      return `Maximum age: at least ${p.min} minute${p.min === 1 ? "" : "s"}.`;
    case "minutes_at_most":
      return `Maximum age: at most ${p.max} minutes (${p.max / 60} hours).`;
    case "methods_not_allowed":
      return `Methods: ${methodList(p.methods)} ${p.methods.length === 1 ? "is" : "are"} not allowed for this tenant's customers (see Sign-in methods).`;
    case "aal3_needs_passkey":
      return "AAL3 needs a passkey: allow passkeys for this action (and for the tenant), or choose a lower level.";
    case "aal_unreachable":
      return `AAL${p.level} cannot be reached with ${p.methods.length === 0 ? "no methods" : methodList(p.methods)}; add a stronger method or choose a lower level.`;
    case "roots_too_long":
      return `Trusted roots: at most ${p.max.toLocaleString("en")} characters of PEM text.`;
    case "roots_not_pem":
      return "Trusted roots: paste PEM certificates only (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----), nothing else.";
    case "roots_too_many":
      return `Trusted roots: at most ${p.max} certificates.`;
    case "roots_required":
      return "Trusted roots: add at least one root certificate, or passkeys cannot be verified.";
    case "not_certificate":
      return `${certificate(p.index)}: not a readable X.509 certificate.`;
    case "not_ca":
      return `${certificate(p.index)}: not a CA certificate (basic constraints CA is not set).`;
    case "not_root":
      return `${certificate(p.index)}: not a root certificate (it is not signed by its own key). Add the root of the chain.`;
    case "not_valid_now":
      return `${certificate(p.index)}: not valid now (valid ${p.validFrom} to ${p.validTo}).`;
  }
}

/** A settings form's field errors: each field's problem as its sentence. */
export function settingsFieldErrors(fields: Record<string, TSettingsProblem>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).map(([field, problem]) => [field, settingsProblemWords(field, problem)]),
  );
}

const tenant_settings = {
  INVALID_INPUT: () => "Some values need attention.",
  NOT_FOUND: ({ subject }) => (subject === "tenant" ? "That tenant no longer exists." : "That action does not exist."),
  BUILT_IN: () => "Built-in actions cannot be removed; change their level instead.",
} satisfies TModuleMessages<typeof TENANT_SETTINGS>;

// ---- end of step-up, risk, sessions, tenant settings, staff ----

/**
 * What a page says after a change succeeded, keyed by the outcome the action redirects with
 * (`?done=`): the use cases answer `{ ok: true }` and never words.
 */
export const DONE = {
  /** A console's actions on a customer account (`lib/workforce/account-actions.ts`). */
  account_action: {
    unlock: "Sign-in is unlocked, and the customer was told by mail.",
    end_sessions: "Every session of this account has ended.",
    disable: "The account is disabled and signed out everywhere.",
    enable: "The account is enabled again.",
    reset: "A password-reset link was sent to the customer's address.",
    assisted_recovery: "A recovery link was sent to the customer's address. Support never sees it.",
    cancel_recovery: "The recovery is cancelled, and the customer was told by mail.",
    approve_link:
      "Linking is allowed once: the next enterprise sign-in with this address links to this account without its password.",
    revoke_link: "The linking approval is revoked: the next enterprise sign-in asks for the account's proof again.",
  },
  /**
   * An owner's changes to the tenant's staff (`lib/workforce/team.ts`): the intent, or for an addition what it turned
   * out to be.
   */
  team: {
    add: "Done. A new member gets a set-up link at their own address.",
    created: "Done. The new member gets a set-up link at their own address.",
    invited: "Invitation sent. They already have a staff sign-in, so they get the role only when they accept it.",
    granted: "Done. Their role here is changed, and they were told by mail.",
    withdraw: "The invitation is withdrawn.",
    reset: "Their sign-in is reset; a new set-up link went to their address and their sessions ended.",
    remove: "Their role here is removed.",
  },
  /** A tenant's invitations of customers and partners (`lib/invitations/invitations.ts`), from the Users page. */
  tenant_invitation: {
    sent: "Invitation sent. If the address already has an account, the mail tells them to sign in to accept.",
    resent: "Sent again with a new link. The link in the earlier mail no longer works.",
    revoked: "The invitation is revoked: its link no longer works.",
  },
  /** An organisation administrator's actions on a member (`lib/org-admin/members.ts`). */
  org_admin: {
    end_sessions: "Every session of that member has ended, and the apps they signed in to were told.",
    recovery: "A recovery link was sent to the member's own address. You do not see it: only they can use it.",
    remove: "The member was removed from your organisation and signed out everywhere.",
    invited: "Invitation sent. The link reaches them by mail only, and works once for 7 days.",
    resend: "Sent again with a new link; the earlier link no longer works.",
    revoke: "The invitation is revoked: its link no longer works.",
  },
  /** The admin console's organisation pages (`actions/workforce/organisations.ts`). */
  organisation: {
    created: "The organisation is created. Invite its people below, or add its enterprise sign-in.",
    rename: "Renamed.",
    domains: "The email domains are saved.",
    role: "The member's role is changed.",
    remove: "The member is no longer in this organisation. Their account stays.",
    invited: "Invitation sent. The link reaches them by mail only, and works once for 7 days.",
    resend: "Sent again with a new link; the earlier link no longer works.",
    revoke: "The invitation is revoked: its link no longer works.",
  },
  /** A staff member's answer to an invitation to another tenant (`lib/workforce/staff-invitations.ts`). */
  invitation: {
    accepted: "Accepted. The tenant is now in your list, and you were told by mail.",
    declined: "Declined. Nothing changed.",
  },
} as const satisfies Record<string, Record<string, string>>;

/**
 * What a customer's form says once it was posted: the confirmation of a change that succeeded
 * (the use cases answer with facts such as a count or an address, never words), and the general
 * answers of a form or a ceremony that could not be read.
 */
export const NOTICES = {
  idp_continue: () => "Continue to your organisation's sign-in.",
  idp_unreachable: () =>
    "Your organisation's sign-in service cannot be reached right now. Try again in a moment, or contact your administrator.",
  session_ended: () => "The session was ended. That device is signed out.",
  app_access_revoked: ({ app }: { app: string }) =>
    `${app} can no longer use your account: its tokens stopped working, and it must ask you again.`,
  other_sessions_ended: ({ count }: { count: number }) =>
    count === 0 ? "No other sessions were active." : `${count} other session${count === 1 ? " was" : "s were"} ended.`,
  password_changed: ({ endedSessions }: { endedSessions: number }) =>
    `Your password was changed. ${endedSessions === 1 ? "1 other session was" : `${endedSessions} other sessions were`} signed out.`,
  profile_saved: () => "Your profile was saved.",
  confirmation_resent: ({ email }: { email: string }) => `We sent a new confirmation link to ${email}.`,
  email_change_sent: ({ email }: { email: string }) =>
    `We sent a confirmation link to ${email}. Your address changes when you open it.`,
  email_code_resent: ({ email }: { email: string }) =>
    `We sent a new code to ${email}. The earlier code no longer works.`,
  totp_set_up: ({ endedSessions }: { endedSessions: number }) =>
    "Your authenticator app is set up." +
    (endedSessions > 0 ? ` ${endedSessions} other session(s) were signed out.` : ""),
  totp_removed: () => "Your authenticator app was removed.",
  recovery_codes_replaced: () => "New recovery codes were created. The old ones no longer work.",
  passkey_renamed: () => "Renamed.",
  passkey_removed: () => "The passkey was removed.",
  payout_changed: () => "Your payout account was changed. We sent you a confirmation by mail.",
  correct_fields: () => "Please correct the highlighted field.",
  invalid_confirmation_link: () => "This confirmation link is not valid.",
  passkey_response_unreadable: () => "The passkey response was not understood.",
  request_unreadable: () => "The request was not understood.",
  sign_in_again: () => "Start signing in again.",
  unexpected_error: ({ reference }: { reference: string }) =>
    `Something went wrong on our side (reference ${reference}). Please try again.`,
} as const;

/**
 * What the invitations page says when an answer was refused, by the refusal's code (`?problem=`).
 */
export const INVITATION_ANSWER_PROBLEM_WORDS = {
  STAFF_REQUIRED:
    "Confirm it's you first: answering an invitation needs your passkey or a fresh authenticator code (valid 5 minutes).",
  NOT_FOUND: "That invitation is no longer open: it was answered, withdrawn or has expired.",
} as const satisfies Record<string, string>;

/** The delegated organisation page, `/{tenant}/account/organisation`. */
export const ORGANISATION_PAGE = {
  yourMembership: "Your membership",
  youAre: (role: "member" | "org_admin", organisation: string) =>
    role === "org_admin"
      ? `You are an administrator of ${organisation}: you manage its members here.`
      : `You are a member of ${organisation}.`,
  adminsHeading: "Administrators",
  noAdmins: "This organisation has no administrator yet: ask the portal's support.",
  membersHeading: "Members",
  stepUpFirst:
    "Managing members needs a second factor (passkey or authenticator app) confirmed within the last 5 minutes.",
  confirm: "Confirm it's you",
  membersIntro: (total: number) =>
    `${total} member${total === 1 ? "" : "s"}. Choose Manage to end a member's sessions, start their account recovery or remove them.`,
  tableCaption: (organisation: string) => `Members of ${organisation}`,
  columns: ["Member", "Sign-in methods", "Status"] as const,
  roleAdmin: "Administrator",
  roleMember: "Member",
  you: "you",
  manage: "Manage",
  manageLabel: (who: string) => `Manage ${who}`,
  manageHeading: (who: string) => `Manage ${who}`,
  methods: {
    password: "Password",
    passkeys: (n: number) => (n === 1 ? "1 passkey" : `${n} passkeys`),
    authenticatorApp: "Authenticator app",
    recoveryCodes: (n: number) => `Recovery codes (${n} left)`,
    none: "None yet",
  },
  status: {
    active: "Active",
    locked: "Locked",
    disabled: "Disabled",
    unverified: "Email not confirmed",
  } as const,
  lastSignIn: (when: string) => `Last sign-in ${when} UTC`,
  invitationsHeading: "Invitations",
  noInvitations: "No open invitations.",
  invitationOpen: (until: string) => `Invited; the link works until ${until} UTC.`,
  invitationExpired: (at: string) => `The link expired ${at} UTC: send it again to renew it.`,
  neverSignedIn: "Not signed in yet",
  actions: [
    {
      intent: "end_sessions",
      title: "End their sessions",
      description: "Signs them out on every device and in every app, for example after a lost laptop.",
      button: "End sessions",
    },
    {
      intent: "recovery",
      title: "Start account recovery",
      description:
        "For someone who lost their sign-in methods: a recovery link goes to their own address. You never see it.",
      button: "Send recovery link",
    },
    {
      intent: "remove",
      title: "Remove from the organisation",
      description: "They lose access to the organisation and are signed out. Their account itself stays.",
      button: "Remove member",
    },
  ] as const,
} as const;
const org_policy = {
  NOT_FOUND: () => "No organisation of this tenant has that address.",
  INVALID: ({ field }) => `Check the value of "${field}": it is not a setting this page can save.`,
  NO_FIRST_FACTOR: () =>
    "Members would have no way to sign in: allow passwords or passkeys that this tenant also allows.",
  LEVEL_UNREACHABLE: ({ level }) =>
    level >= 3
      ? "Level 3 needs hardware passkeys checked against the tenant's attestation trust list: allow passkeys and turn on attestation first."
      : "Members could not reach level 2: allow passkeys, or passwords together with authenticator apps.",
} satisfies TModuleMessages<typeof ORG_POLICY>;

/** The organisation policy page: what a member of an organisation gets, in plain words. */
export const ORG_POLICY_WORDS = {
  methods: { password: "Password", passkey: "Passkey", totp: "Authenticator app" },
  mfa: {
    off: "No second step is offered.",
    optional: "A second step is offered; members choose.",
    required: "A second step is required at every sign-in.",
  },
  level: (aal: number) =>
    aal >= 3
      ? "Level 3 (hardware passkey)"
      : aal === 2
        ? "Level 2 (two factors, or a passkey with fingerprint, face or screen lock)"
        : "Level 1 (one factor)",
  tightenedMark: "tightened by the organisation",
  saved: "Saved. Members get the new policy from their next sign-in or step-up.",
  unchanged: "Nothing changed.",
} as const;

export const EN = {
  org_policy,
  payout,
  connection,
  federation,
  oidc_client,
  oidc_consent,
  sign_in,
  sign_up,
  passkey,
  recovery,
  account,
  password,
  step_up,
  risk,
  session,
  staff,
  team,
  support,
  operator,
  tenant_settings,
  audit_filter,
  organisation,
  invitation,
  org_admin,
};
