// Tenant slugs are the first segment of every customer URL (`/{tenant}/login`), so they are
// lower-case and URL-safe, and the names of the portal's own top-level routes are never a slug.
export const TENANT_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "admin",
  "support",
  "api",
  "dev",
  "brand",
  "static",
  "assets",
  "login",
  "logout",
  "health",
  "oidc",
  "workforce",
  "staff",
  "_next",
  "brand-assets",
  "invitations",
]);

export function isTenantSlug(value: string): boolean {
  return TENANT_SLUG.test(value);
}

/**
 * Why `value` cannot name a new tenant (not 1–40 lower-case letters, digits and inner hyphens; or one of the portal's
 * own route names), or null when it can.
 */
export function slugProblem(value: string): "invalid" | "reserved" | null {
  if (!TENANT_SLUG.test(value)) return "invalid";
  if (RESERVED_SLUGS.has(value)) return "reserved";
  return null;
}
