// A small HTTP/1.1 client for the benchmark: one keep-alive connection per virtual browser, a
// cookie jar, and the headers a browser sends (Origin on posts, a desktop user agent, the
// client's address in X-Forwarded-For as a trusted load balancer would add it).
import { Agent, request } from "node:http";
import { randomBytes } from "node:crypto";

/** A current desktop Chrome: the risk engine treats scripted user agents as automation. */
export const BROWSER_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";

export type TResponse = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  set(name: string, value: string) {
    this.cookies.set(name, value);
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  delete(name: string) {
    this.cookies.delete(name);
  }

  /** Applies Set-Cookie headers: an empty value or Max-Age=0 removes the cookie. */
  absorb(setCookie: string | string[] | undefined) {
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (value === "" || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/** multipart/form-data, as a browser posts a form whose enctype React set for a server action. */
export function multipart(fields: ReadonlyArray<[string, string]>): { body: Buffer; contentType: string } {
  const boundary = `----PorticoBench${randomBytes(12).toString("hex")}`;
  const parts = fields.map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return {
    body: Buffer.from(`${parts.join("")}--${boundary}--\r\n`),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** One browser: its own connection, cookies and network address. */
export class BrowserClient {
  jar = new CookieJar();
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(
    private readonly base: URL,
    /** The client's address as the load balancer in front of the app reports it. */
    public ip: string,
  ) {}

  async send(
    method: "GET" | "POST",
    path: string,
    options: { body?: Buffer | string; contentType?: string; headers?: Record<string, string> } = {},
  ): Promise<TResponse> {
    const headers: Record<string, string> = {
      "user-agent": BROWSER_USER_AGENT,
      accept: "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8",
      "x-forwarded-for": this.ip,
      ...options.headers,
    };
    const cookie = this.jar.header();
    if (cookie) headers.cookie = cookie;
    if (method === "POST") {
      headers.origin = this.base.origin;
      headers["sec-fetch-site"] = "same-origin";
    }
    const body =
      options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body);
    if (body) {
      headers["content-type"] = options.contentType ?? "application/json";
      headers["content-length"] = String(body.length);
    }
    return new Promise<TResponse>((resolve, reject) => {
      const req = request(new URL(path, this.base), { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          this.jar.absorb(res.headers["set-cookie"]);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") });
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  close() {
    this.agent.destroy();
  }
}

/**
 * The relying app's server calling the provider's token endpoint: its own keep-alive connection,
 * client authentication in the Authorization header, no cookies and none of a browser's headers.
 */
export class AppClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly base: URL) {}

  postForm(path: string, fields: Record<string, string>, authorization: string): Promise<TResponse> {
    const body = Buffer.from(new URLSearchParams(fields).toString());
    const headers = {
      authorization,
      accept: "application/json",
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(body.length),
    };
    return new Promise<TResponse>((resolve, reject) => {
      const req = request(new URL(path, this.base), { method: "POST", headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  close() {
    this.agent.destroy();
  }
}

/** The hidden inputs and field names of the first form on an HTML page (how a no-JS browser sees it). */
export function formFields(html: string): Array<[string, string]> {
  const form = html.match(/<form\b[\s\S]*?<\/form>/i)?.[0];
  if (!form) throw new Error("no form on the page");
  const fields: Array<[string, string]> = [];
  for (const input of form.matchAll(/<input\b[^>]*>/gi)) {
    const tag = input[0];
    if (!/type="hidden"/i.test(tag)) continue;
    const name = tag.match(/name="([^"]*)"/i)?.[1];
    if (name === undefined) continue;
    fields.push([decodeHtml(name), decodeHtml(tag.match(/value="([^"]*)"/i)?.[1] ?? "")]);
  }
  return fields;
}

function decodeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
