// Transactional mail. Every template has a plain-text and an HTML part; everything interpolated into
// HTML is escaped. Links are absolute URLs built from the configured base URL.
import type { TTenant } from "../tenancy/types";

export type TMailContent = { subject: string; text: string; html: string };

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function layout(tenant: TTenant, paragraphs: string[], action?: { label: string; url: string }): string {
  const color = /^#[0-9a-fA-F]{6}$/.test(tenant.primaryColor) ? tenant.primaryColor : "#1f2937";
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join("");
  const button = action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="background:${color};color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(action.label)}</a></p><p style="margin:0 0 16px;font-size:13px;color:#4b5563">Or paste this link into your browser: ${escapeHtml(action.url)}</p>`
    : "";
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111827;max-width:560px;margin:0 auto;padding:24px"><h1 style="font-size:20px;margin:0 0 24px">${escapeHtml(tenant.name)}</h1>${body}${button}<p style="font-size:12px;color:#6b7280;margin-top:32px">You received this because of activity on your ${escapeHtml(tenant.name)} account.</p></body></html>`;
}

function text(paragraphs: string[], action?: { label: string; url: string }): string {
  return [...paragraphs, ...(action ? [`${action.label}: ${action.url}`] : [])].join("\n\n") + "\n";
}

function mail(
  tenant: TTenant,
  subject: string,
  paragraphs: string[],
  action?: { label: string; url: string },
): TMailContent {
  return {
    subject: `${subject} — ${tenant.name}`,
    text: text(paragraphs, action),
    html: layout(tenant, paragraphs, action),
  };
}

// Staff mail comes from the platform operator, never from a tenant: a staff identity may work for
// several tenants, so one tenant's name, colours or wording must not speak for the sign-in they share.
// A tenant's name appears only as the plain fact of which tenant granted a role.
function operatorMail(
  operator: string,
  subject: string,
  paragraphs: string[],
  action?: { label: string; url: string },
): TMailContent {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join("");
  const button = action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="background:#111827;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(action.label)}</a></p><p style="margin:0 0 16px;font-size:13px;color:#4b5563">Or paste this link into your browser: ${escapeHtml(action.url)}</p>`
    : "";
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111827;max-width:560px;margin:0 auto;padding:24px"><h1 style="font-size:20px;margin:0 0 24px">${escapeHtml(operator)} staff access</h1>${body}${button}<p style="font-size:12px;color:#6b7280;margin-top:32px">You received this because of your staff access to ${escapeHtml(operator)}.</p></body></html>`;
  return { subject: `${subject} — ${operator}`, text: text(paragraphs, action), html };
}

const ROLE_NAMES: Record<string, string> = { owner: "owner", admin: "administrator", support: "support" };
const roleName = (role: string) => ROLE_NAMES[role] ?? role;
// The slug is the operator's: a tenant can rename itself, so its name alone could pass for another's.
type TGrantingTenant = { name: string; slug: string };
const tenantLabel = (tenant: TGrantingTenant) => `"${tenant.name}" (${tenant.slug})`;

