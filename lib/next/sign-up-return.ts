import "server-only";
import { cookies } from "next/headers";
import { defaultReturnTo, safeReturnTo } from "../security/return-to";
import type { TTenant } from "../tenancy/types";

// Where a sign-up began (an app's sign-in request, a page that needed an account) is kept in this
// browser while such a request lives (the provider's interactions last 10 minutes), so someone who
// confirms the address here and signs in goes back there rather than to the account page. It is a
// hint, not a credential: only a path inside the tenant is kept, it is checked again when read,
// and an app's pending sign-in is bound to this browser's own provider cookies anyway. The dot
// keeps the name apart from every tenant's session cookie (slugs never contain one).
const KEEP_SECONDS = 600;
const cookieName = (tenantSlug: string) => `__Host-portico.sign-up-return.${tenantSlug}`;

/** Remembers `returnTo` for this browser's sign-up; the tenant's default page is not worth a cookie. */
export async function rememberSignUpReturn(tenant: TTenant, returnTo: unknown) {
  const safe = safeReturnTo(tenant.slug, returnTo);
  if (safe === defaultReturnTo(tenant.slug)) return;
  (await cookies()).set(cookieName(tenant.slug), safe, {
    httpOnly: true,
    secure: true,
    sameSite: "lax",
    path: "/",
    maxAge: KEEP_SECONDS,
  });
}

/** Where this browser's sign-up began, or null (none, expired, or no longer a safe path). */
export async function signUpReturn(tenant: TTenant): Promise<string | null> {
  const raw = (await cookies()).get(cookieName(tenant.slug))?.value;
  if (raw === undefined) return null;
  const safe = safeReturnTo(tenant.slug, raw);
  return safe === defaultReturnTo(tenant.slug) ? null : safe;
}
