// Optional check of a new password against a breached-password corpus through a k-anonymity range
// API (the Pwned Passwords protocol): only the first 5 hex digits of the password's SHA-1 leave the
// server, and the service answers every suffix it holds under that prefix, so it never learns the
// password or whether it matched. SHA-1 here is the protocol's lookup key, not password storage.
import { createHash } from "node:crypto";
import type { TBreachedPasswordChecker } from "../kernel/deps";

export type { TBreachedPasswordChecker, TBreachedPasswordResult } from "../kernel/deps";

/** A range request that takes longer is abandoned: the user is not kept waiting on a third party. */
export const BREACHED_CHECK_TIMEOUT_MS = 1000;

/** Uppercase hex SHA-1 of the UTF-8 password, split into the 5-character range and its 35-character suffix. */
export function rangeKey(password: string): { prefix: string; suffix: string } {
  const digest = createHash("sha1").update(password, "utf8").digest("hex").toUpperCase();
  return { prefix: digest.slice(0, 5), suffix: digest.slice(5) };
}

/**
 * `baseUrl` is the service root, e.g. https://api.pwnedpasswords.com: the checker asks
 * `{baseUrl}/range/{prefix}` with `Add-Padding: true`, so the size of the answer does not reveal
 * the prefix either; padding lines carry a count of 0 and never count as a match.
 */
export function createBreachedPasswordChecker(options: { baseUrl: URL; timeoutMs?: number }): TBreachedPasswordChecker {
  const timeoutMs = options.timeoutMs ?? BREACHED_CHECK_TIMEOUT_MS;
  const root = options.baseUrl.href.endsWith("/") ? options.baseUrl.href : `${options.baseUrl.href}/`;
  return async (password) => {
    const { prefix, suffix } = rangeKey(password);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetch(new URL(`range/${prefix}`, root), {
        headers: { "Add-Padding": "true", Accept: "text/plain" },
        signal: controller.signal,
        redirect: "error",
      });
      if (!response.ok) {
        await response.body?.cancel();
        return { kind: "skipped", reason: "bad_status", detail: `HTTP ${response.status}` };
      }
      // Reading the body stays under the same deadline: a service that sends headers and then
      // stalls is as unavailable as one that never answers.
      const body = await response.text();
      const count = matchCount(body, suffix);
      if (count === null) return { kind: "skipped", reason: "bad_response", detail: "not a range answer" };
      return count > 0 ? { kind: "found", count } : { kind: "not_found" };
    } catch (error) {
      if (controller.signal.aborted)
        return { kind: "skipped", reason: "timeout", detail: `no answer within ${timeoutMs} ms` };
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      const code =
        cause && typeof cause === "object" && "code" in cause && typeof cause.code === "string" ? cause.code : null;
      return { kind: "skipped", reason: "network_error", detail: code ?? "fetch failed" };
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * The count for `suffix` in a range answer (lines `SUFFIX:COUNT`), 0 when absent, or null when
 * the body is not a range answer at all (an HTML error page from a proxy must not read as "not
 * breached" silently: it is reported as skipped).
 */
export function matchCount(body: string, suffix: string): number | null {
  let count = 0;
  let lines = 0;
  for (const raw of body.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    const match = /^([0-9A-Fa-f]{35}):(\d+)$/.exec(line);
    if (!match) return null;
    lines += 1;
    if (match[1]?.toUpperCase() === suffix) count = Number(match[2]);
  }
  return lines > 0 ? count : null;
}