export const staffTemplates = {
  /** A new staff identity's first link, or the link after an owner's reset (the member works for that tenant only). */
  setup: (
    operator: string,
    setupUrl: string,
    why: { kind: "invited"; tenant: TGrantingTenant; role: string } | { kind: "reset" },
  ) =>
    operatorMail(
      operator,
      why.kind === "invited" ? "Set up your staff sign-in" : "Set up your staff sign-in again",
      [
        why.kind === "invited"
          ? `You were given the ${roleName(why.role)} role at ${tenantLabel(why.tenant)} in ${operator}'s staff consoles.`
          : `An owner of your organisation reset your ${operator} staff sign-in: your password, authenticator app and passkeys were removed and your sessions ended.`,
        `Use this link within 24 hours to choose a password; you will then add a passkey or an authenticator app. The link works once. If you did not expect this, contact ${operator}.`,
      ],
      { label: "Set up your staff sign-in", url: setupUrl },
    ),
  /** An owner offers a role to someone who already has a staff identity: nothing changes until they accept. */
  invitation: (
    operator: string,
    input: { tenant: TGrantingTenant; role: string; invitationsUrl: string; days: number },
  ) =>
    operatorMail(
      operator,
      "You are invited to a staff role",
      [
        `An owner of ${tenantLabel(input.tenant)} invited you to the ${roleName(input.role)} role there, in ${operator}'s staff consoles.`,
        `Nothing changes until you accept: sign in to the staff console as usual and answer the invitation within ${input.days} days. Your sign-in stays yours: that tenant cannot see or reset it.`,
        `If you do not know this tenant, decline the invitation or ignore this message.`,
      ],
      { label: "See your invitations", url: input.invitationsUrl },
    ),
  /** A role was granted (accepted invitation, the operator, or a changed role at a tenant the member works for). */
  roleGranted: (
    operator: string,
    input: {
      tenant: TGrantingTenant;
      role: string;
      how: "accepted" | "operator" | "changed";
      consoleUrl: string;
      linkFromOperator?: boolean;
    },
  ) =>
    operatorMail(operator, "Your staff role changed", [
      input.how === "accepted"
        ? `You accepted the ${roleName(input.role)} role at ${tenantLabel(input.tenant)}.`
        : input.how === "operator"
          ? `${operator} gave you the ${roleName(input.role)} role at ${tenantLabel(input.tenant)}.`
          : `An owner of ${tenantLabel(input.tenant)} changed your role there to ${roleName(input.role)}.`,
      input.linkFromOperator
        ? `${operator} gives you a set-up link directly; after set-up, sign in at ${input.consoleUrl}. If you did not expect this, contact ${operator}.`
        : `Sign in at ${input.consoleUrl}. If you did not expect this, contact ${operator}.`,
    ]),
  /** The operator reset the sign-in from the command line; the link comes from the operator, not by mail. */
  operatorReset: (operator: string) =>
    operatorMail(operator, "Your staff sign-in was reset", [
      `${operator} reset your staff sign-in: your password, authenticator app and passkeys were removed and your sessions ended.`,
      `${operator} gives you a new set-up link directly. If you did not ask for this, contact ${operator} right away.`,
    ]),
};

