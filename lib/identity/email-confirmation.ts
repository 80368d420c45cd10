// "Confirm your email first": at a tenant that requires a confirmed address (`requireVerifiedEmail`,
// on for new tenants), the right password of an unconfirmed account opens no session. An account
// nobody has confirmed may have been created by someone else with the owner's address (pre-account
// hijacking); whoever signed up must not be able to sit in a session until the owner turns up.
//
// The answer comes only after the correct password, like the other account-state messages of
// password sign-in, so it tells nothing to someone guessing addresses. With it comes a ticket that
// lets this browser ask for a new link without signing in: the user id and an expiry sealed with
// the portal's key (AES-256-GCM, bound to the tenant), so it can be neither forged nor moved to
// another account or tenant, and nothing needs storing. Resending stays limited per account.
import type { TTenant } from "../tenancy/types";
import type { TDeps } from "../kernel/deps";
import { fail, type TFailure } from "../kernel/outcome";
import { SIGN_IN, SIGN_UP } from "./outcomes";
import { resendVerification, type TResendResult } from "./resend-verification";
import type { TUser } from "./types";

export const CONFIRMATION_TICKET_MINUTES = 15;

export type TEmailNotVerified = TFailure<typeof SIGN_IN, "EMAIL_NOT_VERIFIED">;

const ticketContext = (tenantId: string) => `email-confirmation:${tenantId}`;

/** `when` "email_code": the risky sign-in would need a code mailed to the unconfirmed address. */
export function emailNotVerifiedAnswer(
  deps: TDeps,
  tenant: TTenant,
  user: Pick<TUser, "id">,
  when: "sign_in" | "email_code",
): TEmailNotVerified {
  const expires = deps.now().getTime() + CONFIRMATION_TICKET_MINUTES * 60_000;
  return fail(SIGN_IN, "EMAIL_NOT_VERIFIED", {
    ticket: deps.secrets.seal(JSON.stringify({ u: user.id, x: expires }), ticketContext(tenant.id)),
    when,
  });
}

/** The still-unconfirmed account a ticket was issued for, or null (forged, expired, other tenant, confirmed since). */
export async function findTicketAccount(deps: TDeps, tenant: TTenant, ticket: unknown): Promise<TUser | null> {
  if (typeof ticket !== "string" || ticket.length === 0 || ticket.length > 512) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(deps.secrets.open(ticket, ticketContext(tenant.id)));
  } catch {
    return null;
  }
  if (typeof payload !== "object" || payload === null) return null;
  const { u, x } = payload as { u?: unknown; x?: unknown };
  if (typeof u !== "string" || typeof x !== "number" || x <= deps.now().getTime()) return null;
  const user = await deps.store.users.findById(tenant.id, u);
  return user && user.emailVerifiedAt === null && user.status !== "disabled" ? user : null;
}

export type TResendByTicketResult =
  { ok: true; email: string } | Exclude<TResendResult, { ok: true }> | TFailure<typeof SIGN_UP, "TICKET_INVALID">;

/** Sends a new confirmation link for the account of a "confirm your email first" answer. */
export async function resendVerificationByTicket(
  deps: TDeps,
  tenant: TTenant,
  ticket: unknown,
): Promise<TResendByTicketResult> {
  const user = await findTicketAccount(deps, tenant, ticket);
  if (!user) return fail(SIGN_UP, "TICKET_INVALID");
  const result = await resendVerification(deps, tenant, user);
  return result.ok ? { ok: true, email: user.email } : result;
}
