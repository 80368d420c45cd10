// The first look at every request, in Portico's HTTP server before Next.js sees it: what can be
// refused from the request line and headers alone is refused here with a plain 4xx page, because
// Next.js would answer several of these with a 500 (an unknown method, a path whose
// percent-encoding does not decode, a server-action body it cannot parse or that is too large).
import { BAD_ADDRESS, BAD_REQUEST, type TPlainError } from "./error-page";

/** The largest request body accepted (Next.js's own limit for server actions; logos are far smaller). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

const METHODS = ["GET", "HEAD", "POST", "OPTIONS"];

export type TRequestHead = {
  method: string;
  /** The request target as sent (path and query). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Whether the path belongs to a route handler rather than a page (pages receive server actions). */
  routeHandler: boolean;
};

function header(head: TRequestHead, name: string): string | undefined {
  const value = head.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * A POST that Next.js treats as a server action: one that names an action (Next-Action header,
 * sent by the React client) or a form post to a page (a JavaScript-free browser's submission).
 */
export function isServerActionRequest(head: TRequestHead): boolean {
  if (head.method !== "POST" || head.routeHandler) return false;
  const type = (header(head, "content-type") ?? "").toLowerCase();
  return (
    header(head, "next-action") !== undefined ||
    type.startsWith("multipart/form-data") ||
    type.startsWith("application/x-www-form-urlencoded")
  );
}

export function screenRequest(head: TRequestHead): TPlainError | null {
  if (!METHODS.includes(head.method)) {
    return { status: 405, error: "method_not_allowed", headers: { allow: METHODS.join(", ") } };
  }
  const path = head.url.split("?")[0] ?? "";
  if (!path.startsWith("/") || !decodes(path)) return BAD_ADDRESS;
  if (head.method !== "POST") return null;
  // Browsers always send the length of a form or fetch body; a streamed body of unknown length
  // could only be refused after reading past the limit.
  if (header(head, "transfer-encoding") !== undefined) {
    return { status: 411, error: "length_required" };
  }
  const length = Number(header(head, "content-length") ?? "0");
  if (!Number.isSafeInteger(length) || length < 0) return BAD_REQUEST;
  if (length > BODY_LIMIT_BYTES) {
    return { status: 413, error: "too_large" };
  }
  if (!isServerActionRequest(head)) return null;
  const type = (header(head, "content-type") ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) return /;\s*boundary=("[^"]+"|[^;\s]+)/.test(type) ? null : BAD_REQUEST;
  if (type.startsWith("application/x-www-form-urlencoded")) return null;
  // The React client sends an action's arguments as text/plain when they need no form parts.
  if (type.startsWith("text/plain")) return null;
  return { status: 415, error: "unsupported_type" };
}
