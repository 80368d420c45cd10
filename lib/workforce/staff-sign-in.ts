// Staff sign-in, step one: email and password. It never opens a console by itself: a correct
// password leads to the second factor (or, at first sign-in, to enrolling one). Unknown addresses,
// members without a password yet and wrong passwords get one answer after one argon2id
// verification, so neither the message nor its timing tells who is staff.
import { AUDIT } from "../audit/catalog";
import type { TStaffSessionStage } from "../db/store";
import { ZEmailSchema } from "../identity/email";
import { verifyAgainstDummy, verifyPassword } from "../identity/password-hasher";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { fail, type TFailure } from "../kernel/outcome";
import { RISK } from "../risk/outcomes";
import { consumeRateLimit } from "../risk/rate-limit";
import { STAFF } from "./outcomes";
import { STAFF_POLICY } from "./policy";
import { staffHasSecondFactor } from "./staff-passkeys";
import { createStaffSession } from "./staff-sessions";
import { recordStaffAudit } from "../audit/events";

export type TStaffSignInResult =
  | { ok: true; token: string; expiresAt: Date; stage: Exclude<TStaffSessionStage, "complete"> }
  | TFailure<typeof STAFF, "INVALID_INPUT" | "INVALID_CREDENTIALS" | "DISABLED">
  | TFailure<typeof RISK, "RATE_LIMITED">;

const accountKey = (email: string) => `staff-login:acct:${email}`;

export async function signInStaff(
  deps: TDeps,
  input: { email: string; password: string },
  meta: TRequestMeta,
): Promise<TStaffSignInResult> {
  const parsed = ZEmailSchema.safeParse(input.email);
  if (!parsed.success || input.password.length === 0) return fail(STAFF, "INVALID_INPUT");
  if (input.password.length > 1024) return fail(STAFF, "INVALID_CREDENTIALS");
  const email = parsed.data;
  const now = deps.now();
  const window = STAFF_POLICY.signInWindowSeconds;
  const perIp = await consumeRateLimit(
    deps.store,
    `staff-login:ip:${meta.ip ?? "unknown"}`,
    STAFF_POLICY.signInPerIp,
    window,
    now,
  );
  if (!perIp.allowed)
    return fail(RISK, "RATE_LIMITED", { scope: "network_sign_in", retryAfterSeconds: perIp.retryAfterSeconds });
  // Counted per address whether or not it belongs to anyone, so the limit tells nothing either.
  const perAccount = await consumeRateLimit(deps.store, accountKey(email), STAFF_POLICY.signInPerAccount, window, now);
  if (!perAccount.allowed)
    return fail(RISK, "RATE_LIMITED", { scope: "account_sign_in", retryAfterSeconds: perAccount.retryAfterSeconds });

  const staff = await deps.store.staff.findByEmail(email);
  const valid = staff?.passwordHash
    ? await verifyPassword(staff.passwordHash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!staff || !valid) {
    await withTransaction(deps, (txDeps) =>
      recordStaffAudit(txDeps.store, {
        staffId: staff?.id ?? null,
        tenantId: null,
        type: AUDIT.staffSignInFailed,
        meta,
        data: { reason: staff ? "bad_password" : "unknown_account" },
        at: now,
      }),
    );
    return fail(STAFF, "INVALID_CREDENTIALS");
  }
  if (staff.status !== "active") return fail(STAFF, "DISABLED");
  await deps.store.rateLimits.reset(accountKey(email));
  const stage = (await staffHasSecondFactor(deps, staff)) ? "factor" : "enrol";
  const { token, session } = await withTransaction(deps, (txDeps) =>
    createStaffSession(txDeps, { staffId: staff.id, stage, meta }),
  );
  return { ok: true, token, expiresAt: session.absoluteExpiresAt, stage };
}
