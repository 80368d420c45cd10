// Cross-site request forgery defence for every state-changing request (server actions and POST
// routes alike), in addition to SameSite cookies: the browser-supplied Origin must be the portal's
// own origin. Requests without Origin are refused when Fetch Metadata says they are cross-site.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isRequestOriginAllowed(
  request: { method: string; origin: string | null; secFetchSite: string | null },
  allowedOrigins: string[],
): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return true;
  if (request.origin !== null) return allowedOrigins.includes(request.origin);
  if (request.secFetchSite !== null) return request.secFetchSite === "same-origin" || request.secFetchSite === "none";
  // Neither header: not a browser form or fetch (browsers send Origin on every POST), so there is
  // no ambient cookie being ridden.
  return true;
}
