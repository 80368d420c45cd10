// An organisation's identity provider for the enterprise sign-in tests: oidc-provider run as a
// stand-alone OpenID Provider on a loopback port — a real protocol peer, not a mock. It has a plain
// HTML sign-in page (type or pick an address), accounts the test configures (email, whether the
// IdP says it is verified, name), one confidential client registered with Portico's redirect URI,
// and PKCE required. Its signing key is made here, so a test knows the private key.
//
// In front of it sits a small man-in-the-middle proxy, at the issuer's address: it passes every
// request through, and on demand rewrites the ID token in the token endpoint's answer with one
// claim changed, re-signed with the IdP's own key — what an attacker between Portico and the IdP
// (or a compromised IdP key) could do. Portico must then refuse the answer.
//
// Startable from Playwright specs and vitest alike: `startEnterpriseIdp({ port, redirectUris })`.
import { randomBytes } from "node:crypto";
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import Provider, { type Configuration } from "oidc-provider";

export type TIdpAccount = { email: string; email_verified: boolean; name: string; sub?: string; amr?: string[] };

/** A claim of the ID token the proxy changes before Portico sees it. */
export type TTamper = { claim: "iss" | "aud" | "nonce" | "email"; value: string } | null;

export type TEnterpriseIdp = {
  /** The issuer Portico is configured with (the proxy's address). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Adds or replaces an account; its subject defaults to a random one. */
  addAccount(account: TIdpAccount): string;
  /** What the proxy changes in the next token responses (null: pass through). */
  setTamper(tamper: TTamper): void;
  /** The login_hint of the most recent authorization request the IdP saw. */
  lastLoginHint(): string | null;
  close(): Promise<void>;
};

function html(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * `port`: the issuer's (proxy's) port; the provider itself listens on `port + 1`.
 * `redirectUris`: Portico's callback URLs for this IdP's client (`clientId`, `clientSecret`), as
 * `connection:create` printed them.
 */
export async function startEnterpriseIdp(options: {
  port: number;
  redirectUris: string[];
  clientId: string;
  clientSecret: string;
}): Promise<TEnterpriseIdp> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const innerPort = options.port + 1;
  const { clientId, clientSecret } = options;
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = `idp-${randomBytes(4).toString("hex")}`;
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: "RS256", use: "sig" };
  const accounts = new Map<string, TIdpAccount & { sub: string }>();
  let tamper: TTamper = null;
  let loginHint: string | null = null;

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [jwk] },
    pkce: { required: () => true },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // The claims go into the ID token itself, which is all next-auth reads.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const account = [...accounts.values()].find((a) => a.sub === sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: account.email,
          email_verified: account.email_verified,
          name: account.name,
          ...(account.amr ? { amr: account.amr } : {}),
        }),
      };
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string) {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error("interaction mismatch");
    if (req.method === "GET") {
      const hint = typeof details.params.login_hint === "string" ? details.params.login_hint : "";
      loginHint = hint || null;
      const picks = [...accounts.values()]
        .map(
          (a) => `<li><button type="submit" name="email" value="${escape(a.email)}">${escape(a.email)}</button></li>`,
        )
        .join("");
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(
        html(
          "Initech sign-in",
          `<form method="post" action="/interaction/${uid}"><label for="email">Work email</label>
<input id="email" name="email" type="email" value="${escape(hint)}"><button type="submit">Sign in</button>
<p>Or pick an account:</p><ul>${picks}</ul></form>`,
        ),
      );
      return;
    }
    const form = new URLSearchParams(await readBody(req));
    const account = accounts.get((form.get("email") ?? "").toLowerCase());
    if (!account) {
      res
        .writeHead(400, { "content-type": "text/html; charset=utf-8" })
        .end(html("Unknown account", "<p>No such account.</p>"));
      return;
    }
    const grant = new provider.Grant({ accountId: account.sub, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope ?? "openid"));
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: account.sub, ...(account.amr ? { amr: account.amr } : {}) }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  const inner: Server = createServer((req, res) => {
    const match = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(new URL(req.url ?? "/", issuer).pathname);
    if (match?.[1]) {
      interaction(req, res, match[1]).catch((error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" }).end(String(error));
      });
      return;
    }
    callback(req, res);
  });

  async function tampered(body: string): Promise<string> {
    const change = tamper;
    if (!change) return body;
    const json = JSON.parse(body) as { id_token?: string };
    if (!json.id_token) return body;
    const claims = decodeJwt(json.id_token);
    const header = decodeProtectedHeader(json.id_token);
    json.id_token = await new SignJWT({ ...claims, [change.claim]: change.value })
      .setProtectedHeader({ alg: "RS256", kid: header.kid ?? kid, typ: header.typ })
      .sign(privateKey);
    return JSON.stringify(json);
  }

  // The man in the middle: forwards every request to the provider, rewriting the token endpoint's answer when told to.
  const proxy: Server = createServer((req, res) => {
    const upstream = httpRequest(
      { host: "127.0.0.1", port: innerPort, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const isToken = (req.url ?? "").startsWith("/token") && req.method === "POST";
        if (!isToken) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        readBody(answer)
          .then(tampered)
          .then((body) => {
            const headers = { ...answer.headers, "content-length": String(Buffer.byteLength(body)) };
            res.writeHead(answer.statusCode ?? 502, headers).end(body);
          })
          .catch((error: unknown) => res.writeHead(502).end(String(error)));
      },
    );
    upstream.on("error", (error) => res.writeHead(502).end(String(error)));
    req.pipe(upstream);
  });

  await new Promise<void>((resolve, reject) => {
    inner.once("error", reject);
    inner.listen(innerPort, "127.0.0.1", () => resolve());
  });
  await new Promise<void>((resolve, reject) => {
    proxy.once("error", reject);
    proxy.listen(options.port, "127.0.0.1", () => resolve());
  });

  return {
    issuer,
    clientId,
    clientSecret,
    addAccount(account) {
      const sub = account.sub ?? `sub-${randomBytes(6).toString("hex")}`;
      accounts.set(account.email.toLowerCase(), { ...account, sub });
      return sub;
    },
    setTamper(next) {
      tamper = next;
    },
    lastLoginHint: () => loginHint,
    close: async () => {
      await Promise.all([proxy, inner].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
}
