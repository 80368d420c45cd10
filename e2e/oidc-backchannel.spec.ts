// Sessions reach the apps: a relying app (a node:http server on a loopback port, openid-client for
// the code flow) signs a person in through Portico in Chromium; when that Portico session ends —
// the person signs out at Portico, or signs out from another app (RP-initiated logout) — the app's
// back-channel logout endpoint receives an OpenID Back-Channel Logout 1.0 token, which it verifies
// with jose against the tenant's published JWKS, naming the sid of its sign-in; and the refresh
// token it held no longer works.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import * as client from "openid-client";
import { createPrismaClient } from "../lib/db/client";
import { createStore } from "../lib/db/store";
import { createVerifiedUser, expect, PASSWORD, signOut, test } from "./support/fixtures";
import { BASE_URL, e2eDatabaseUrl } from "./support/env";
import { type TRegistered, registerClient } from "./support/relying-party";

const ISSUER = `${BASE_URL}/acme/oidc`;
const EVENT = "http://schemas.openid.net/event/backchannel-logout";

/** One relying app: its callback records the authorization answer, its back-channel endpoint verifies logout tokens. */
class RelyingApp {
  server: Server | null = null;
  base = "";
  config: client.Configuration | null = null;
  registered: TRegistered | null = null;
  answers: URL[] = [];
  waiting: ((url: URL) => void) | null = null;
  /** Verified logout tokens' claims; `rejected` counts tokens that failed verification. */
  logouts: JWTPayload[] = [];
  rejected: string[] = [];

