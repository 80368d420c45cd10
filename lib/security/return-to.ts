// `returnTo` decides where a browser lands after sign-in, so it is an open-redirect vector. Only a
// path inside the same tenant is accepted; anything that a browser could read as another origin
// (`//evil`, `/\evil`, `https://evil`, control characters, encoded variants) falls back to the default.

const DEFAULT_PAGE = "account";

export function defaultReturnTo(tenantSlug: string): string {
  return `/${tenantSlug}/${DEFAULT_PAGE}`;
}

export function safeReturnTo(tenantSlug: string, raw: unknown): string {
  const fallback = defaultReturnTo(tenantSlug);
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 512) return fallback;
  // Reject before decoding anything: backslashes, control characters and whitespace are never
  // part of a path we produce, and browsers treat `\` like `/`.
  if (/[\\\u0000-\u001f\u007f\s]/.test(raw)) return fallback;
  if (!raw.startsWith(`/${tenantSlug}/`) && raw !== `/${tenantSlug}`) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return fallback;
  }
  if (/[\\\u0000-\u001f\u007f]/.test(decoded) || decoded.startsWith("//")) return fallback;
  // Resolve against a dummy origin: the result must stay on it and under the tenant's prefix,
  // which also collapses `/acme/../globex` tricks.
  const base = "https://portico.invalid";
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  if (url.pathname !== `/${tenantSlug}` && !url.pathname.startsWith(`/${tenantSlug}/`)) return fallback;
  // Never bounce back into the auth pages themselves.
  if (/^\/[^/]+\/(login|logout|signup|forgot-password|reset-password|step-up)(\/|$)/.test(url.pathname))
    return fallback;
  return url.pathname + url.search;
}

/** `path` with `?returnTo=` for a place other than the tenant's default page. */
export function withReturnTo(path: string, tenantSlug: string, returnTo: string | null): string {
  if (!returnTo) return path;
  const safe = safeReturnTo(tenantSlug, returnTo);
  if (safe === defaultReturnTo(tenantSlug)) return path;
  return `${path}?returnTo=${encodeURIComponent(safe)}`;
}
