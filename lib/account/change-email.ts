// Changing the sign-in address: step-up first (single use), then the new address proves itself by
// link, and the old address is told, with a link that undoes the change for a week. Whether the
// new address already belongs to an account is never shown on screen: that address gets a mail
// saying so instead of a link.
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TSession } from "../sessions/types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { type TTxDeps, withTransaction } from "../kernel/transaction";
import type { TRepositories } from "../db/store";
import { queueMail, tenantUrl } from "../mail/queue-mail";
import { templates } from "../mail/templates";
import { consumeRateLimit } from "../risk/rate-limit";
import { generateToken, hashToken, isWellFormedToken } from "../security/tokens";
import { assertStepUp, needsStepUp, type TNeedsStepUp } from "../step-up/step-up";
import { ZEmailSchema } from "../identity/email";
import { fail, type TFailure } from "../kernel/outcome";
import { ACCOUNT } from "../identity/account-outcomes";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";
import { endAppSessions } from "../sessions/app-sessions";

export const EMAIL_CHANGE_TTL_HOURS = 24;
export const EMAIL_UNDO_DAYS = 7;
const REQUESTS_PER_HOUR = 5;

export type TRequestEmailChangeResult =
  | { ok: true; email: string }
  | TFailure<typeof ACCOUNT, "INVALID_EMAIL" | "SAME_EMAIL" | "RATE_LIMITED">
  | TNeedsStepUp;

