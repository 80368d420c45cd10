// HTTP Strict Transport Security: once a browser has seen the portal over https it never again
// sends a request (or a session cookie) to it, or to its subdomains, over plain http. Two years,
// as the HSTS preload list asks. Only over https: browsers ignore the header on http, and a portal
// on a plain-http base URL (local use) must not promise what it does not serve.

export const HSTS_HEADER = "strict-transport-security";
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

/** The HSTS header value for a portal served at `baseUrl`, or null when it is not https. */
export function strictTransportSecurity(baseUrl: URL): string | null {
  return baseUrl.protocol === "https:" ? HSTS_VALUE : null;
}
