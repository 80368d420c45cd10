// Cross-site request forgery defence for every state-changing request (server actions and POST
// routes alike), in addition to SameSite cookies: the browser-supplied Origin must be the portal's
// own origin, and a state-changing request without Origin is refused. Every current browser sends
// Origin on every POST (forms and fetch), so only non-browser clients omit it, and refusing them
// costs nothing; allowing it was what let a script post to the portal from another machine.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isRequestOriginAllowed(
  request: { method: string; origin: string | null },
  allowedOrigins: string[],
): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return true;
  return request.origin !== null && allowedOrigins.includes(request.origin);
}

/**
 * A state-changing request must be addressed to the portal's own host (X-Forwarded-Host when a
 * proxy in front sets it, else Host). Next.js compares that host with the Origin of a server action
 * and answers a mismatch with a 500; refusing it first gives the client a plain 400.
 */
export function isRequestHostAllowed(
  request: { method: string; host: string | null; forwardedHost: string | null },
  allowedHosts: string[],
): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return true;
  const host = request.forwardedHost ?? request.host;
  return host !== null && allowedHosts.includes(host.toLowerCase());
}
