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
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import next from "next";

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
    void handle(req, res);
  });
  // Keep-alive longer than typical load balancer idle timeouts, so they never reuse a closed socket.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port, options.hostname, resolve));
  return server;
}
