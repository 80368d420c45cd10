// How long what a tenant's provider signs can stay valid, so a retired signing key is published
// exactly as long as a token it signed may still be presented: ID tokens, logout tokens and the
// access tokens for the tenant API (RFC 9068 JWTs; those for userinfo are opaque).
/** An ID token's lifetime (provider.ts `ttl.IdToken`). */
export const ID_TOKEN_TTL_SECONDS = 600;
/** The range an app's registration may set its access tokens' lifetime in (provider.ts bounds it the same way). */
export const ACCESS_TOKEN_TTL_RANGE = { min: 60, max: 86_400 } as const;
/**
 * A back-channel logout token is short-lived (OpenID Back-Channel Logout 1.0 advises about two
 * minutes); it is signed at delivery, so a retry sends a fresh one.
 */
export const LOGOUT_TOKEN_TTL_SECONDS = 120;
/** Slack for the clocks of relying apps, which accept a token until its `exp` plus their own leeway. */
export const CLOCK_SKEW_SECONDS = 300;

/** How long a retired key stays in the JWKS: the longest lifetime of anything it signed, plus clock skew. */
export const RETIRED_KEY_WINDOW_SECONDS =
  Math.max(ID_TOKEN_TTL_SECONDS, ACCESS_TOKEN_TTL_RANGE.max, LOGOUT_TOKEN_TTL_SECONDS) + CLOCK_SKEW_SECONDS;
