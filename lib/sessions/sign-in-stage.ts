// A sign-in as a typed state machine. A session row is in one stage for its whole life: "complete"
// (signed in) or one of the pending stages, each of which opens nothing but its own page:
//
//   password_ok ─┬─→ second_factor ─── second_factor_proven ──→ complete
//                ├─→ email_code ────── email_code_proven ─────→ complete | enrol_factor
//                ├─→ enrol_factor ──── factor_enrolled ───────→ complete
//                └─→ complete
//   passkey_ok ──┬─→ second_factor (a passkey without user verification, and an app enrolled)
//                └─→ complete
//   email_link (first passkey of a passwordless sign-up) ─→ enrol_factor
//
// A transition ends the pending session in the stage it expects (a compare-and-set in the sessions
// repository: UPDATE … WHERE stage = expected AND not ended) and the caller opens the next session
// in the same transaction. Of concurrent requests for one pending sign-in exactly one wins; the
// others get `LOST` and roll back, so a pending sign-in never completes twice. A transition asked
// of a session in another stage is refused (`ILLEGAL_TRANSITION`) before the database is touched.
import type { TRepositories } from "../db/store";
import type { TSession, TSessionStage } from "./types";

export type TSignInStage = TSessionStage;
export type TPendingStage = Exclude<TSignInStage, "complete">;

const STAGES: readonly TSignInStage[] = ["complete", "second_factor", "enrol_factor", "email_code"];

/** "ended": the pending sign-in is over with no session after it (the password must be entered again). */
export const SIGN_IN_TRANSITIONS = {
  second_factor_proven: { from: "second_factor", to: ["complete"], reason: "second_factor_completed" },
  second_factor_attempts_used: { from: "second_factor", to: ["ended"], reason: "second_factor_attempts" },
  locked_at_second_factor: { from: "second_factor", to: ["ended"], reason: "account_locked" },
  email_code_proven: { from: "email_code", to: ["complete", "enrol_factor"], reason: "email_code_completed" },
  email_code_failed: { from: "email_code", to: ["ended"], reason: "email_code_failed" },
  factor_enrolled: { from: "enrol_factor", to: ["complete"], reason: "rotated_factor_added" },
  /** Not a sign-in step: a signed-in session is replaced by one that also proved the new factor. */
  factor_added: { from: "complete", to: ["complete"], reason: "rotated_factor_added" },
} as const satisfies Record<string, { from: TSignInStage; to: readonly (TSignInStage | "ended")[]; reason: string }>;

export type TSignInTransition = keyof typeof SIGN_IN_TRANSITIONS;
type TTarget<N extends TSignInTransition> = (typeof SIGN_IN_TRANSITIONS)[N]["to"][number];

export type TTransitionOutcome =
  | { ok: true }
  /** Another request made a transition of this pending sign-in first, or it ended meanwhile. */
  | { ok: false; code: "LOST" }
  | { ok: false; code: "ILLEGAL_TRANSITION"; transition: TSignInTransition; stage: string; to: string };

type TStaged = Pick<TSession, "id" | "tenantId" | "userId" | "stage">;

/** The stage of a stored session; null for a value that is no stage (never treated as signed in). */
export function stageOf(session: Pick<TSession, "stage">): TSignInStage | null {
  return STAGES.find((s) => s === session.stage) ?? null;
}

/** Signed in: the only stage that opens the account. */
export function isSignedIn(session: Pick<TSession, "stage">): boolean {
  return stageOf(session) === "complete";
}

export function isSignedInStage(stage: TSignInStage): boolean {
  return stage === "complete";
}

/** A pending sign-in (or the stage a sign-in moves to) waiting in `stage`. */
export function isAt(session: Pick<TSession, "stage"> | TSignInStage, stage: TPendingStage): boolean {
  return (typeof session === "string" ? session : stageOf(session)) === stage;
}

/**
 * The compare-and-set behind every named transition. `to` is the stage of the session the caller
 * opens next (or "ended"); it must be one the transition leads to.
 */
export async function transition<N extends TSignInTransition>(
  tx: Pick<TRepositories, "sessions">,
  name: N,
  session: TStaged,
  to: TTarget<N>,
  at: Date,
): Promise<TTransitionOutcome> {
  const rule: { from: TSignInStage; to: readonly string[]; reason: string } = SIGN_IN_TRANSITIONS[name];
  const stage = stageOf(session);
  if (stage !== rule.from || !rule.to.includes(to))
    return { ok: false, code: "ILLEGAL_TRANSITION", transition: name, stage: session.stage, to };
  const won = await tx.sessions.endStage(session.tenantId, session.userId, session.id, rule.from, rule.reason, at);
  return won ? { ok: true } : { ok: false, code: "LOST" };
}

// One function per transition.
type TTx = Pick<TRepositories, "sessions">;
export const secondFactorProven = (tx: TTx, session: TStaged, at: Date) =>
  transition(tx, "second_factor_proven", session, "complete", at);
export const secondFactorAttemptsUsed = (tx: TTx, session: TStaged, at: Date) =>
  transition(tx, "second_factor_attempts_used", session, "ended", at);
export const lockedAtSecondFactor = (tx: TTx, session: TStaged, at: Date) =>
  transition(tx, "locked_at_second_factor", session, "ended", at);
export const emailCodeProven = (tx: TTx, session: TStaged, next: TTarget<"email_code_proven">, at: Date) =>
  transition(tx, "email_code_proven", session, next, at);
export const emailCodeFailed = (tx: TTx, session: TStaged, at: Date) =>
  transition(tx, "email_code_failed", session, "ended", at);
/** The session that proved a new factor: ends a required enrolment, or replaces a signed-in session. */
export const factorAddedTo = (tx: TTx, session: TStaged, at: Date) =>
  isSignedIn(session)
    ? transition(tx, "factor_added", session, "complete", at)
    : transition(tx, "factor_enrolled", session, "complete", at);

/**
 * Counts one code attempt on a pending sign-in at the second factor (null when it has ended or
 * used its `limit`); the conditional update also serialises concurrent submissions.
 */
export function reserveSecondFactorAttempt(
  tx: TTx,
  session: TStaged,
  limit: number,
  now: Date,
): Promise<number | null> {
  return tx.sessions.reserveFactorAttempt(session.tenantId, session.userId, session.id, "second_factor", limit, now);
}

// Where a sign-in starts.

/** After the right password. */
export function stageAfterPassword(input: {
  hasSecondFactor: boolean;
  riskStepUp: boolean;
  factorRequired: boolean;
}): TSignInStage {
  if (input.hasSecondFactor) return "second_factor";
  if (input.riskStepUp) return "email_code";
  return input.factorRequired ? "enrol_factor" : "complete";
}

/** After a passkey on its own: one factor (no user verification) is followed by an enrolled app. */
export function stageAfterPasskey(input: { aal: number; hasTotp: boolean }): "complete" | "second_factor" {
  return input.aal < 2 && input.hasTotp ? "second_factor" : "complete";
}

/** After the emailed code of a risky sign-in. */
export function stageAfterEmailCode(input: { factorRequired: boolean }): TTarget<"email_code_proven"> {
  return input.factorRequired ? "enrol_factor" : "complete";
}
