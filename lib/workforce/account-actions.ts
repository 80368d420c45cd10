// What staff can do to a customer account, always inside the tenant their role was checked for,
// with a written justification where the action overrides a security control, in one transaction
// with its audit row (who, what, which tenant, why), and with a notice to the customer. Staff
// never set, see or receive a password, code or link: resets and recoveries go to the customer's
// own verified address, so the customer still proves control of it.
import { z } from "zod";
import { AUDIT, type TAuditType } from "../audit/catalog";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { fail, type TFailure } from "../kernel/outcome";
import { queueMail, tenantUrl } from "../mail/queue-mail";
import { mailResetLink, openAssistedRecovery } from "../recovery/assisted-recovery";
import { endEverySessionOf } from "../sessions/end-user-sessions";
import { templates } from "../mail/templates";
import { clearSignInFailures } from "../risk/login-throttle";
import { STAFF, SUPPORT } from "./outcomes";
import type { STEP_UP } from "../step-up/outcomes";
import { userState } from "./tenant-users";
import { recordStaffAudit, type TAuditDataField } from "../audit/events";
import { actingAs, isFreshAuthority, STALE_STEP_UP, type TConsoleActor } from "./console-gate";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";
import { liftLocks } from "../risk/lockout";
import { endAppSessions } from "../sessions/app-sessions";

export type TStaffActor = { tenant: TTenant; staffId: string; meta: TRequestMeta };

export type TAccountActionResult =
  | { ok: true; endedSessions?: number }
  | TFailure<typeof SUPPORT>
  | TFailure<typeof STAFF, "REASON_INVALID">
  | TFailure<typeof STEP_UP, "STAFF_REQUIRED">;

/** A justification: written for the audit log, so it must say something. */
export const ZJustification = z.string().trim().min(10, { error: "too_short" }).max(500, { error: "too_long" });

/** The refusal of a justification that does not hold (the schema's issue messages are problem codes). */
export function reasonRefusal(issues: ReadonlyArray<{ message: string }>) {
  return fail(STAFF, "REASON_INVALID", { problem: issues[0]?.message === "too_long" ? "too_long" : "too_short" });
}

async function findUser(deps: TDeps, actor: TStaffActor, userId: string): Promise<TUser | null> {
  if (typeof userId !== "string" || userId.length === 0 || userId.length > 64) return null;
  return deps.store.users.findById(actor.tenant.id, userId);
}

const NOT_FOUND = fail(SUPPORT, "NOT_FOUND");

export type TStaffActionOpening<T> =
  | { ok: true; actor: TStaffActor; target: T | null; reason: string | null }
  | { ok: false; refusal: typeof STALE_STEP_UP | ReturnType<typeof reasonRefusal> };

/**
 * The opening every console action on someone else shares: the step-up must be fresh, then the
 * justification must hold (`reason`; null for an action that asks for none), then `find` looks up
 * whom it is about in the actor's tenant (`target` null: not there).
 */
export async function openStaffAction<T>(
  deps: TDeps,
  by: TConsoleActor,
  reason: string | null,
  find: (actor: TStaffActor) => Promise<T | null>,
): Promise<TStaffActionOpening<T>> {
  if (!isFreshAuthority(by.authority, deps.now())) return { ok: false, refusal: STALE_STEP_UP };
  const actor = actingAs(by);
  let justified: string | null = null;
  if (reason !== null) {
    const parsed = ZJustification.safeParse(reason);
    if (!parsed.success) return { ok: false, refusal: reasonRefusal(parsed.error.issues) };
    justified = parsed.data;
  }
  return { ok: true, actor, target: await find(actor), reason: justified };
}

/**
 * `openStaffAction` for an account of the actor's tenant, with `record`: the action's audit row,
 * written through `txDeps` (who, which tenant, which account, why, when).
 */
async function openAccountAction(deps: TDeps, by: TConsoleActor, userId: string, reason: string | null) {
  const opened = await openStaffAction(deps, by, reason, (actor) => findUser(deps, actor, userId));
  if (!opened.ok) return { ok: false as const, result: opened.refusal };
  const { actor, target: user } = opened;
  if (!user) return { ok: false as const, result: NOT_FOUND };
  const now = deps.now();
  const record = <T extends TAuditType>(txDeps: TDeps, event: TAuditDataField<T>) =>
    recordStaffAudit<T>(txDeps.store, {
      staffId: actor.staffId,
      tenantId: actor.tenant.id,
      userId: user.id,
      reason: opened.reason,
      meta: actor.meta,
      at: now,
      ...event,
    });
  return { ok: true as const, actor, user, record, now };
}

/** Lifts a temporary or permanent lock after failed attempts. Needs a justification. */
export async function unlockAccount(
  deps: TDeps,
  by: TConsoleActor,
  input: { userId: string; reason: string },
): Promise<TAccountActionResult> {
  const opened = await openAccountAction(deps, by, input.userId, input.reason);
  if (!opened.ok) return opened.result;
  const { actor, user, record, now } = opened;
  const state = userState(user, now);
  if (state !== "locked" && state !== "locked_temporarily")
    return fail(SUPPORT, "NOT_APPLICABLE", { reason: "not_locked" });
  await withTransaction(deps, async (txDeps) => {
    await liftLocks(txDeps.store, actor.tenant.id, user.id);
    await record(txDeps, { type: AUDIT.userUnlocked, data: { was: state } });
    await queueMail(
      txDeps,
      actor.tenant,
      user.email,
      templates.accountUnlocked(actor.tenant, tenantUrl(deps, actor.tenant, "forgot-password")),
    );
  });
  await clearSignInFailures(deps.store, actor.tenant.id, user.email);
  return { ok: true };
}

