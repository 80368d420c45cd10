// The plain page for a request refused before any page could render it (malformed, too large,
// cross-origin, wrong method): the same neutral look as the server's "temporarily unavailable"
// page, a sentence a person can act on, and nothing about how the portal is built.

export type TPlainError = { status: number; title: string; message: string; headers?: Record<string, string> };

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export function plainErrorPage(error: Pick<TPlainError, "title" | "message">): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(error.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1.5rem;color:#111827;line-height:1.5}a{color:inherit}</style>
</head><body><main>
<h1>${escape(error.title)}</h1>
<p>${escape(error.message)}</p>
<p><a href="/">Go to the Portico home page</a></p>
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

export const BAD_REQUEST: TPlainError = {
  status: 400,
  title: "Bad request",
  message: "The request could not be understood, so nothing was changed. Go back, reload the page and try again.",
};

export const BAD_ADDRESS: TPlainError = { status: 400, title: "Bad request", message: "The address is not valid. Check the link you followed." };

export const CROSS_ORIGIN: TPlainError = {
  status: 403,
  title: "Request refused",
  message: "Cross-origin request refused: forms can only be sent from this portal's own pages. Reload the page and try again.",
};
