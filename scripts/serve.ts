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
// The server also answers 503 for requests that failed because the database could not be reached
// (see lib/db/availability.ts and answerUnavailableOnDatabaseFailure below).
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import next from "next";
import { type TRequestNote, withRequestNote } from "../lib/db/availability";

const INTERNAL_HEADER = "x-portico-internal";

function isLoopback(address: string): boolean {
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}

export async function serve(options: { dev: boolean; port: number; hostname?: string; dir: string }) {
  const app = next({ dev: options.dev, dir: options.dir, port: options.port, hostname: options.hostname ?? "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  const secret = randomBytes(32).toString("base64url");
  const secretBytes = Buffer.from(secret);
  const createdHere = (value: string | string[] | undefined) => {
    if (typeof value !== "string" || value.length !== secret.length) return false;
    return timingSafeEqual(Buffer.from(value), secretBytes);
  };
  const server = createServer((req, res) => {
    const peer = req.socket.remoteAddress ?? "";
    if (!(isLoopback(peer) && createdHere(req.headers[INTERNAL_HEADER]))) {
      const forwarded = req.headers["x-forwarded-for"];
      const chain = Array.isArray(forwarded) ? forwarded.join(", ") : forwarded;
      req.headers["x-forwarded-for"] = chain ? `${chain}, ${peer}` : peer;
      req.headers[INTERNAL_HEADER] = secret;
    }
    const note = withRequestNote(() => void handle(req, res));
    answerUnavailableOnDatabaseFailure(res, note);
  });
  // Keep-alive longer than typical load balancer idle timeouts, so they never reuse a closed socket.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port, options.hostname, resolve));
  return server;
}

const UNAVAILABLE_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Temporarily unavailable</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1.5rem;color:#111827;line-height:1.5}a{color:inherit}</style>
</head><body><main>
<h1>Temporarily unavailable</h1>
<p>We can't reach our records right now, so this page could not be shown and anything you just submitted was not saved.</p>
<p>This usually lasts only a few seconds. <a href="">Try again</a> in a moment.</p>
</main></body></html>
`;

type TWriter = (...args: unknown[]) => unknown;

/**
 * When Next.js is about to send a 5xx for a request whose note says the database was unreachable,
 * the response becomes a plain 503 page with Retry-After instead (nothing of Next's error output
 * is sent). The decision is taken at the first write, when the status is known and nothing has
 * left yet; Next's later writes to the already answered response are swallowed.
 */
function answerUnavailableOnDatabaseFailure(res: ServerResponse, note: TRequestNote) {
  const originals = { writeHead: res.writeHead, write: res.write, end: res.end, flushHeaders: res.flushHeaders } as unknown as Record<string, TWriter>;
  let state: "undecided" | "passed" | "replaced" = "undecided";
  const decide = (status: number) => {
    if (state !== "undecided") return state;
    if (status >= 500 && note.databaseUnavailable && !res.headersSent) {
      state = "replaced";
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      originals.writeHead!.call(res, 503, {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "retry-after": "5",
        "x-content-type-options": "nosniff",
      });
      originals.end!.call(res, UNAVAILABLE_PAGE);
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
