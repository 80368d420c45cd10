// Runs before every page and action: no database, only header work. It refuses cross-origin
// state-changing requests (CSRF), and sets a per-request CSP nonce plus the security headers.
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "./lib/security/csp";
import { isRequestOriginAllowed } from "./lib/security/origin";
import { parseAuditLogFilter } from "./lib/workforce/audit-log";

const AUDIT_LOG_PAGE = /^\/admin\/[^/]+\/audit$/;

function allowedOrigins(): string[] {
  const base = new URL(process.env.PORTICO_BASE_URL ?? `http://localhost:${process.env.PORT ?? "3000"}`);
  return [base.origin];
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
  if (!isDecodablePath(request.nextUrl.pathname)) {
    return new NextResponse("Bad request: the address is not valid.", {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
  const allowed = isRequestOriginAllowed(
    { method: request.method, origin: request.headers.get("origin"), secFetchSite: request.headers.get("sec-fetch-site") },
    allowedOrigins(),
  );
  if (!allowed) {
    return new NextResponse("Cross-origin request refused.", {
      status: 403,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce, {
    dev: process.env.NODE_ENV === "development",
    https: allowedOrigins()[0]?.startsWith("https:") ?? false,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  // Lets layouts build a returnTo for the page being rendered.
  requestHeaders.set("x-portico-path", request.nextUrl.pathname + request.nextUrl.search);
  // A filter the audit log cannot read still renders the page with its message, but as a 400 so
  // that scripts and crawlers see the request was refused (the page itself cannot set a status).
  const badFilter = request.method === "GET" && AUDIT_LOG_PAGE.test(request.nextUrl.pathname) && !parseAuditLogFilter(request.nextUrl.searchParams).ok;
  const response = NextResponse.next({ request: { headers: requestHeaders }, ...(badFilter ? { status: 400 } : {}) });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|brand/|brand-assets/).*)" }],
};
