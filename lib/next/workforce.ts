import "server-only";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { TStaffSessionStage } from "../db/store";
import { defaultReturnTo, safeReturnTo } from "../security/return-to";
import { openConsole, type TStaffTenantAccess } from "../workforce/console-gate";
import { hasFreshStepUp } from "../workforce/policy";
import type { TConsole } from "../workforce/roles";
import { validateStaffSession, type TStaffAuth } from "../workforce/staff-sessions";
import { getDeps } from "./deps";

/**
 * The workforce realm's own cookie: never a tenant's customer cookie (`workforce` is a reserved
 * tenant slug), so a customer session opens nothing in the consoles and a staff session signs no
 * customer in. SameSite=Strict: console pages are never entered signed-in from another site.
 */
export const STAFF_COOKIE = "__Host-portico-workforce";

export async function setStaffCookie(token: string, expires: Date) {
  (await cookies()).set(STAFF_COOKIE, token, { httpOnly: true, secure: true, sameSite: "strict", path: "/", expires });
}

export async function clearStaffCookie() {
  (await cookies()).set(STAFF_COOKIE, "", { httpOnly: true, secure: true, sameSite: "strict", path: "/", maxAge: 0 });
}

async function staffToken(): Promise<string | undefined> {
  return (await cookies()).get(STAFF_COOKIE)?.value;
}

/** The signed-in staff member (complete sign-in) for this request, or null. */
export const getStaffAuth = cache(async (): Promise<TStaffAuth | null> =>
  validateStaffSession(getDeps(), await staffToken()),
);

/** A staff sign-in half-way through (`factor` or `enrol`), or null. */
export async function getPendingStaffAuth(stage: Exclude<TStaffSessionStage, "complete">): Promise<TStaffAuth | null> {
  return getStaffAuthIn([stage]);
}

/** The staff session of this request when it is in one of `stages` (the domain decides what each may do), or null. */
export async function getStaffAuthIn(stages: readonly TStaffSessionStage[]): Promise<TStaffAuth | null> {
  return validateStaffSession(getDeps(), await staffToken(), stages);
}

/** Where a console page may send the browser after sign-in or step-up: a path inside that console. */
export function safeConsoleReturnTo(console: TConsole, raw: unknown): string {
  const safe = safeReturnTo(console, raw);
  // The customer fallback (`/{slug}/account`) is also a real console page (the member's own
  // sign-in page): kept when that is what was asked for, otherwise the console's home.
  return safe === defaultReturnTo(console) && raw !== safe ? `/${console}` : safe;
}

export async function requireStaff(console: TConsole, returnTo: string): Promise<TStaffAuth> {
  const auth = await getStaffAuth();
  if (!auth) redirect(`/${console}/login?returnTo=${encodeURIComponent(safeConsoleReturnTo(console, returnTo))}`);
  return auth;
}

export type { TStaffTenantAccess };

/**
 * A signed-in staff member with a role that opens `console` at `slug`. Everyone else gets the
 * not-found page, the same as for a tenant that does not exist, so staff of one tenant cannot
 * even learn which other tenants there are.
 */
export async function requireStaffTenant(
  console: TConsole,
  slug: string,
  returnTo: string,
): Promise<TStaffTenantAccess> {
  await requireStaff(console, returnTo);
  const access = await findStaffTenantAccess(console, slug);
  if (!access) notFound();
  return access;
}

/**
 * For route handlers (which answer with a status, not a page): the signed-in staff member's access
 * to `slug` in `console`, or null for no session, an unknown tenant or a role that does not open
 * that console. Callers answer null with 404, the same as for a tenant that does not exist.
 */
export async function findStaffTenantAccess(console: TConsole, slug: string): Promise<TStaffTenantAccess | null> {
  const opened = await openConsole(getDeps(), await getStaffAuth(), console, slug);
  return opened.ok ? opened.access : null;
}

/** For console actions: the second factor must have been proven within 5 minutes. */
export function needsStaffStepUp(auth: TStaffAuth): boolean {
  return !hasFreshStepUp(auth.session.steppedUpAt, getDeps().now());
}

export function staffStepUpPath(console: TConsole, returnTo: string): string {
  return `/${console}/step-up?returnTo=${encodeURIComponent(safeConsoleReturnTo(console, returnTo))}`;
}