/** Signs the customer out everywhere (e.g. a device they lost). */
export async function endAccountSessions(
  deps: TDeps,
  by: TConsoleActor,
  input: { userId: string; reason: string },
): Promise<TAccountActionResult> {
  const opened = await openAccountAction(deps, by, input.userId, input.reason);
  if (!opened.ok) return opened.result;
  const { actor, user, record, now } = opened;
  const ended = await withTransaction(deps, async (txDeps) => {
    const count = await endEverySessionOf(txDeps.store, actor.tenant, user.id, "ended_by_staff", now);
    await record(txDeps, { type: AUDIT.sessionsRevokedByStaff, data: { endedSessions: count } });
    return count;
  });
  return { ok: true, endedSessions: ended };
}

/** Disables (every session ends, sign-in refused) or re-enables an account. Admin console only. */
export async function setAccountDisabled(
  deps: TDeps,
  by: TConsoleActor,
  input: { userId: string; disabled: boolean; reason: string },
): Promise<TAccountActionResult> {
  const opened = await openAccountAction(deps, by, input.userId, input.reason);
  if (!opened.ok) return opened.result;
  const { actor, user, record, now } = opened;
  if (input.disabled === (user.status === "disabled"))
    return fail(SUPPORT, "NOT_APPLICABLE", { reason: input.disabled ? "already_disabled" : "not_disabled" });
  await withTransaction(deps, async (txDeps) => {
    await txDeps.store.users.setLockState(actor.tenant.id, user.id, {
      status: input.disabled ? "disabled" : "active",
      lockReason: input.disabled ? "admin" : null,
      lockedAt: input.disabled ? now : null,
      lockedUntil: null,
      failedLoginCount: 0,
    });
    if (input.disabled) await txDeps.store.sessions.revokeAllForUser(actor.tenant.id, user.id, "account_disabled", now);
    await endAppSessions(txDeps.store, actor.tenant, user.id, now);
    await record(txDeps, { type: input.disabled ? AUDIT.userDisabled : AUDIT.userEnabled });
  });
  return { ok: true };
}

/**
 * Sends the customer a password-reset link (staff never set or see a password). A reset still asks for the customer's
 * second factor.
 */
export async function startPasswordResetForUser(
  deps: TDeps,
  by: TConsoleActor,
  input: { userId: string },
): Promise<TAccountActionResult> {
  const opened = await openAccountAction(deps, by, input.userId, null);
  if (!opened.ok) return opened.result;
  const { actor, user, record } = opened;
  if (user.status === "disabled") return fail(SUPPORT, "NOT_APPLICABLE", { reason: "disabled" });
  await withTransaction(deps, async (txDeps) => {
    await mailResetLink(txDeps, actor.tenant, user, (url, minutes) =>
      templates.passwordReset(actor.tenant, url, minutes),
    );
    await record(txDeps, { type: AUDIT.passwordResetStartedByStaff });
  });
  return { ok: true };
}

/**
 * Assisted recovery, for a customer who lost every second factor and whose identity support has
 * checked another way: instead of waiting out the delayed recovery, a recovery that is ready now
 * is opened and a reset link goes to the customer's own address. Using it sets a new password,
 * removes the bypassed factors, ends every session and starts the post-recovery cool-down (the
 * same completion as a delayed recovery). A waiting delayed recovery is replaced by it.
 */
export async function startAssistedRecovery(
  deps: TDeps,
  by: TConsoleActor,
  input: { userId: string; reason: string },
): Promise<TAccountActionResult> {
  const opened = await openAccountAction(deps, by, input.userId, input.reason);
  if (!opened.ok) return opened.result;
  const { actor, user, record } = opened;
  if (user.status === "disabled") return fail(SUPPORT, "NOT_APPLICABLE", { reason: "disabled" });
  await withTransaction(deps, async (txDeps) => {
    const recovery = await openAssistedRecovery(txDeps, actor.tenant, user, {
      startedBy: `staff:${actor.staffId}`,
      meta: actor.meta,
      content: (url, minutes) => templates.assistedRecoveryStarted(actor.tenant, url, minutes),
    });
    await record(txDeps, { type: AUDIT.assistedRecoveryStarted, data: recovery });
  });
  return { ok: true };
}

/** Cancels a waiting delayed recovery that looks suspicious. Needs a justification; the customer is told. */
export async function cancelRecoveryForUser(
  deps: TDeps,
  by: TConsoleActor,
  input: { userId: string; reason: string },
): Promise<TAccountActionResult> {
  const opened = await openAccountAction(deps, by, input.userId, input.reason);
  if (!opened.ok) return opened.result;
  const { actor, user, record, now } = opened;
  const open = await deps.store.recoveryRequests.findOpen(actor.tenant.id, user.id);
  if (!open) return fail(SUPPORT, "NOT_APPLICABLE", { reason: "no_recovery" });
  const done = await withTransaction(deps, async (txDeps) => {
    if (!(await txDeps.store.recoveryRequests.cancel(actor.tenant.id, open.id, `staff:${actor.staffId}`, now)))
      return false;
    await record(txDeps, { type: AUDIT.recoveryCancelled, data: { requestId: open.id, by: "staff" } });
    await queueMail(txDeps, actor.tenant, user.email, templates.delayedRecoveryCancelled(actor.tenant));
    return true;
  });
  if (!done) return fail(SUPPORT, "NOT_APPLICABLE", { reason: "no_recovery" });
  return { ok: true };
}
