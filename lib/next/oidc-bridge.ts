// A Web Request → Node request/response pair for oidc-provider (a Koa application) inside a Next.js
// route handler, and the Node response back as a Web Response. The provider is mounted at
// `/{tenant}/oidc`: `originalUrl` is the full path and `url` the path below the mount, which is how
// it computes its own endpoints. Host and scheme come from the configured base URL, never from the
// request (Host, X-Forwarded-Host and X-Forwarded-Proto are replaced), so no request can make the
// provider name another issuer or endpoint.
import "server-only";
import { IncomingMessage, type ServerResponse } from "node:http";
import { Socket } from "node:net";
import { Writable } from "node:stream";

/** Bodies the provider accepts are small (its own limit is 56 KiB); anything bigger is refused before it is read. */
export const MAX_BODY_BYTES = 64 * 1024;

export class BodyTooLarge extends Error {}

/**
 * The response side of the pair: what Koa and the provider use of a ServerResponse (status, headers,
 * write/end), collected in memory.
 */
class CollectedResponse extends Writable {
  statusCode = 200;
  statusMessage = "";
  readonly socket = null;
  readonly #headers = new Map<string, { name: string; value: number | string | readonly string[] }>();
  readonly #chunks: Buffer[] = [];
  #sent = false;

  get headersSent(): boolean {
    return this.#sent;
  }

  setHeader(name: string, value: number | string | readonly string[]) {
    this.#headers.set(name.toLowerCase(), { name, value });
    return this;
  }

  getHeader(name: string) {
    return this.#headers.get(name.toLowerCase())?.value;
  }

  getHeaders() {
    return Object.fromEntries([...this.#headers].map(([key, { value }]) => [key, value]));
  }

  getHeaderNames() {
    return [...this.#headers.keys()];
  }

  hasHeader(name: string) {
    return this.#headers.has(name.toLowerCase());
  }

  removeHeader(name: string) {
    this.#headers.delete(name.toLowerCase());
  }

  writeHead(status: number, headers?: Record<string, number | string | readonly string[]>) {
    this.statusCode = status;
    for (const [name, value] of Object.entries(headers ?? {})) this.setHeader(name, value);
    return this;
  }

  flushHeaders() {
    this.#sent = true;
  }

  override _write(chunk: Buffer | string, encoding: BufferEncoding, callback: (error?: Error | null) => void) {
    this.#sent = true;
    this.#chunks.push(typeof chunk === "string" ? Buffer.from(chunk, encoding) : chunk);
    callback();
  }

  toResponse(): Response {
    const headers = new Headers();
    for (const { name, value } of this.#headers.values()) {
      if (Array.isArray(value)) for (const item of value) headers.append(name, String(item));
      else headers.set(name, String(value));
    }
    const body = Buffer.concat(this.#chunks);
    const empty = this.statusCode === 204 || this.statusCode === 304 || body.length === 0;
    return new Response(empty ? null : body, { status: this.statusCode, headers });
  }
}

export type TNodePair = {
  req: IncomingMessage;
  res: ServerResponse;
  /** Resolves with the Web Response once the provider has ended the Node response. */
  finished: Promise<Response>;
};

const DROPPED_HEADERS = new Set(["host", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded"]);

/**
 * The Node pair for `request`, mounted at `mountPath` (e.g. "/acme/oidc"). `clientIp` is the address
 * Portico's own request screen found (the provider logs it; it never decides anything with it).
 */
export async function nodePairFor(
  request: Request,
  options: { baseUrl: URL; mountPath: string; clientIp: string | null; contentSecurityPolicy: string },
): Promise<TNodePair> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new BodyTooLarge();
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const body = hasBody ? Buffer.from(await request.arrayBuffer()) : Buffer.alloc(0);
  if (body.length > MAX_BODY_BYTES) throw new BodyTooLarge();

  const url = new URL(request.url);
  const below = url.pathname.slice(options.mountPath.length) || "/";
  const socket = new Socket();
  Object.defineProperty(socket, "encrypted", { value: options.baseUrl.protocol === "https:" });
  Object.defineProperty(socket, "remoteAddress", { value: options.clientIp ?? "0.0.0.0" });
  const req = new IncomingMessage(socket);
  req.method = request.method;
  req.url = below + url.search;
  Object.assign(req, { originalUrl: url.pathname + url.search });
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (!DROPPED_HEADERS.has(name)) headers[name] = value;
  });
  headers.host = options.baseUrl.host;
  if (hasBody) headers["content-length"] = String(body.length);
  req.headers = headers;
  if (body.length > 0) req.push(body);
  req.push(null);

  const collected = new CollectedResponse();
  // The provider adds the hash of each inline script it renders (form_post) to this policy.
  collected.setHeader("content-security-policy", options.contentSecurityPolicy);
  const finished = new Promise<Response>((resolve, reject) => {
    collected.on("finish", () => resolve(collected.toResponse()));
    collected.on("error", reject);
  });
  // The one cast of the bridge: the collected response implements what Koa uses of a ServerResponse.
  return { req, res: collected as unknown as ServerResponse, finished };
}
