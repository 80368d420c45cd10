// The plain page for a request refused before any page could render it (malformed, too large,
// cross-origin, wrong method): the same neutral look as the server's "temporarily unavailable"
// page, a sentence a person can act on, and nothing about how the portal is built. The error is a
// name (`error`); its words are in lib/copy/en.ts (`edgeWords`), so the caller renders them.
import type { TEdgeError, TEdgeWords } from "./types";

export type { TEdgeError, TEdgeWords };
export type TPlainError = { status: number; error: TEdgeError; headers?: Record<string, string> };

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export function plainErrorPage(words: TEdgeWords): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(words.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1.5rem;color:#111827;line-height:1.5}a{color:inherit}</style>
</head><body><main>
<h1>${escape(words.title)}</h1>
<p>${escape(words.message)}</p>
<p><a href="/">${escape(words.home)}</a></p>
</main></body></html>
`;
}

/** Headers every plain error answer carries (never cached, never sniffed, never framed). */
export function plainErrorHeaders(error: TPlainError): Record<string, string> {
  return {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    ...error.headers,
  };
}

export const BAD_REQUEST: TPlainError = { status: 400, error: "bad_request" };
export const BAD_ADDRESS: TPlainError = { status: 400, error: "bad_address" };
export const CROSS_ORIGIN: TPlainError = { status: 403, error: "cross_origin" };
/** A request addressed to another host than the portal's. */
export const WRONG_HOST: TPlainError = { status: 400, error: "wrong_host" };
/** A server action the running build no longer has (the portal was updated since the page loaded). */
export const STALE_ACTION: TPlainError = { status: 409, error: "stale_action" };
