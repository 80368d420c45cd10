// The provider endpoints an app calls from its own server (or a SPA with CORS): the client
// authenticates with its secret or PKCE verifier, never with a browser's cookies, so the
// same-origin check against cross-site form posts does not apply to them.
const CLIENT_ENDPOINT = /^\/[a-z0-9-]+\/oidc\/(token|token\/introspection|token\/revocation|me)$/;

export function isOidcClientEndpoint(pathname: string): boolean {
  return CLIENT_ENDPOINT.test(pathname);
}

/** The provider's own protocol responses (everything under /{tenant}/oidc/ but Portico's interaction page). */
export function isOidcProtocolPath(pathname: string): boolean {
  return /^\/[a-z0-9-]+\/oidc(\/|$)/.test(pathname) && !/^\/[a-z0-9-]+\/oidc\/interaction\//.test(pathname);
}
