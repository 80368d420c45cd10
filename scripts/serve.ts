// The portal's HTTP server: Next.js behind a thin Node server whose only job is to record the TCP
// peer address. Next itself fills X-Forwarded-For only when the header is absent, so a client could
// otherwise choose the address that per-IP limits count. Here the peer is always appended, and the
// app reads the entry PORTICO_TRUSTED_PROXY_HOPS from the right (1 = no proxy in front).
import { createServer } from "node:http";
import next from "next";

export async function serve(options: { dev: boolean; port: number; hostname?: string; dir: string }) {
  const app = next({ dev: options.dev, dir: options.dir, port: options.port, hostname: options.hostname ?? "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    const peer = req.socket.remoteAddress ?? "";
    const forwarded = req.headers["x-forwarded-for"];
    const chain = Array.isArray(forwarded) ? forwarded.join(", ") : forwarded;
    req.headers["x-forwarded-for"] = chain ? `${chain}, ${peer}` : peer;
    void handle(req, res);
  });
  // Keep-alive longer than typical load balancer idle timeouts, so they never reuse a closed socket.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port, options.hostname, resolve));
  return server;
}
