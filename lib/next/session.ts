import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { TSessionStage } from "../sessions/types";
import { safeReturnTo } from "../security/return-to";
import { validateSession, type TValidSession } from "../sessions/validate-session";
import { getDeps } from "./deps";
import { getRequestMeta } from "./request";
import type { TTenant } from "../tenancy/types";

/**
 * One cookie per tenant, so being signed in at one tenant never counts at another. `__Host-`
 * pins it to this host, Secure and Path=/; HttpOnly keeps it from scripts; SameSite=Lax stops
 * it riding cross-site POSTs.
 */
export function sessionCookieName(tenantSlug: string): string {
  return `__Host-portico-${tenantSlug}`;
}

export async function setSessionCookie(tenant: TTenant, token: string, expires: Date) {
  (await cookies()).set(sessionCookieName(tenant.slug), token, {
    httpOnly: true,
    secure: true,
    sameSite: "lax",
    path: "/",
    expires,
  });
}

export async function clearSessionCookie(tenant: TTenant) {
  (await cookies()).set(sessionCookieName(tenant.slug), "", {
    httpOnly: true,
    secure: true,
    sameSite: "lax",
    path: "/",
    maxAge: 0,
  });
}

/** The signed-in user of this tenant for this request, checked against the database; null if none. */
export const getAuth = cache(async (tenant: TTenant): Promise<TValidSession | null> => {
  const token = (await cookies()).get(sessionCookieName(tenant.slug))?.value;
  return validateSession(getDeps(), tenant, token, { meta: await getRequestMeta() });
});

/** For pages and actions that need a signed-in user: sends everyone else to sign in. */
export async function requireAuth(tenant: TTenant, returnTo: string): Promise<TValidSession> {
  const auth = await getAuth(tenant);
  if (!auth) redirect(`/${tenant.slug}/login?returnTo=${encodeURIComponent(safeReturnTo(tenant.slug, returnTo))}`);
  return auth;
}

/** A half-finished sign-in (second factor or enrolment pending) of this tenant, or null. */
export async function getPendingAuth(
  tenant: TTenant,
  stage: Exclude<TSessionStage, "complete">,
): Promise<TValidSession | null> {
  const token = (await cookies()).get(sessionCookieName(tenant.slug))?.value;
  return validateSession(getDeps(), tenant, token, { stages: [stage] });
}
