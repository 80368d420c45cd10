// The app's pages and route handlers as URL patterns, read from the source tree (app/**/page.tsx,
// app/**/route.ts): route groups "(name)" vanish from the URL and "[param]" matches one segment.
// Portico's server uses it to tell a form post to a page (a server action) from a post to a
// route handler; the malformed-request test uses it to reach every page and route.
import { readdirSync } from "node:fs";
import path from "node:path";

export type TAppRoute = {
  kind: "page" | "route";
  /** e.g. "/[tenant]/account/security" */ pattern: string;
  file: string;
};

export function listAppRoutes(root: string): TAppRoute[] {
  const appDir = path.join(root, "app");
  const found: TAppRoute[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        const group = /^\(.+\)$/.test(entry.name);
        if (!entry.name.startsWith("_")) walk(path.join(dir, entry.name), group ? segments : [...segments, entry.name]);
        continue;
      }
      const kind = /^page\.(tsx|ts|jsx|js)$/.test(entry.name)
        ? "page"
        : /^route\.(ts|js)$/.test(entry.name)
          ? "route"
          : null;
      if (kind)
        found.push({ kind, pattern: `/${segments.join("/")}`, file: path.relative(root, path.join(dir, entry.name)) });
    }
  };
  walk(appDir, []);
  return found.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

export function patternToRegExp(pattern: string): RegExp {
  const body = pattern
    .split("/")
    .map((segment, index) =>
      // "[[...rest]]" (optional catch-all) matches nothing or any further segments.
      /^\[\[\.\.\..+\]\]$/.test(segment)
        ? "(?:/.+)?"
        : (index === 0 ? "" : "/") +
          (/^\[\.\.\..+\]$/.test(segment)
            ? ".+"
            : /^\[.+\]$/.test(segment)
              ? "[^/]+"
              : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")),
    )
    .join("");
  return new RegExp(`^${body}/?$`);
}

/** How specific a segment is, as Next.js ranks them: static, then "[param]", "[...rest]", "[[...rest]]". */
function segmentRank(segment: string): number {
  if (/^\[\[\.\.\..+\]\]$/.test(segment)) return 3;
  if (/^\[\.\.\..+\]$/.test(segment)) return 2;
  if (/^\[.+\]$/.test(segment)) return 1;
  return 0;
}

/** Negative when pattern `a` is more specific than `b` (it wins where both match). */
function bySpecificity(a: string, b: string): number {
  const ra = a.split("/").slice(1).map(segmentRank);
  const rb = b.split("/").slice(1).map(segmentRank);
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) if (ra[i] !== rb[i]) return (ra[i] ?? 0) - (rb[i] ?? 0);
  return rb.length - ra.length;
}

/**
 * A predicate telling whether a request path belongs to a route handler (and not a page): where a
 * page and a route handler both match (a page beside an optional catch-all handler, such as the
 * consent page under the provider's routes), the more specific one answers, as in Next.js.
 */
export function routeHandlerMatcher(root: string): (pathname: string) => boolean {
  const routes = listAppRoutes(root)
    .map((route) => ({ ...route, test: patternToRegExp(route.pattern) }))
    .sort((a, b) => bySpecificity(a.pattern, b.pattern));
  return (pathname) => routes.find((route) => route.test.test(pathname))?.kind === "route";
}
