import "server-only";
// Enterprise sign-in through next-auth (Auth.js v5). next-auth does the OpenID Connect handshake
// with an organisation's IdP — discovery, the authorization request with state, PKCE (S256) and a
// nonce, the code exchange, and the ID token's signature, `iss`, `aud`, `exp` and nonce, all
// checked by oauth4webapi underneath it — and hands the verified claims to Portico's own use case
// (completeFederatedSignIn), which decides who the person is and makes Portico's session.
// next-auth never holds a session: its `signIn` callback always answers with a Portico URL, so it
// never writes its session cookie, and every `authjs.*` cookie is cleared after the callback.
//
// Only two things of next-auth are reachable:
// - the start of a sign-in, which only Portico's identifier-first server action calls, server-side,
//   through next-auth's own `signIn()` (below). Login CSRF: a cross-site page cannot start a flow
//   in a victim's browser and have it completed with the attacker's IdP account, because next-auth's
//   sign-in POST endpoint is not exposed at all (404), and the server action that replaces it is a
//   POST that Next.js and Portico's proxy refuse from another origin. The state, PKCE verifier and
//   nonce cookies the start sets bind the callback to this browser, so a callback URL from another
//   browser's flow (or a replayed one) fails the state check.
// - the callback, `GET /{tenant}/api/auth/callback/{connectionId}`, for a connection of that tenant.
// Every other next-auth route (session, csrf, providers, signin page, signout, error) answers 404.
//
// Per request, the config names only the tenant's connection in play, the base path
// `/{tenant}/api/auth`, and a handshake secret derived from the server's encryption key for this
// tenant (HKDF), so a flow's encrypted cookies from one tenant do not open at another.
import { hkdfSync } from "node:crypto";
import { cookies } from "next/headers";
import type { NextRequest } from "next/server";
import NextAuth, { type NextAuthConfig } from "next-auth";
import { getConfig } from "../config/env";
import {
  completeFederatedSignIn,
  LINK_REQUEST_MINUTES,
  recordFederatedHandshakeFailure,
} from "../federation/complete-federated-sign-in";
import { openClientSecret } from "../federation/connections";
import { findTenantConnection } from "../federation/home-realm";
import type { TEnterpriseConnection } from "../organisations/types";
import type { TTenant } from "../tenancy/types";
import type { TSessionStage } from "../sessions/types";
import { safeReturnTo } from "../security/return-to";
import { getDeps } from "./deps";
import { getSignInMeta } from "./request";
import { setSessionCookie } from "./session";
import { findTenant } from "./tenant";

/** The cookie holding a pending account link's token (the database keeps its hash). */
export function linkCookieName(tenantSlug: string): string {
  return `__Host-portico.fed-link.${tenantSlug}`;
}

// next-auth builds its URLs (the redirect_uri above all) from AUTH_URL when it is set, never from
// the request's Host header: pinned to Portico's public base URL.
process.env.AUTH_URL = getConfig().baseUrl.origin;

function handshakeSecret(tenant: TTenant): string {
  const key = hkdfSync("sha256", getConfig().encryptionKey(), "portico", `next-auth handshake:${tenant.id}`, 32);
  return Buffer.from(key).toString("base64url");
}

const AUTHJS_COOKIE = /^(__Secure-|__Host-)?authjs\./;

type THandshake = {
  /** Where the callback sends the browser once Portico has decided (set by the signIn callback). */
  outcome: string | null;
  /** The type of the error next-auth reported, when the handshake failed. */
  error: string | null;
};

function configFor(tenant: TTenant, connection: TEnterpriseConnection, handshake: THandshake): NextAuthConfig {
  const deps = getDeps();
  const login = `/${tenant.slug}/login`;
  return {
    basePath: `/${tenant.slug}/api/auth`,
    secret: handshakeSecret(tenant),
    // URLs come from AUTH_URL (the base URL) and proxy.ts refuses every other Host.
    trustHost: true,
    session: { strategy: "jwt" },
    pages: { signIn: login, error: login },
    providers: [
      {
        id: connection.id,
        name: "Enterprise sign-in",
        type: "oidc",
        issuer: connection.issuer,
        clientId: connection.clientId,
        clientSecret: openClientSecret(deps, connection),
        checks: ["pkce", "state", "nonce"],
        authorization: { params: { scope: connection.scopes.join(" ") } },
      },
    ],
    logger: {
      error(error) {
        handshake.error = (error as { type?: string }).type ?? error.name;
      },
      warn() {},
      debug() {},
    },
    callbacks: {
      async signIn({ account, profile }) {
        if (!account || !profile || account.provider !== connection.id) return `${login}?federation=failed`;
        const meta = await getSignInMeta();
        const result = await completeFederatedSignIn(
          deps,
          tenant,
          { connectionId: connection.id, profile: { ...profile } },
          meta,
        );
        if (!result.ok) {
          handshake.outcome = `${login}?federation=${encodeURIComponent(result.code)}`;
        } else if (result.kind === "link") {
          (await cookies()).set(linkCookieName(tenant.slug), result.linkToken, {
            httpOnly: true,
            secure: true,
            sameSite: "lax",
            path: "/",
            maxAge: LINK_REQUEST_MINUTES * 60,
          });
          handshake.outcome = `${login}/link-account`;
        } else {
          await setSessionCookie(tenant, result.token, result.session.absoluteExpiresAt);
          handshake.outcome = pendingStageUrl(tenant, result.next, await returnToOf(tenant));
        }
        // A string: next-auth redirects there and writes no session of its own.
        return handshake.outcome;
      },
    },
  };
}

