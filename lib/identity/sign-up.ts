import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import { isUniqueViolation } from "../db/errors";
import { withTransaction } from "../kernel/transaction";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { queueMail, tenantUrl } from "../mail/queue-mail";
import { templates } from "../mail/templates";
import { fail, type TFailure } from "../kernel/outcome";
import { consumeRateLimit, RATE_LIMITS } from "../risk/rate-limit";
import { PASSWORD } from "./account-outcomes";
import { ZEmailSchema } from "./email";
import { hashPassword } from "./password-hasher";
import { checkNewPassword } from "./check-new-password";
import { createPlaceholderUser, runDiscarded } from "./discarded-writes";
import { SIGN_UP } from "./outcomes";
import { issueVerificationToken } from "./verification-token";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "./types";

export type TSignUpResult =
  | { ok: true }
  | TFailure<typeof SIGN_UP, "SIGNUP_CLOSED" | "INVALID_EMAIL" | "RATE_LIMITED">
  | TFailure<typeof PASSWORD, "INVALID_PASSWORD" | "PASSWORD_MISMATCH">;

/** Which rule of ZEmailSchema the address broke first. */
function emailProblem(issue: { code: string } | undefined): "missing" | "invalid" | "too_long" {
  return issue?.code === "too_big" ? "too_long" : issue?.code === "invalid_type" ? "missing" : "invalid";
}

/**
 * Sign-up answers the same way whether or not the address already has an account (ASVS V6.3.8):
 * the password is hashed and the same database calls are made on both paths (see below), and the
 * existing owner gets a mail instead of a second account. The new account can sign in at once; its address is verified
 * by the link in the mail.
 * On a passwordless tenant only the address (and a name) is asked for; the link in the mail then
 * lets the new user create a passkey (see verify-email.ts).
 */
export async function signUp(
  deps: TDeps,
  tenant: TTenant,
  /**
   * `password`/`confirmPassword` are ignored on a passwordless tenant (the first passkey is created after the email
   * link).
   */
  input: { email: string; password?: string; confirmPassword?: string; displayName?: string | null },
  meta: TRequestMeta,
): Promise<TSignUpResult> {
  if (tenant.signupMode !== "open") {
    return fail(SIGN_UP, "SIGNUP_CLOSED", { reason: "invitation_only" });
  }
  const email = ZEmailSchema.safeParse(input.email);
  if (!email.success) {
    return fail(SIGN_UP, "INVALID_EMAIL", { problem: emailProblem(email.error.issues[0]) });
  }
  if (tenant.allowPassword) {
    const password = input.password ?? "";
    // No user id in the context or the audit subject, whether or not the address has an account:
    // this step must not behave differently for an existing one.
    const problem = await checkNewPassword(deps, {
      password,
      policy: { minLength: tenant.minPasswordLength },
      context: { email: email.data, name: input.displayName, tenantSlug: tenant.slug, tenantName: tenant.name },
      subject: { tenantId: tenant.id, userId: null },
      flow: "sign_up",
      meta,
    });
    if (problem) return fail(PASSWORD, "INVALID_PASSWORD", problem);
    if (password.normalize("NFC") !== (input.confirmPassword ?? "").normalize("NFC"))
      return fail(PASSWORD, "PASSWORD_MISMATCH", { changing: false });
  } else if (!tenant.allowPasskey) {
    return fail(SIGN_UP, "SIGNUP_CLOSED", { reason: "no_method" });
  }
  const now = deps.now();
  const limited = await consumeRateLimit(
    deps.store,
    `signup:ip:${tenant.id}:${meta.ip ?? "unknown"}`,
    RATE_LIMITS.signUpPerIp.limit,
    RATE_LIMITS.signUpPerIp.windowSeconds,
    now,
  );
  if (!limited.allowed)
    return fail(SIGN_UP, "RATE_LIMITED", { scope: "network", retryAfterSeconds: limited.retryAfterSeconds });
  const displayName = input.displayName?.trim().slice(0, 100) || null;
  // Hash first, on both paths: the cost of argon2id dominates, so both take the same time. A
  // passwordless tenant hashes on neither path, so its two paths stay alike too.
  const passwordHash = tenant.allowPassword ? await hashPassword(input.password ?? "") : null;

  // Both paths, before they part: one lookup, one owner-notice counter hit and the notice rendered.
  // A new address hits a counter of its own (never read), so the owner's notice right after they
  // signed up is not held back by their own sign-up.
  const existing = await deps.store.users.findByEmail(tenant.id, email.data);
  const noticeKey = existing ? `signup:notice:${existing.id}` : `signup:notice:new:${tenant.id}:${email.data}`;
  const notice = await consumeRateLimit(
    deps.store,
    noticeKey,
    RATE_LIMITS.signupNoticePerAccount.limit,
    RATE_LIMITS.signupNoticePerAccount.windowSeconds,
    now,
  );
  const noticeMail = templates.signupAttemptOnExistingAccount(
    tenant,
    tenantUrl(deps, tenant, "login"),
    tenantUrl(deps, tenant, "forgot-password"),
  );

  const createAccount = async (txDeps: TDeps, user: TUser) => {
    if (passwordHash !== null) await txDeps.store.passwords.set(tenant.id, user.id, passwordHash, now);
    await recordAudit(txDeps.store, { tenantId: tenant.id, userId: user.id, type: AUDIT.userSignedUp, meta, at: now });
    await issueVerificationToken(txDeps, tenant, user);
    return user;
  };
  const recordRepeat = async (txDeps: TDeps, owner: TUser, notified: boolean) => {
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: owner.id,
      type: AUDIT.userSignupRepeated,
      meta,
      data: { notified },
      at: now,
    });
    if (notified) await queueMail(txDeps, tenant, owner.email, noticeMail);
  };

  // Each path commits its own writes and runs the other path's in a rolled-back transaction (see
  // discarded-writes.ts): with only its own, a new address was 2–5 ms slower than an existing one.
  if (existing) {
    await runDiscarded(deps, async (txDeps) => {
      await createAccount(txDeps, await createPlaceholderUser(txDeps.store, tenant, now));
      // A capped notice writes no mail: its row is written here instead, so it costs what a sent one does.
      if (!notice.allowed) await queueMail(txDeps, tenant, existing.email, noticeMail);
    });
    await withTransaction(deps, (txDeps) => recordRepeat(txDeps, existing, notice.allowed));
  } else {
    let created: TUser | null = null;
    try {
      created = await withTransaction(deps, async (txDeps) =>
        createAccount(
          txDeps,
          await txDeps.store.users.create({
            tenantId: tenant.id,
            email: email.data,
            displayName,
            at: now,
            signupDeviceHash: meta.deviceHash ?? null,
          }),
        ),
      );
    } catch (error) {
      // Two sign-ups of one address raced: the loser is told the same as everyone else.
      if (!isUniqueViolation(error)) throw error;
      const winner = await deps.store.users.findByEmail(tenant.id, email.data);
      if (winner) {
        const winnerNotice = await consumeRateLimit(
          deps.store,
          `signup:notice:${winner.id}`,
          RATE_LIMITS.signupNoticePerAccount.limit,
          RATE_LIMITS.signupNoticePerAccount.windowSeconds,
          now,
        );
        await withTransaction(deps, (txDeps) => recordRepeat(txDeps, winner, winnerNotice.allowed));
      }
    }
    const user = created;
    if (user) await runDiscarded(deps, (txDeps) => recordRepeat(txDeps, user, true));
  }
  return { ok: true };
}
