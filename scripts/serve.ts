// The portal's HTTP server: Next.js behind a thin Node server whose only job is to record the TCP
// peer address. Next itself fills X-Forwarded-For only when the header is absent, so a client could
// otherwise choose the address that per-IP limits count. Here the peer is always appended, and the
// app reads the entry PORTICO_TRUSTED_PROXY_HOPS from the right (1 = no proxy in front).
//
// One exception: when a server action redirects, Next renders the target by fetching it from this
// same server, forwarding the original request's headers. That internal request must keep the
// browser's address chain (otherwise every such redirect would look like a change of network to
// the session checks), so each request handed to Next carries a per-process secret, and a request
// from a loopback peer that presents it is passed on unchanged. Clients never learn the secret:
// it is a request header that only this process sets and only Next's internal fetch repeats.
//
// The TCP peer itself reaches the app through lib/security/request-context.ts (never a header a
// client could write): the local outbox is shown to loopback peers only. An internal request
// carries the original peer in a header that this server overwrites on every outside request.
//
// The server also answers 503 for requests that failed because the database could not be reached
// (see lib/db/availability.ts and answerPlainPageOnFailure below), refuses what Next.js would
// answer with a 500 (lib/security/request-screen.ts: unknown methods, undecodable paths, bodies
// too large or unparseable for a server action), and turns a 500 for a server action whose
// request could not be decoded into a plain 400. Over https every answer carries HSTS.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import next from "next";
import { getConfig } from "../lib/config/env";
import { type TRequestNote, withRequestNote } from "../lib/db/availability";
import {
  BAD_REQUEST,
  plainErrorHeaders,
  plainErrorPage,
  STALE_ACTION,
  type TPlainError,
} from "../lib/security/error-page";
import { edgeWords, UNAVAILABLE_WORDS } from "../lib/copy/edge";
import { HSTS_HEADER, strictTransportSecurity } from "../lib/security/hsts";
import { isLoopbackAddress as isLoopback, withRequestContext } from "../lib/security/request-context";
import { isServerActionRequest, screenRequest } from "../lib/security/request-screen";
import { routeHandlerMatcher } from "./app-routes";

const INTERNAL_HEADER = "x-portico-internal";
const ACTION_NOT_FOUND_HEADER = "x-nextjs-action-not-found";
const PEER_HEADER = "x-portico-peer";

export async function serve(options: { dev: boolean; port: number; hostname?: string; dir: string }) {
  const app = next({
    dev: options.dev,
    dir: options.dir,
    port: options.port,
    hostname: options.hostname ?? "localhost",
  });
  const handle = app.getRequestHandler();
  await app.prepare();
  const secret = randomBytes(32).toString("base64url");
  const secretBytes = Buffer.from(secret);
  const createdHere = (value: string | string[] | undefined) => {
    if (typeof value !== "string" || value.length !== secret.length) return false;
    return timingSafeEqual(Buffer.from(value), secretBytes);
  };
  const isRouteHandler = routeHandlerMatcher(options.dir);
  const hsts = strictTransportSecurity(getConfig().baseUrl);
  const server = createServer((req, res) => {
    const socketPeer = req.socket.remoteAddress ?? "";
    const internal = isLoopback(socketPeer) && createdHere(req.headers[INTERNAL_HEADER]);
    const forwardedPeer = req.headers[PEER_HEADER];
    const peer = internal ? (typeof forwardedPeer === "string" ? forwardedPeer : "") : socketPeer;
    if (!internal) {
      const forwarded = req.headers["x-forwarded-for"];
      const chain = Array.isArray(forwarded) ? forwarded.join(", ") : forwarded;
      req.headers["x-forwarded-for"] = chain ? `${chain}, ${socketPeer}` : socketPeer;
      req.headers[INTERNAL_HEADER] = secret;
      req.headers[PEER_HEADER] = socketPeer;
    }
    if (hsts) res.setHeader(HSTS_HEADER, hsts);
    const url = req.url ?? "/";
    const head = {
      method: req.method ?? "",
      url,
      headers: req.headers,
      routeHandler: isRouteHandler(url.split("?")[0] ?? ""),
    };
    const refused = screenRequest(head);
    if (refused) {
      answerPlain(res, refused, hsts);
      // Read and drop the body of a refused request, so the client is not cut off mid-send.
      req.resume();
      return;
    }
    const action = isServerActionRequest(head);
    let note: TRequestNote | undefined;
    const context = withRequestContext(peer, () => {
      note = withRequestNote(() => void handle(req, res));
    });
    answerPlainPageOnFailure(res, hsts, (status) => {
      // Next.js's own one-line answer to an unknown or invalid action id becomes the plain page,
      // keeping the header that tells its client router to reload.
      if (action && status >= 400 && status < 500 && String(res.getHeader("content-type")).startsWith("text/plain")) {
        return status === 409
          ? { ...STALE_ACTION, headers: { [ACTION_NOT_FOUND_HEADER]: "1" } }
          : { ...BAD_REQUEST, status, headers: { [ACTION_NOT_FOUND_HEADER]: "1" } };
      }
      if (status < 500) return null;
      if (note?.databaseUnavailable) return UNAVAILABLE;
      // Next.js answers 500 when it cannot decode a server action's body (a malformed multipart or
      // payload) before any of Portico's code ran, or when an action was handed arguments no form
      // sends: either way the request was at fault, not the server.
      if (action && (context.malformed || !context.actionReached)) return BAD_REQUEST;
      return null;
    });
  });
  // Keep-alive longer than typical load balancer idle timeouts, so they never reuse a closed socket.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port, options.hostname, resolve));
  return server;
}

