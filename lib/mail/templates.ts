// Transactional mail. Every template has a plain-text and an HTML part; everything interpolated into
// HTML is escaped. Links are absolute URLs built from the configured base URL.
import type { TTenant } from "../db/store";

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

function mail(tenant: TTenant, subject: string, paragraphs: string[], action?: { label: string; url: string }): TMailContent {
  return { subject: `${subject} — ${tenant.name}`, text: text(paragraphs, action), html: layout(tenant, paragraphs, action) };
}

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
  newDeviceSignIn: (tenant: TTenant, details: { when: string; device: string; ip: string | null }, sessionsUrl: string) =>
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
      [`Someone asked to move a ${tenant.name} account to this address.`, `If it was you, confirm within ${hours} hours. If not, ignore this message: nothing changes.`],
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
  staffSetup: (tenant: TTenant, setupUrl: string, why: "invited" | "reset") =>
    mail(
      tenant,
      why === "invited" ? "You were added to the staff" : "Set up your staff sign-in again",
      [
        why === "invited"
          ? `An owner of ${tenant.name} gave you a staff role in Portico, the ${tenant.name} account portal.`
          : `An owner of ${tenant.name} reset your staff sign-in: your password and authenticator app were removed and your sessions ended.`,
        "Use this link within 24 hours to choose a password; you will then add an authenticator app. The link works once. If you did not expect this, tell the owner who added you.",
      ],
      { label: "Set up your staff sign-in", url: setupUrl },
    ),
  delayedRecoveryCancelled: (tenant: TTenant) =>
    mail(tenant, "Account recovery cancelled", [
      `The pending recovery of your ${tenant.name} account was cancelled. Your password and second factors are unchanged.`,
      `If you did not cancel it, contact ${tenant.supportEmail ?? "support"}.`,
    ]),
  signInCode: (tenant: TTenant, code: string, minutes: number, details: { when: string; device: string; network: string }, resetUrl: string) =>
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
};

/** A date in mail: unambiguous for every reader, whatever their time zone. */
export function formatDate(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
