// Staff sign-in, step one: email and password. It never opens a console by itself: a correct
// password leads to the second factor (or, at first sign-in, to enrolling one). Unknown addresses,
// members without a password yet and wrong passwords get one answer after one argon2id
// verification, so neither the message nor its timing tells who is staff.
import { AUDIT } from "../audit/catalog";
import type { TStaffSessionStage } from "../db/store-workforce";
import { ZEmailSchema } from "../identity/email";
import { verifyAgainstDummy, verifyPassword } from "../identity/password-hasher";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { consumeRateLimit, formatWait } from "../risk/rate-limit";
import { STAFF_POLICY } from "./policy";
import { staffHasSecondFactor } from "./staff-passkeys";
import { createStaffSession } from "./staff-sessions";
import { recordStaffAudit } from "../audit/events";

export const STAFF_INVALID_MESSAGE = "Incorrect email or password.";

export type TStaffSignInResult =
  | { ok: true; token: string; expiresAt: Date; stage: Exclude<TStaffSessionStage, "complete"> }
  | { ok: false; code: "INVALID_INPUT" | "INVALID_CREDENTIALS" | "RATE_LIMITED" | "DISABLED"; message: string };

const accountKey = (email: string) => `staff-login:acct:${email}`;

export async function signInStaff(deps: TDeps, input: { email: string; password: string }, meta: TRequestMeta): Promise<TStaffSignInResult> {
  const parsed = ZEmailSchema.safeParse(input.email);
  if (!parsed.success || input.password.length === 0) return { ok: false, code: "INVALID_INPUT", message: "Enter your work email address and password." };
  if (input.password.length > 1024) return { ok: false, code: "INVALID_CREDENTIALS", message: STAFF_INVALID_MESSAGE };
  const email = parsed.data;
  const now = deps.now();
  const window = STAFF_POLICY.signInWindowSeconds;
  const perIp = await consumeRateLimit(deps.store, `staff-login:ip:${meta.ip ?? "unknown"}`, STAFF_POLICY.signInPerIp, window, now);
  if (!perIp.allowed) return { ok: false, code: "RATE_LIMITED", message: `Too many sign-in attempts from your network. Try again in ${formatWait(perIp.retryAfterSeconds)}.` };
  // Counted per address whether or not it belongs to anyone, so the limit tells nothing either.
  const perAccount = await consumeRateLimit(deps.store, accountKey(email), STAFF_POLICY.signInPerAccount, window, now);
  if (!perAccount.allowed) return { ok: false, code: "RATE_LIMITED", message: `Too many failed attempts for this account. Try again in ${formatWait(perAccount.retryAfterSeconds)}.` };

  const staff = await deps.store.staff.findByEmail(email);
  const valid = staff?.passwordHash ? await verifyPassword(staff.passwordHash, input.password) : await verifyAgainstDummy(input.password);
  if (!staff || !valid) {
    await deps.store.transaction((tx) =>
      recordStaffAudit(tx, { staffId: staff?.id ?? null, tenantId: null, type: AUDIT.staffSignInFailed, meta, data: { reason: staff ? "bad_password" : "unknown_account" }, at: now }),
    );
    return { ok: false, code: "INVALID_CREDENTIALS", message: STAFF_INVALID_MESSAGE };
  }
  if (staff.status !== "active") return { ok: false, code: "DISABLED", message: "This staff account is disabled. Ask an owner of your organisation." };
  await deps.store.rateLimits.reset(accountKey(email));
  const stage = (await staffHasSecondFactor(deps, staff)) ? "factor" : "enrol";
  const { token, session } = await deps.store.transaction((tx) => createStaffSession(tx, deps, { staffId: staff.id, stage, meta }));
  return { ok: true, token, expiresAt: session.absoluteExpiresAt, stage };
}