/** "a***@example.com": enough for the owner to recognise, little for anyone else reading the mail. */
export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}${"*".repeat(Math.max(1, Math.min(local.length - 1, 6)))}@${domain}`;
}

/** A single-use link token for `purpose`, bound to `email` and working `hours`, written through `txDeps`. */
async function issueEmailLink(
  txDeps: TDeps,
  tenant: TTenant,
  userId: string,
  purpose: "email_change" | "email_change_undo",
  email: string,
  hours: number,
): Promise<string> {
  const now = txDeps.now();
  const token = generateToken();
  await txDeps.store.tokens.create({
    tenantId: tenant.id,
    userId,
    purpose,
    tokenHash: hashToken(token),
    email,
    expiresAt: new Date(now.getTime() + hours * 3_600_000),
    at: now,
  });
  return token;
}

export async function requestEmailChange(
  deps: TDeps,
  tenant: TTenant,
  auth: { session: TSession; user: TUser },
  input: { email: string },
  meta: TRequestMeta,
): Promise<TRequestEmailChangeResult> {
  const parsed = ZEmailSchema.safeParse(input.email);
  if (!parsed.success) return fail(ACCOUNT, "INVALID_EMAIL");
  const email = parsed.data;
  if (email === auth.user.email) return fail(ACCOUNT, "SAME_EMAIL");
  const now = deps.now();
  const limit = await consumeRateLimit(
    deps.store,
    `email-change:${tenant.id}:${auth.user.id}`,
    REQUESTS_PER_HOUR,
    3600,
    now,
  );
  if (!limit.allowed) return fail(ACCOUNT, "RATE_LIMITED", { retryAfterSeconds: limit.retryAfterSeconds });
  const result = await withTransaction(deps, async (txDeps): Promise<TRequestEmailChangeResult> => {
    const gate = await assertStepUp(txDeps, tenant, auth, "email.change", meta);
    if (!gate.ok) return needsStepUp(gate);
    const taken = (await txDeps.store.users.findByEmail(tenant.id, email)) !== null;
    await txDeps.store.tokens.revokeOutstanding(tenant.id, auth.user.id, "email_change", now);
    if (taken) {
      await queueMail(
        txDeps,
        tenant,
        email,
        templates.emailChangeAddressTaken(tenant, tenantUrl(deps, tenant, "login")),
      );
    } else {
      const token = await issueEmailLink(txDeps, tenant, auth.user.id, "email_change", email, EMAIL_CHANGE_TTL_HOURS);
      await queueMail(
        txDeps,
        tenant,
        email,
        templates.emailChangeConfirm(
          tenant,
          tenantUrl(deps, tenant, "confirm-email-change", { token }),
          EMAIL_CHANGE_TTL_HOURS,
        ),
      );
    }
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: auth.user.id,
      type: AUDIT.emailChangeRequested,
      meta,
      data: { to: maskEmail(email), sent: !taken },
      at: now,
    });
    return { ok: true, email };
  });
  return result;
}

const INVALID_LINK = fail(ACCOUNT, "INVALID_LINK");

export async function isEmailChangeTokenUsable(
  deps: TDeps,
  tenant: TTenant,
  purpose: "email_change" | "email_change_undo",
  token: unknown,
): Promise<boolean> {
  if (!isWellFormedToken(token)) return false;
  return (await deps.store.tokens.findUsable(tenant.id, purpose, hashToken(token), deps.now())) !== null;
}

export type TEmailLinkResult = { ok: true; email: string } | TFailure<typeof ACCOUNT, "INVALID_LINK" | "ADDRESS_TAKEN">;

type TRedeemedLink = NonNullable<Awaited<ReturnType<TRepositories["tokens"]["consume"]>>>;

/**
 * Uses up a well-formed email-change link of `purpose` and hands it and its account to `work`, in
 * one transaction; a link that is malformed, spent, expired or of a deleted account is INVALID_LINK.
 */
function redeemEmailLink(
  deps: TDeps,
  tenant: TTenant,
  token: unknown,
  purpose: "email_change" | "email_change_undo",
  work: (txDeps: TTxDeps, used: TRedeemedLink, user: TUser, now: Date) => Promise<TEmailLinkResult>,
): Promise<TEmailLinkResult> {
  if (!isWellFormedToken(token)) return Promise.resolve(INVALID_LINK);
  const now = deps.now();
  return withTransaction(deps, async (txDeps): Promise<TEmailLinkResult> => {
    const used = await txDeps.store.tokens.consume(tenant.id, purpose, hashToken(token), now);
    if (!used) return INVALID_LINK;
    const user = await txDeps.store.users.findById(tenant.id, used.userId);
    return user ? work(txDeps, used, user, now) : INVALID_LINK;
  });
}

/** The new address confirms: the account moves to it, and the old address gets an undo link. */
export async function confirmEmailChange(
  deps: TDeps,
  tenant: TTenant,
  token: unknown,
  meta: TRequestMeta,
): Promise<TEmailLinkResult> {
  return redeemEmailLink(deps, tenant, token, "email_change", async (txDeps, used, user, now) => {
    if (user.status === "disabled") return INVALID_LINK;
    if (await txDeps.store.users.findByEmail(tenant.id, used.email))
      return fail(ACCOUNT, "ADDRESS_TAKEN", { undo: false });
    const previous = user.email;
    if (!(await txDeps.store.users.changeEmail(tenant.id, user.id, previous, used.email, now))) return INVALID_LINK;
    // Links already mailed to the old address (password reset, verification) stop working.
    for (const purpose of ["password_reset", "email_verification", "email_change_undo"] as const)
      await txDeps.store.tokens.revokeOutstanding(tenant.id, user.id, purpose, now);
    const undo = await issueEmailLink(txDeps, tenant, user.id, "email_change_undo", previous, EMAIL_UNDO_DAYS * 24);
    await queueMail(
      txDeps,
      tenant,
      previous,
      templates.emailChangedNotice(
        tenant,
        maskEmail(used.email),
        tenantUrl(deps, tenant, "undo-email-change", { token: undo }),
        EMAIL_UNDO_DAYS,
      ),
    );
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: user.id,
      type: AUDIT.emailChanged,
      meta,
      data: { from: maskEmail(previous), to: maskEmail(used.email) },
      at: now,
    });
    return { ok: true, email: used.email };
  });
}

/**
 * The old address undoes the change: the account returns to it, every session ends (whoever
 * changed it is signed out) and the user is pointed to a password reset.
 */
export async function undoEmailChange(
  deps: TDeps,
  tenant: TTenant,
  token: unknown,
  meta: TRequestMeta,
): Promise<TEmailLinkResult> {
  return redeemEmailLink(deps, tenant, token, "email_change_undo", async (txDeps, used, user, now) => {
    if (user.email !== used.email) {
      if (await txDeps.store.users.findByEmail(tenant.id, used.email))
        return fail(ACCOUNT, "ADDRESS_TAKEN", { undo: true });
      if (!(await txDeps.store.users.changeEmail(tenant.id, user.id, user.email, used.email, now))) return INVALID_LINK;
    }
    for (const purpose of ["password_reset", "email_verification", "email_change"] as const)
      await txDeps.store.tokens.revokeOutstanding(tenant.id, user.id, purpose, now);
    const ended = await txDeps.store.sessions.revokeAllForUser(tenant.id, user.id, "email_change_undone", now);
    await endAppSessions(txDeps.store, tenant, user.id, now);
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: user.id,
      type: AUDIT.emailChangeUndone,
      meta,
      data: { restored: maskEmail(used.email), endedSessions: ended },
      at: now,
    });
    return { ok: true, email: used.email };
  });
}
