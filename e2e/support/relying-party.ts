// A relying app for the provider's end-to-end specs: registers itself with scripts/client-admin.ts
// against the e2e server's database, speaks OpenID Connect with openid-client (a real client
// library), and serves its redirect URI on a loopback port, recording every answer it receives.
import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import * as client from "openid-client";
import { BASE_URL, e2eDatabaseUrl } from "./env";

const root = path.resolve(import.meta.dirname, "..", "..");

export type TRegistered = { client_id: string; client_secret?: string };

/** `npm run client:create -- …` against the e2e server's database; returns the JSON line it prints. */
export function registerClient(args: string[]): TRegistered {
  const output = execFileSync(
    process.execPath,
    ["--import", "tsx", path.join(root, "scripts", "client-admin.ts"), "create", ...args],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: e2eDatabaseUrl(), PORTICO_BASE_URL: BASE_URL },
      encoding: "utf8",
    },
  );
  const line = output.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as TRegistered;
}

export async function configFor(issuer: string, registered: TRegistered): Promise<client.Configuration> {
  return client.discovery(
    new URL(issuer),
    registered.client_id,
    registered.client_secret,
    registered.client_secret ? client.ClientSecretBasic(registered.client_secret) : client.None(),
    { execute: [client.allowInsecureRequests] },
  );
}

/** The app's redirect URI: `next()` resolves with the next answer the browser brings it. */
export type TRelyingParty = {
  callback: string;
  next(): Promise<URL>;
  close(): Promise<void>;
};

export async function startRelyingParty(): Promise<TRelyingParty> {
  let waiting: ((url: URL) => void) | null = null;
  let callback = "";
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", callback);
    // The browser also asks the app for its favicon: only answers to the callback count.
    if (!url.pathname.startsWith("/cb")) {
      res.writeHead(404).end();
      return;
    }
    waiting?.(url);
    waiting = null;
    res.writeHead(200, { "content-type": "text/plain" }).end("the app got its answer");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  callback = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
  return {
    callback,
    next: () => new Promise<URL>((resolve) => (waiting = resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type TAuthorizationRequest = { url: URL; verifier: string; state: string; nonce: string };

export async function authorizationRequest(
  config: client.Configuration,
  redirectUri: string,
  extra: Record<string, string> = {},
): Promise<TAuthorizationRequest> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: "openid email profile offline_access",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...extra,
  });
  return { url, verifier, state, nonce };
}