  async start() {
    const jwks = createRemoteJWKSet(new URL(`${ISSUER}/jwks`));
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", this.base);
        if (url.pathname === "/backchannel" && req.method === "POST") {
          const token = new URLSearchParams(Buffer.concat(chunks).toString("utf8")).get("logout_token") ?? "";
          jwtVerify(token, jwks, {
            issuer: ISSUER,
            audience: this.registered?.client_id ?? "",
            typ: "logout+jwt",
            requiredClaims: ["iat", "exp", "jti", "sub", "sid", "events"],
          })
            .then(({ payload }) => {
              const events = payload.events as Record<string, unknown> | undefined;
              if (!events || typeof events[EVENT] !== "object" || "nonce" in payload)
                throw new Error("not a logout token");
              this.logouts.push(payload);
              res.writeHead(200).end();
            })
            .catch((error: unknown) => {
              this.rejected.push(String(error));
              res.writeHead(400).end();
            });
          return;
        }
        if (!url.pathname.startsWith("/cb")) {
          res.writeHead(404).end();
          return;
        }
        this.answers.push(url);
        this.waiting?.(url);
        this.waiting = null;
        res.writeHead(200, { "content-type": "text/plain" }).end("signed in to the app");
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  register(name: string) {
    this.registered = registerClient([
      "--tenant",
      "acme",
      "--name",
      name,
      "--redirect-uri",
      `${this.base}/cb`,
      "--post-logout-redirect-uri",
      `${this.base}/cb/signed-out`,
      "--backchannel-logout-uri",
      `${this.base}/backchannel`,
      "--first-party",
    ]);
  }

  async discover() {
    const registered = this.registered;
    if (!registered?.client_secret) throw new Error("not registered");
    this.config = await client.discovery(
      new URL(ISSUER),
      registered.client_id,
      registered.client_secret,
      client.ClientSecretBasic(registered.client_secret),
      { execute: [client.allowInsecureRequests] },
    );
    return this.config;
  }

  /** The code flow, with the person in `page`; `signIn` runs when Portico asks them to sign in. */
  async signIn(page: Page, signIn?: () => Promise<void>) {
    const config = this.config ?? (await this.discover());
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: `${this.base}/cb`,
      scope: "openid email offline_access",
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state,
      nonce,
      prompt: "consent",
    });
    const answered = new Promise<URL>((resolve) => (this.waiting = resolve));
    await page.goto(url.href);
    if (signIn) await signIn();
    const answer = await answered;
    // The browser itself carries the answer: it has arrived before the test sends it elsewhere.
    await page.waitForURL((reached) => reached.href.startsWith(`${this.base}/cb`));
    const tokens = await client.authorizationCodeGrant(config, answer, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims || typeof claims.sid !== "string" || !tokens.refresh_token) throw new Error("no sid or refresh token");
    return { tokens, sid: claims.sid, sub: claims.sub };
  }

  async stop() {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/** The server's database, read for its outbox of logout tokens. */
let serverStore: ReturnType<typeof createStore> | null = null;

/** The outbox rows of logout tokens for one sign-in (`sid`). */
async function logoutRowsFor(sid: string) {
  serverStore ??= createStore(createPrismaClient(e2eDatabaseUrl()));
  const tenant = await serverStore.tenants.findBySlug("acme");
  return (await serverStore.oidcLogouts.listForTenant(tenant?.id ?? "")).filter((row) => row.sid === sid);
}

async function signInAtPortico(page: Page, email: string) {
  await expect(page).toHaveURL(/\/acme\/login\?returnTo=%2Facme%2Foidc%2Finteraction%2F/);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test.describe("back-channel logout", () => {
  const shop = new RelyingApp();
  const blog = new RelyingApp();

  test.beforeAll(async () => {
    await shop.start();
    await blog.start();
    shop.register("Shop (back-channel)");
    blog.register("Blog (back-channel)");
  });

  test.afterAll(async () => {
    await shop.stop();
    await blog.stop();
    await serverStore?.disconnect();
  });

  test("signing out at Portico sends the app a verified logout token naming its sid, and its refresh token stops working", async ({
    page,
  }) => {
    const email = await createVerifiedUser(page, "acme", "bcl-signout");
    const config = await shop.discover();
    const signedIn = await shop.signIn(page, () => signInAtPortico(page, email));
    // While the session lives, the refresh token works (and rotates).
    const rotated = await client.refreshTokenGrant(config, signedIn.tokens.refresh_token ?? "");
    const refresh = rotated.refresh_token ?? "";
    expect(refresh).toBeTruthy();
    expect((await client.tokenIntrospection(config, rotated.access_token)).active).toBe(true);

    const before = shop.logouts.length;
    await page.goto("/acme/account");
    await signOut(page);

    await expect.poll(() => shop.logouts.length, { timeout: 20_000 }).toBe(before + 1);
    expect(shop.rejected).toEqual([]);
    const logout = shop.logouts.at(-1);
    expect(logout).toMatchObject({
      sid: signedIn.sid,
      sub: signedIn.sub,
      aud: shop.registered?.client_id,
      iss: ISSUER,
    });
    // The grant ended with the session: the refresh token is refused, the access token inactive.
    await expect(client.refreshTokenGrant(config, refresh)).rejects.toMatchObject({ error: "invalid_grant" });
    expect((await client.tokenIntrospection(config, rotated.access_token)).active).toBe(false);
    // Delivered once: the outbox holds exactly one token for that sign-in and it is settled as sent
    // (the dispatcher marks it so only after the app answered), so no second one is on its way.
    await expect
      .poll(async () => (await logoutRowsFor(signedIn.sid)).map((row) => row.status), { timeout: 20_000 })
      .toEqual(["sent"]);
    expect(shop.logouts.filter((token) => token.sid === signedIn.sid)).toHaveLength(1);
  });

  test("signing out from one app (RP-initiated logout) sends the other app of the session its logout token", async ({
    page,
  }) => {
    const email = await createVerifiedUser(page, "acme", "bcl-rp");
    const inShop = await shop.signIn(page, () => signInAtPortico(page, email));
    // Single sign-on: the blog signs in without the sign-in page.
    const inBlog = await blog.signIn(page);
    expect(inBlog.sub).toBe(inShop.sub);

    const config = shop.config;
    if (!config) throw new Error("not discovered");
    const logout = client.buildEndSessionUrl(config, {
      id_token_hint: inShop.tokens.id_token ?? "",
      post_logout_redirect_uri: `${shop.base}/cb/signed-out`,
    });
    await page.goto(logout.href);
    await page.getByRole("button", { name: "Yes, sign me out" }).click();
    await expect(page).toHaveURL(new RegExp(`^${shop.base}/cb/signed-out`));

    await expect.poll(() => blog.logouts.some((token) => token.sid === inBlog.sid), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => shop.logouts.some((token) => token.sid === inShop.sid), { timeout: 20_000 }).toBe(true);
    expect(blog.rejected).toEqual([]);
    await expect(
      client.refreshTokenGrant(blog.config ?? config, inBlog.tokens.refresh_token ?? ""),
    ).rejects.toMatchObject({
      error: "invalid_grant",
    });
  });
});