/**
 * The page a pending enterprise sign-in continues on (the organisation's policy asked for a second
 * factor or an enrolment), or `returnTo` once it is complete.
 */
export function pendingStageUrl(tenant: TTenant, next: TSessionStage, returnTo: string): string {
  const query = `?returnTo=${encodeURIComponent(returnTo)}`;
  if (next === "second_factor") return `/${tenant.slug}/login/second-factor${query}`;
  if (next === "enrol_factor") return `/${tenant.slug}/login/enrol${query}`;
  return returnTo;
}

/** Where the person was going when the flow started (next-auth's callback-url cookie), inside the tenant. */
async function returnToOf(tenant: TTenant): Promise<string> {
  const jar = await cookies();
  const raw = jar.getAll().find((c) => /^(__Secure-)?authjs\.callback-url$/.test(c.name))?.value;
  let path: string | undefined;
  try {
    const url = raw ? new URL(raw, getConfig().baseUrl) : null;
    path = url && url.origin === getConfig().baseUrl.origin ? url.pathname + url.search : undefined;
  } catch {
    path = undefined;
  }
  return safeReturnTo(tenant.slug, path);
}

const NOT_FOUND = () => new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });

/**
 * The route `/{tenant}/api/auth/[...nextauth]`: only the callback of one of the tenant's
 * connections reaches next-auth; the answer keeps Portico's cookies and clears next-auth's.
 */
export async function handleFederationRequest(
  request: NextRequest,
  tenantSlug: string,
  path: string[],
): Promise<Response> {
  if (request.method !== "GET" || path.length !== 2 || path[0] !== "callback") return NOT_FOUND();
  const tenant = await findTenant(tenantSlug);
  if (!tenant || !/^[A-Za-z0-9-]{1,64}$/.test(path[1] ?? "")) return NOT_FOUND();
  const connection = await findTenantConnection(getDeps(), tenant, path[1] ?? "");
  if (!connection) return NOT_FOUND();
  const handshake: THandshake = { outcome: null, error: null };
  const { handlers } = NextAuth(() => configFor(tenant, connection, handshake));
  const answer = await handlers.GET(request);
  if (handshake.outcome === null) {
    await recordFederatedHandshakeFailure(
      getDeps(),
      tenant,
      connection.id,
      await getSignInMeta(),
      handshake.error ?? "unknown",
    );
  }
  return withoutAuthjsCookies(answer, handshake.outcome ?? `/${tenant.slug}/login?federation=failed`);
}

/**
 * A redirect to `location` carrying none of next-auth's cookies, and the deletion of every one the
 * browser sent (through Next's cookie jar, which Next merges into this answer with Portico's own).
 */
async function withoutAuthjsCookies(answer: Response, location: string): Promise<Response> {
  const headers = new Headers({
    location: new URL(location, getConfig().baseUrl).toString(),
    "cache-control": "no-store",
  });
  for (const cookie of answer.headers.getSetCookie()) {
    const name = cookie.slice(0, cookie.indexOf("="));
    if (!AUTHJS_COOKIE.test(name)) headers.append("set-cookie", cookie);
  }
  const jar = await cookies();
  for (const { name } of jar.getAll()) {
    if (!AUTHJS_COOKIE.test(name)) continue;
    jar.set(name, "", { path: "/", maxAge: 0, httpOnly: true, sameSite: "lax", secure: !name.startsWith("authjs.") });
  }
  return new Response(null, { status: 303, headers });
}

/**
 * Starts the IdP sign-in for `connection` from a Portico server action: next-auth's own server-side
 * `signIn()` builds the authorization request (with `login_hint`), sets its state, PKCE and nonce
 * cookies on this response, and returns the IdP URL to redirect to.
 */
export async function startFederatedSignIn(
  tenant: TTenant,
  connection: TEnterpriseConnection,
  email: string,
  returnTo: string,
): Promise<string> {
  const handshake: THandshake = { outcome: null, error: null };
  const { signIn } = NextAuth(() => configFor(tenant, connection, handshake));
  const url: unknown = await signIn(
    connection.id,
    { redirect: false, redirectTo: returnTo },
    { login_hint: email, scope: connection.scopes.join(" ") },
  );
  if (typeof url !== "string") throw new Error("next-auth returned no authorization URL");
  return url;
}