export const templates = {
  factorChanged: (tenant: TTenant, change: string, sessionsUrl: string) =>
    mail(tenant, "Your sign-in methods changed", [
      `${change} on your ${tenant.name} account just now.`,
      `If this was not you, reset your password right away, review your signed-in devices at ${sessionsUrl}, and contact ${tenant.supportEmail ?? "support"}.`,
    ]),
  secondFactorFailed: (tenant: TTenant, resetUrl: string) =>
    mail(tenant, "Someone entered your password", [
      `Someone signed in to your ${tenant.name} account with the right password but could not pass the second step.`,
      `If this was not you, your password is known to someone else: change it now at ${resetUrl}.`,
    ]),
  secondFactorLocked: (tenant: TTenant, from: { fromKnownDevice: boolean }, resetUrl: string) =>
    mail(
      tenant,
      "Sign-in to your account is locked",
      [
        `Someone entered the right password for your ${tenant.name} account and then too many wrong second-factor codes, ${from.fromKnownDevice ? "on a device you have signed in with before" : "from a device you have not signed in with before"}.`,
        from.fromKnownDevice
          ? "Sign-in with a password is locked until you reset your password or support unlocks your account. Your passkeys still work."
          : "Sign-in from new devices is locked until you reset your password or support unlocks your account. Your passkeys and the devices you have signed in with before still work.",
        `Your password is known to someone else: choose a new one. If you need help, contact ${tenant.supportEmail ?? "support"}.`,
      ],
      { label: "Choose a new password", url: resetUrl },
    ),
  verifyEmail: (tenant: TTenant, url: string, hours: number) =>
    mail(
      tenant,
      "Confirm your email address",
      [
        `Confirm this address to finish setting up your ${tenant.name} account.`,
        `The link works once and expires in ${hours} hours. If you did not create an account, ignore this message.`,
      ],
      { label: "Confirm email address", url },
    ),
  signupAttemptOnExistingAccount: (tenant: TTenant, loginUrl: string, resetUrl: string) =>
    mail(tenant, "Someone tried to sign up with your address", [
      `Someone tried to create a ${tenant.name} account with this email address, but you already have one.`,
      tenant.allowPassword
        ? `If it was you, sign in at ${loginUrl}. Forgot your password? Reset it at ${resetUrl}.`
        : `If it was you, sign in with your passkey at ${loginUrl}. Lost your passkey? Recover your account at ${resetUrl}.`,
      "If it was not you, you can ignore this message: nothing has changed.",
    ]),
  passwordReset: (tenant: TTenant, url: string, minutes: number) =>
    mail(
      tenant,
      "Reset your password",
      [
        `We received a request to reset the password of your ${tenant.name} account.`,
        `The link works once and expires in ${minutes} minutes. If you did not ask for this, ignore this message: your password stays the same.`,
      ],
      { label: "Choose a new password", url },
    ),
  passwordChanged: (tenant: TTenant, how: "changed" | "reset", resetUrl: string) =>
    mail(tenant, how === "reset" ? "Your password was reset" : "Your password was changed", [
      `The password of your ${tenant.name} account was ${how} just now, and your other sessions were signed out.`,
      `If this was not you, reset your password right away at ${resetUrl} and contact ${tenant.supportEmail ?? "support"}.`,
    ]),
  newDeviceSignIn: (
    tenant: TTenant,
    details: { when: string; device: string; ip: string | null },
    sessionsUrl: string,
  ) =>
    mail(
      tenant,
      "New sign-in to your account",
      [
        `Your ${tenant.name} account was signed in to from a device we have not seen before.`,
        `When: ${details.when}. Device: ${details.device}. Network address: ${details.ip ?? "unknown"}.`,
        `If this was you, there is nothing to do. If not, sign that session out, change your password and turn on a second factor.`,
      ],
      { label: "Review your signed-in devices", url: sessionsUrl },
    ),
  emailChangeConfirm: (tenant: TTenant, url: string, hours: number) =>
    mail(
      tenant,
      "Confirm your new email address",
      [
        `Someone asked to move a ${tenant.name} account to this address.`,
        `If it was you, confirm within ${hours} hours. If not, ignore this message: nothing changes.`,
      ],
      { label: "Confirm this address", url },
    ),
  emailChangeAddressTaken: (tenant: TTenant, loginUrl: string) =>
    mail(tenant, "An email change was requested", [
      `Someone asked to move a ${tenant.name} account to this address, but this address already belongs to an account. Nothing was changed.`,
      `If this was you, sign in to that account instead at ${loginUrl}.`,
    ]),
  emailChangedNotice: (tenant: TTenant, newAddressMasked: string, undoUrl: string, days: number) =>
    mail(
      tenant,
      "Your email address was changed",
      [
        `The email address of your ${tenant.name} account was changed to ${newAddressMasked}. Sign-in and account mail now go there.`,
        `If this was not you, undo the change within ${days} days: the account returns to this address and every session is signed out.`,
      ],
      { label: "Undo this change", url: undoUrl },
    ),
  delayedRecoveryStarted: (tenant: TTenant, availableAt: Date, waitHours: number, cancelUrl: string) =>
    mail(
      tenant,
      "Account recovery requested",
      [
        `Someone asked to recover your ${tenant.name} account without its second factor (authenticator app, passkey or recovery codes).`,
        `For your protection nothing happens for ${waitHours} hours. From ${formatDate(availableAt)} a new password can be set, and your second factors will then be removed and every device signed out.`,
        "If this was not you, cancel the recovery now. Your password and second factors stay as they are. You can also cancel it on the Security page of your account after signing in.",
      ],
      { label: "Cancel this recovery", url: cancelUrl },
    ),
  assistedRecoveryStarted: (tenant: TTenant, resetUrl: string, minutes: number) =>
    mail(
      tenant,
      "Support started recovering your account",
      [
        `${tenant.name} support started a recovery of your account after checking who you are.`,
        `Use the link below within ${minutes} minutes to choose a new password. When you do, your second factors (authenticator app, passkeys, recovery codes) are removed and every device is signed out, so you can set them up again.`,
        "If you did not contact support, do not use the link and reply to this message: the recovery then stays unused and your account unchanged.",
      ],
      { label: "Choose a new password", url: resetUrl },
    ),
  accountUnlocked: (tenant: TTenant, resetUrl: string) =>
    mail(tenant, "Your account was unlocked", [
      `${tenant.name} support unlocked sign-in to your account, which was locked after too many failed attempts.`,
      `If the failed attempts were not yours, someone may know your email address: choose a new password at ${resetUrl}.`,
    ]),
  delayedRecoveryCancelled: (tenant: TTenant) =>
    mail(tenant, "Account recovery cancelled", [
      `The pending recovery of your ${tenant.name} account was cancelled. Your password and second factors are unchanged.`,
      `If you did not cancel it, contact ${tenant.supportEmail ?? "support"}.`,
    ]),
  signInCode: (
    tenant: TTenant,
    code: string,
    minutes: number,
    details: { when: string; device: string; network: string },
    resetUrl: string,
  ) =>
    mail(tenant, "Your sign-in code", [
      `Your password was just used to sign in to your ${tenant.name} account, and the sign-in looks unusual (for example, a new device or network). To finish signing in, enter this code:`,
      code,
      `It works once and expires in ${minutes} minutes. When: ${details.when}. Device: ${details.device}. Approximate network: ${details.network}.`,
      `If this was not you, do not give this code to anyone: someone knows your password. Change it now at ${resetUrl}.`,
    ]),
  partialSignIn: (tenant: TTenant, details: { when: string; device: string; network: string }, resetUrl: string) =>
    mail(tenant, "Your password was used to start a sign-in", [
      `Your password was used to start a sign-in to your ${tenant.name} account from a device or network we have not seen with it before. The sign-in waits for your second step.`,
      `When: ${details.when}. Device: ${details.device}. Approximate network: ${details.network}.`,
      `If this was you, there is nothing to do. If this was not you, someone knows your password: change it now at ${resetUrl}.`,
    ]),
  accountRecovered: (tenant: TTenant, removed: string, resetUrl: string) =>
    mail(tenant, "Your account was recovered", [
      `Your ${tenant.name} account was recovered just now: a new password was set, ${removed}, and every device was signed out.`,
      "For a while some sensitive changes (such as payout details) need extra confirmation or are blocked.",
      `If this was not you, reset your password right away at ${resetUrl} and contact ${tenant.supportEmail ?? "support"}.`,
    ]),
  /**
   * An invitation to the tenant (and an organisation): a new address sets up its account from the
   * link; an address that already has an account signs in to accept. The inviter is told neither.
   */
  tenantInvitation: (
    tenant: TTenant,
    input: { organisation: string | null; orgAdmin: boolean; url: string; days: number; existingAccount: boolean },
  ) => {
    const where = input.organisation
      ? `${input.organisation} on ${tenant.name}${input.orgAdmin ? `, as an administrator of ${input.organisation}` : ""}`
      : tenant.name;
    const setUp = tenant.allowPassword
      ? tenant.allowPasskey
        ? "choose a password or create a passkey"
        : "choose a password"
      : "create a passkey on your device";
    return mail(
      tenant,
      input.organisation ? `You are invited to join ${input.organisation}` : "You are invited",
      [
        `You are invited to join ${where}.`,
        input.existingAccount
          ? `You already have a ${tenant.name} account with this address: open the link, sign in as usual and accept the invitation.`
          : `Open the link to set up your account: ${setUp}. This address is the one you will sign in with.`,
        `The link works once and expires in ${input.days} days. If you did not expect this invitation, ignore this message: nothing happens until it is accepted.`,
      ],
      { label: input.existingAccount ? "Sign in to accept" : "Set up your account", url: input.url },
    );
  },
};

/** A date in mail: unambiguous for every reader, whatever their time zone. */
export function formatDate(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
