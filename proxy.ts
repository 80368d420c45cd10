// Runs before every page and action: no database, only header work. It refuses cross-origin
// state-changing requests (CSRF), and sets a per-request CSP nonce plus the security headers.
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "./lib/security/csp";
import {
  BAD_ADDRESS,
  CROSS_ORIGIN,
  plainErrorHeaders,
  plainErrorPage,
  WRONG_HOST,
  type TPlainError,
} from "./lib/security/error-page";
import { edgeWords } from "./lib/copy/edge";
import { HSTS_HEADER, strictTransportSecurity } from "./lib/security/hsts";
import { isRequestHostAllowed, isRequestOriginAllowed } from "./lib/security/origin";
import { isOidcClientEndpoint, isOidcProtocolPath } from "./lib/security/oidc-endpoints";
import { parseAuditLogFilter } from "./lib/next/audit-log-query";

const AUDIT_LOG_PAGE = /^\/admin\/[^/]+\/audit$/;

function baseUrl(): URL {
  return new URL(process.env.PORTICO_BASE_URL ?? `http://localhost:${process.env.PORT ?? "3000"}`);
}

function allowedOrigins(): string[] {
  return [baseUrl().origin];
}

function refuse(error: TPlainError): NextResponse {
  const response = new NextResponse(plainErrorPage(edgeWords(error.error)), {
    status: error.status,
    headers: plainErrorHeaders(error),
  });
  const hsts = strictTransportSecurity(baseUrl());
  if (hsts) response.headers.set(HSTS_HEADER, hsts);
  return response;
}

function isDecodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export function proxy(request: NextRequest) {
  // A malformed percent-encoding would otherwise surface as a 500 from the router.
  if (!isDecodablePath(request.nextUrl.pathname)) return refuse(BAD_ADDRESS);
  if (
    !isOidcClientEndpoint(request.nextUrl.pathname) &&
    !isRequestOriginAllowed({ method: request.method, origin: request.headers.get("origin") }, allowedOrigins())
  )
    return refuse(CROSS_ORIGIN);
  const addressed = {
    method: request.method,
    host: request.headers.get("host"),
    forwardedHost: request.headers.get("x-forwarded-host"),
  };
  if (!isRequestHostAllowed(addressed, [baseUrl().host])) return refuse(WRONG_HOST);
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce, {
    dev: process.env.NODE_ENV === "development",
    https: baseUrl().protocol === "https:",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  // Lets layouts build a returnTo for the page being rendered.
  requestHeaders.set("x-portico-path", request.nextUrl.pathname + request.nextUrl.search);
  // A filter the audit log cannot read still renders the page with its message, but as a 400 so
  // that scripts and crawlers see the request was refused (the page itself cannot set a status).
  const badFilter =
    request.method === "GET" &&
    AUDIT_LOG_PAGE.test(request.nextUrl.pathname) &&
    !parseAuditLogFilter(request.nextUrl.searchParams).ok;
  const response = NextResponse.next({ request: { headers: requestHeaders }, ...(badFilter ? { status: 400 } : {}) });
  // The OpenID Provider's responses carry their own policy (its form_post page posts to the app).
  if (!isOidcProtocolPath(request.nextUrl.pathname)) response.headers.set("content-security-policy", csp);
  const hsts = strictTransportSecurity(baseUrl());
  if (hsts) response.headers.set(HSTS_HEADER, hsts);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|brand/|brand-assets/).*)" }],
};
