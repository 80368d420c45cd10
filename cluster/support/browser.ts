// A minimal browser over fetch, for driving production app instances the way a user's browser
// does behind a load balancer: it keeps cookies, posts forms as JavaScript-free browsers do (the
// server action's hidden fields included, multipart, with the portal's Origin), and sends the
// headers a load balancer adds (X-Forwarded-For with this "device's" address, X-Forwarded-Host
// with the public host). It never follows redirects itself: the tests look at each answer.
import { randomInt } from "node:crypto";

/** A desktop Chrome user agent, so the risk engine sees an ordinary browser. */
export const USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";

/** An address from a documentation range (never contacted; only a header value). */
export function randomIp(): string {
  return `198.51.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

export type TResponse = { status: number; location: string | null; html: string; headers: Headers };

export type TForm = { fields: [string, string][] };

const ENTITIES: Record<string, string> = { amp: "&", quot: '"', lt: "<", gt: ">", apos: "'", nbsp: "\u00a0" };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code.startsWith("#x") || code.startsWith("#X")) return String.fromCodePoint(parseInt(code.slice(2), 16));
    if (code.startsWith("#")) return String.fromCodePoint(parseInt(code.slice(1), 10));
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

function attribute(tag: string, name: string): string | null {
  const match = tag.match(new RegExp(`\\s${name.replace(/[$:]/g, "\\$&")}="([^"]*)"`, "i"));
  return match ? decodeEntities(match[1]!) : null;
}

/** The first form on the page that has an input named `field`, with the values it would send as is. */
export function findForm(html: string, field: string): TForm {
  for (const [form] of html.matchAll(/<form\b[\s\S]*?<\/form>/gi)) {
    const fields: [string, string][] = [];
    for (const [tag] of form.matchAll(/<input\b[^>]*>/gi)) {
      const name = attribute(tag, "name");
      const type = attribute(tag, "type") ?? "text";
      if (!name || ((type === "checkbox" || type === "radio") && !/\schecked(=|\s|\/|>)/i.test(tag))) continue;
      fields.push([name, attribute(tag, "value") ?? ""]);
    }
    if (fields.some(([name]) => name === field)) return { fields };
  }
  throw new Error(`no form with a field "${field}" on the page`);
}

/** Visible text of the page, for matching messages (tags dropped, entities decoded, spaces collapsed). */
export function textOf(html: string): string {
  return decodeEntities(html.replace(/<script\b[\s\S]*?<\/script>/gi, " ").replace(/<[^>]+>/g, " ")).replace(
    /\s+/g,
    " ",
  );
}

export type TBrowser = ReturnType<typeof createBrowser>;

/**
 * `publicOrigin` is the address users see (PORTICO_BASE_URL, the load balancer); each request
 * names the instance it goes to (`http://127.0.0.1:port`), as a load balancer picks one.
 */
export function createBrowser(publicOrigin: string, options: { ip?: string } = {}) {
  const cookies = new Map<string, string>();
  const ip = options.ip ?? randomIp();
  const publicHost = new URL(publicOrigin).host;

  const headers = (extra: Record<string, string> = {}) => ({
    "user-agent": USER_AGENT,
    "accept-language": "en-GB,en;q=0.9",
    "x-forwarded-for": ip,
    "x-forwarded-host": publicHost,
    "x-forwarded-proto": new URL(publicOrigin).protocol.replace(":", ""),
    ...(cookies.size ? { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join("; ") } : {}),
    ...extra,
  });

  const request = async (
    instance: string,
    path: string,
    init: { method: string; body?: FormData | string; headers?: Record<string, string> },
  ): Promise<TResponse> => {
    const response = await fetch(new URL(path, instance), {
      method: init.method,
      body: init.body,
      headers: headers(init.headers),
      redirect: "manual",
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const separator = pair!.indexOf("=");
      const name = pair!.slice(0, separator).trim();
      const value = pair!.slice(separator + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (expired) cookies.delete(name);
      else cookies.set(name, value);
    }
    return {
      status: response.status,
      location: response.headers.get("location"),
      html: await response.text(),
      headers: response.headers,
    };
  };

  return {
    ip,
    cookies,
    get: (instance: string, path: string) => request(instance, path, { method: "GET" }),
    /** Posts `form` (from `findForm`) to `path` with `values` filled in, as a JavaScript-free browser does. */
    submit: (instance: string, path: string, form: TForm, values: Record<string, string>) => {
      const body = new FormData();
      const named = new Set(Object.keys(values));
      for (const [name, value] of form.fields) if (!named.has(name)) body.append(name, value);
      for (const [name, value] of Object.entries(values)) body.append(name, value);
      return request(instance, path, { method: "POST", body, headers: { origin: publicOrigin } });
    },
    /** A same-origin JSON POST, as the passkey script on the page sends. */
    postJson: async (instance: string, path: string, payload: unknown) => {
      const response = await request(instance, path, {
        method: "POST",
        body: JSON.stringify(payload),
        headers: { origin: publicOrigin, "content-type": "application/json" },
      });
      return { ...response, json: JSON.parse(response.html) as Record<string, unknown> };
    },
    /** A second tab of this browser: the same cookies, from now on changing independently. */
    fork: () => {
      const copy = createBrowser(publicOrigin, { ip });
      for (const [name, value] of cookies) copy.cookies.set(name, value);
      return copy;
    },
  };
}
