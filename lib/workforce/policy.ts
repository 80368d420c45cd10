// The workforce realm's own policy, deliberately stricter than any customer tenant's and not
// configurable by tenants: staff sessions are short, a second factor is mandatory, console actions
// need the factor proven again within minutes, and there is no self-service recovery.
export const STAFF_POLICY = {
  idleMinutes: 15,
  absoluteMinutes: 8 * 60,
  /** A half-finished sign-in (second factor or its enrolment pending). */
  pendingMinutes: 10,
  /** Console actions need the second factor proven within this many minutes. */
  stepUpMinutes: 5,
  /** A set-up link (new member, or after another admin reset the member's factors). */
  setupLinkHours: 24,
  /** An owner's invitation of someone who already has a staff identity stays open this long. */
  invitationDays: 7,
  passwordMinLength: 15,
  /** Password guesses per address, and per client address, in the window below. */
  signInPerAccount: 5,
  signInPerIp: 50,
  signInWindowSeconds: 15 * 60,
  /** Second-factor guesses per session before it is ended. */
  codeAttemptsPerSession: 5,
} as const;

/** Whether a staff session proved its second factor recently enough for a console action. */
export function hasFreshStepUp(steppedUpAt: Date | null, now: Date): boolean {
  if (!steppedUpAt) return false;
  const age = now.getTime() - steppedUpAt.getTime();
  return age >= 0 && age <= STAFF_POLICY.stepUpMinutes * 60_000;
}

/** When a staff session idles out, given when it was last used and when it ends at the latest. */
export function staffIdleDeadline(lastSeen: Date, absoluteExpiresAt: Date): Date {
  return new Date(Math.min(lastSeen.getTime() + STAFF_POLICY.idleMinutes * 60_000, absoluteExpiresAt.getTime()));
}
