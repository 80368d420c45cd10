import "server-only";
import { cookies } from "next/headers";
import type { TTenant } from "../tenancy/types";
import { CONFIRMATION_TICKET_MINUTES } from "../identity/email-confirmation";

// The "confirm your email first" ticket of a password sign-in travels in its own short-lived
// cookie (never in a URL), so the confirmation page and its resend form work without JavaScript.
const cookieName = (tenantSlug: string) => `__Host-portico-confirm-${tenantSlug}`;

export async function setConfirmationTicket(tenant: TTenant, ticket: string) {
  (await cookies()).set(cookieName(tenant.slug), ticket, {
    httpOnly: true,
    secure: true,
    sameSite: "lax",
    path: "/",
    maxAge: CONFIRMATION_TICKET_MINUTES * 60,
  });
}

export async function readConfirmationTicket(tenant: TTenant): Promise<string | undefined> {
  return (await cookies()).get(cookieName(tenant.slug))?.value;
}
