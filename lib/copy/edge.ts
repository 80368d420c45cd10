// English words of the edge's plain error pages (lib/security/error-page.ts), keyed by the error:
// the requests refused before any page renders. Its own file, so the proxy and the server load
// these sentences and not the whole message catalogue.
import type { TEdgeError, TEdgeWords } from "../security/types";

/** The plain pages of requests the edge refuses before any page renders (lib/security/error-page.ts). */
const EDGE: Record<TEdgeError, Omit<TEdgeWords, "home">> = {
  bad_request: {
    title: "Bad request",
    message: "The request could not be understood, so nothing was changed. Go back, reload the page and try again.",
  },
  bad_address: { title: "Bad request", message: "The address is not valid. Check the link you followed." },
  cross_origin: {
    title: "Request refused",
    message:
      "Cross-origin request refused: forms can only be sent from this portal's own pages. Reload the page and try again.",
  },
  wrong_host: {
    title: "Bad request",
    message:
      "This request was addressed to another host than this portal's, so nothing was changed. Open the portal's own address and try again.",
  },
  method_not_allowed: { title: "Method not allowed", message: "This portal does not answer that kind of request." },
  length_required: { title: "Length required", message: "The request must state its length, so nothing was changed." },
  too_large: {
    title: "Request too large",
    message: "What was sent is larger than this portal accepts (1 MB), so nothing was changed.",
  },
  unsupported_type: {
    title: "Unsupported request",
    message: "The request was sent in a form this portal does not read, so nothing was changed.",
  },
  stale_action: {
    title: "This page has changed",
    message:
      "The portal was updated since this page was loaded, so nothing was changed. Reload the page and try again.",
  },
};

/** The words of the edge's plain error page for `error`. */
export function edgeWords(error: TEdgeError): TEdgeWords {
  return { ...EDGE[error], home: "Go to the Portico home page" };
}

/**
 * The words of the page the server answers (503) when the database cannot be reached: what
 * happened, and a sentence whose `link` part reloads the page.
 */
export const UNAVAILABLE_WORDS = {
  title: "Temporarily unavailable",
  message:
    "We can't reach our records right now, so this page could not be shown and anything you just submitted was not saved.",
  retry: { before: "This usually lasts only a few seconds. ", link: "Try again", after: " in a moment." },
} as const;