const UNAVAILABLE_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${UNAVAILABLE_WORDS.title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1.5rem;color:#111827;line-height:1.5}a{color:inherit}</style>
</head><body><main>
<h1>${UNAVAILABLE_WORDS.title}</h1>
<p>${UNAVAILABLE_WORDS.message}</p>
<p>${UNAVAILABLE_WORDS.retry.before}<a href="">${UNAVAILABLE_WORDS.retry.link}</a>${UNAVAILABLE_WORDS.retry.after}</p>
</main></body></html>
`;

type TWriter = (...args: unknown[]) => unknown;

const UNAVAILABLE = { status: 503, page: UNAVAILABLE_PAGE, headers: { "retry-after": "5" } };

type TReplacement = TPlainError | typeof UNAVAILABLE;

function answerPlain(res: ServerResponse, error: TPlainError, hsts: string | null) {
  res.writeHead(error.status, { ...plainErrorHeaders(error), ...(hsts ? { [HSTS_HEADER]: hsts } : {}) });
  res.end(plainErrorPage(edgeWords(error.error)));
}

/**
 * When Next.js is about to send a 5xx that `choose` replaces (the database was unreachable: a
 * plain 503 page with Retry-After; a malformed request: a plain 400), nothing of Next's error
 * output is sent. The decision is taken at the first write, when the status is known and nothing
 * has left yet; Next's later writes to the already answered response are swallowed.
 */
function answerPlainPageOnFailure(
  res: ServerResponse,
  hsts: string | null,
  choose: (status: number) => TReplacement | null,
) {
  const originals = {
    writeHead: res.writeHead,
    write: res.write,
    end: res.end,
    flushHeaders: res.flushHeaders,
  } as unknown as Record<string, TWriter>;
  let state: "undecided" | "passed" | "replaced" = "undecided";
  const decide = (status: number) => {
    if (state !== "undecided") return state;
    const replacement = res.headersSent ? null : choose(status);
    if (replacement) {
      state = "replaced";
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      const page = "page" in replacement ? replacement.page : plainErrorPage(edgeWords(replacement.error));
      const headers =
        "page" in replacement
          ? {
              "content-type": "text/html; charset=utf-8",
              "cache-control": "no-store",
              "x-content-type-options": "nosniff",
              ...replacement.headers,
            }
          : plainErrorHeaders(replacement);
      originals.writeHead!.call(res, replacement.status, { ...headers, ...(hsts ? { [HSTS_HEADER]: hsts } : {}) });
      originals.end!.call(res, page);
    } else {
      state = "passed";
    }
    return state;
  };
  for (const name of Object.keys(originals)) {
    const original = originals[name]!;
    (res as unknown as Record<string, TWriter>)[name] = (...args: unknown[]) => {
      const status = name === "writeHead" && typeof args[0] === "number" ? args[0] : res.statusCode;
      if (decide(status) === "passed") return original.apply(res, args);
      const callback = args.find((arg): arg is () => void => typeof arg === "function");
      callback?.();
      return name === "write" ? true : res;
    };
  }
}
