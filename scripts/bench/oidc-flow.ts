// The relying app's side of the authorization-code flow, as the bench plays it over raw HTTP: the
// authorization request with PKCE (S256), the code read from the provider's redirect to the app's
// callback, and the client's HTTP Basic credentials for the token endpoint.
import { createHash, randomBytes } from "node:crypto";

/** The app's callback: registered with the bench client, never contacted (the bench reads the redirect). */
export const BENCH_CALLBACK = "http://127.0.0.1:9/cb";

export type TBenchOidcClient = { clientId: string; clientSecret: string };

/** A fresh random value for state, nonce or a code verifier (43 characters of base64url). */
export function randomValue(): string {
  return randomBytes(32).toString("base64url");
}

/** The S256 code challenge of a PKCE code verifier (RFC 7636 §4.2). */
export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** The path and query of an authorization request to the tenant's provider. */
export function authorizationPath(
  tenant: string,
  request: {
    clientId: string;
    redirectUri: string;
    scope: string;
    state: string;
    nonce: string;
    verifier: string;
    /** `consent` for `offline_access`: the provider grants a refresh token only when the request asks for consent. */
    prompt?: string;
  },
): string {
  const query = new URLSearchParams({
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    response_type: "code",
    scope: request.scope,
    state: request.state,
    nonce: request.nonce,
    code_challenge: pkceChallenge(request.verifier),
    code_challenge_method: "S256",
    ...(request.prompt ? { prompt: request.prompt } : {}),
  });
  return `/${tenant}/oidc/auth?${query.toString()}`;
}

/**
 * Where a redirect of the provider leads: the app's callback with a code for this request (`code`),
 * the app's callback with anything else (an error, another request's state: thrown), or a next
 * step at the provider (`next`, a path on `base`).
 */
export function followRedirect(
  location: string,
  base: URL,
  callback: string,
  state: string,
): { kind: "code"; code: string } | { kind: "next"; path: string } {
  const url = new URL(location, base);
  if (`${url.origin}${url.pathname}` === callback) {
    const error = url.searchParams.get("error");
    if (error) throw new Error(`the app got ${error}: ${url.searchParams.get("error_description") ?? ""}`);
    if (url.searchParams.get("state") !== state) throw new Error("the app got another request's state");
    const code = url.searchParams.get("code");
    if (!code) throw new Error("the app got no code");
    return { kind: "code", code };
  }
  if (url.origin !== base.origin) throw new Error(`redirected away from the provider, to ${url.origin}`);
  return { kind: "next", path: `${url.pathname}${url.search}` };
}

/** HTTP Basic client authentication (RFC 6749 §2.3.1: id and secret form-encoded before base64). */
export function basicAuthorization(client: TBenchOidcClient): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${encode(client.clientId)}:${encode(client.clientSecret)}`).toString("base64")}`;
}

/** The claims of a JWT's payload, read without verifying it (the bench checks it answers its own request). */
export function jwtClaims(jwt: string): Record<string, unknown> {
  const payload = jwt.split(".")[1];
  if (!payload) throw new Error("not a JWT");
  const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) throw new Error("a JWT without claims");
  return claims as Record<string, unknown>;
}

export type TTokenResponse = { accessToken: string; idToken: string | null; refreshToken: string | null };

/** A token endpoint's answer, checked: 200 with an access token (a wrong answer throws, as an error of the run). */
export function tokenResponse(status: number, body: string): TTokenResponse {
  if (status !== 200) throw new Error(`token endpoint answered ${status}: ${body.slice(0, 200)}`);
  const parsed: unknown = JSON.parse(body);
  const fields = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  if (typeof fields.access_token !== "string") throw new Error("token response without an access token");
  return {
    accessToken: fields.access_token,
    idToken: typeof fields.id_token === "string" ? fields.id_token : null,
    refreshToken: typeof fields.refresh_token === "string" ? fields.refresh_token : null,
  };
}
