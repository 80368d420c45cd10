// The measured journeys, each over real HTTP through the production server: the no-JS sign-in
// form, the passkey ceremony with a software authenticator, authenticated page and JSON requests,
// and the tenant's OpenID Provider (a signed-in browser's authorization-code flow, refresh grants).
// Every operation checks its outcome; a wrong answer counts as an error, not a success.
import { AppClient, BrowserClient, CookieJar, formFields, multipart } from "./http";
import { runLoad, type TLoadOptions } from "./load";
import {
  authorizationPath,
  BENCH_CALLBACK,
  basicAuthorization,
  followRedirect,
  jwtClaims,
  randomValue,
  tokenResponse,
  type TBenchOidcClient,
  type TTokenResponse,
} from "./oidc-flow";
import type { TRun } from "./report";
import { BENCH_PASSWORD, type TBenchUser } from "./seed";

export const TENANT = "acme";
const SESSION_COOKIE = `__Host-portico-${TENANT}`;
const DEVICE_COOKIE = "__Host-portico-device";

/** A browser profile per user: the device cookie it got on an earlier visit. */
function jarOf(user: TBenchUser, jars: Map<number, CookieJar>): CookieJar {
  let jar = jars.get(user.index);
  if (!jar) {
    jar = new CookieJar();
    jar.set(DEVICE_COOKIE, user.deviceCookie);
    jars.set(user.index, jar);
  }
  return jar;
}

/** Users split between workers so that no two workers ever act as the same person at once. */
function share<T>(items: readonly T[], workers: number, worker: number): T[] {
  const mine = items.filter((_, i) => i % workers === worker);
  if (mine.length === 0) throw new Error(`not enough bench users for ${workers} workers`);
  return mine;
}

/** The sign-in page as a browser without JavaScript loads it: the form's hidden fields. */
async function signInForm(client: BrowserClient): Promise<Array<[string, string]>> {
  const page = await client.send("GET", `/${TENANT}/login`);
  if (page.status !== 200) throw new Error(`sign-in page answered ${page.status}`);
  return formFields(page.body);
}

/** Posts the sign-in form; resolves once the session cookie is set and the browser is sent on. */
async function postSignIn(client: BrowserClient, fields: Array<[string, string]>, email: string) {
  client.jar.delete(SESSION_COOKIE);
  const form = multipart([...fields, ["email", email], ["password", BENCH_PASSWORD]]);
  const response = await client.send("POST", `/${TENANT}/login`, { body: form.body, contentType: form.contentType });
  const location = String(response.headers.location ?? "");
  if (response.status !== 303 || !client.jar.get(SESSION_COOKIE) || location.includes("/login")) {
    throw new Error(`sign-in answered ${response.status} ${location}: ${response.body.slice(0, 200)}`);
  }
}

export async function passwordSignIns(base: URL, users: readonly TBenchUser[], options: TLoadOptions) {
  const jars = new Map<number, CookieJar>();
  // Users with a passkey are asked for it after their password (it is a second factor), so the
  // password journey runs with the users who have a password only.
  const passwordOnly = users.filter((u) => !u.authenticator);
  const clients = Array.from({ length: options.concurrency }, (_, w) => ({
    client: new BrowserClient(base, ""),
    users: share(passwordOnly, options.concurrency, w),
    fields: null as Array<[string, string]> | null,
  }));
  try {
    return await runLoad(options, async (worker, iteration) => {
      const state = clients[worker]!;
      const user = state.users[iteration % state.users.length]!;
      state.client.ip = user.ip;
      state.client.jar = jarOf(user, jars);
      state.fields ??= await signInForm(state.client);
      await postSignIn(state.client, state.fields, user.email);
    });
  } finally {
    for (const c of clients) c.client.close();
  }
}

export async function passkeySignIns(base: URL, users: readonly TBenchUser[], options: TLoadOptions) {
  const jars = new Map<number, CookieJar>();
  const withKeys = users.filter((u) => u.authenticator);
  const clients = Array.from({ length: options.concurrency }, (_, w) => ({
    client: new BrowserClient(base, ""),
    users: share(withKeys, options.concurrency, w),
  }));
  try {
    return await runLoad(options, async (worker, iteration) => {
      const { client, users: mine } = clients[worker]!;
      const user = mine[iteration % mine.length]!;
      client.ip = user.ip;
      client.jar = jarOf(user, jars);
      client.jar.delete(SESSION_COOKIE);
      const optionsResponse = await client.send("POST", `/api/${TENANT}/passkeys/login-options`, { body: "{}" });
      if (optionsResponse.status !== 200) throw new Error(`passkey options answered ${optionsResponse.status}`);
      const assertion = user.authenticator!.authenticate(
        JSON.parse(optionsResponse.body) as Parameters<NonNullable<TBenchUser["authenticator"]>["authenticate"]>[0],
      );
      const result = await client.send("POST", `/api/${TENANT}/passkeys/login`, {
        body: JSON.stringify({ response: assertion }),
      });
      if (result.status !== 200 || !client.jar.get(SESSION_COOKIE))
        throw new Error(`passkey sign-in answered ${result.status}: ${result.body.slice(0, 200)}`);
    });
  } finally {
    for (const c of clients) c.client.close();
  }
}

export type TCheck = "account-page" | "session-json" | "health";

const CHECK_PATHS: Record<TCheck, string> = {
  "account-page": `/${TENANT}/account`,
  "session-json": `/api/${TENANT}/session`,
  health: "/api/health",
};

/** Signed-in browsers (one per worker, signed in through the form) requesting one path over and over. */
export async function sessionChecks(base: URL, users: readonly TBenchUser[], options: TLoadOptions, check: TCheck) {
  const jars = new Map<number, CookieJar>();
  const clients = await Promise.all(
    Array.from({ length: options.concurrency }, async (_, w) => {
      const user = users[users.length - 1 - w]!;
      const client = new BrowserClient(base, user.ip);
      client.jar = jarOf(user, jars);
      if (check !== "health") await postSignIn(client, await signInForm(client), user.email);
      return client;
    }),
  );
  const path = CHECK_PATHS[check];
  try {
    return await runLoad(options, async (worker) => {
      const response = await clients[worker]!.send("GET", path);
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    });
  } finally {
    for (const c of clients) c.close();
  }
}

/** Signed-in browsers, one per worker, each a different user signed in through the form. */
async function signedInBrowsers(base: URL, users: readonly TBenchUser[], workers: number): Promise<BrowserClient[]> {
  const jars = new Map<number, CookieJar>();
  return Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      const user = users[users.length - 1 - w]!;
      const client = new BrowserClient(base, user.ip);
      client.jar = jarOf(user, jars);
      await postSignIn(client, await signInForm(client), user.email);
      return client;
    }),
  );
}

const MAX_REDIRECTS = 6;

/**
 * One authorization-code flow of a signed-in browser: the authorization request, the provider's
 * redirects (its interaction the first time, single sign-on after that) to the app's callback
 * with a code, then the app's token request. Returns the tokens and how many HTTP requests it took.
 */
async function codeFlow(
  base: URL,
  browser: BrowserClient,
  app: AppClient,
  client: TBenchOidcClient,
  scope: string,
  prompt?: string,
): Promise<{ tokens: TTokenResponse; requests: number }> {
  const state = randomValue();
  const nonce = randomValue();
  const verifier = randomValue();
  let path = authorizationPath(TENANT, {
    clientId: client.clientId,
    redirectUri: BENCH_CALLBACK,
    scope,
    state,
    nonce,
    verifier,
    ...(prompt ? { prompt } : {}),
  });
  let requests = 0;
  let code: string | null = null;
  while (code === null) {
    if (requests >= MAX_REDIRECTS) throw new Error(`no code after ${MAX_REDIRECTS} redirects`);
    const response = await browser.send("GET", path);
    requests++;
    const location = response.headers.location;
    if (response.status < 300 || response.status >= 400 || typeof location !== "string")
      throw new Error(`${path.split("?")[0]} answered ${response.status}: ${response.body.slice(0, 200)}`);
    const next = followRedirect(location, base, BENCH_CALLBACK, state);
    if (next.kind === "code") code = next.code;
    else path = next.path;
  }
  const answer = await app.postForm(
    `/${TENANT}/oidc/token`,
    { grant_type: "authorization_code", code, redirect_uri: BENCH_CALLBACK, code_verifier: verifier },
    basicAuthorization(client),
  );
  requests++;
  const tokens = tokenResponse(answer.status, answer.body);
  const claims = tokens.idToken ? jwtClaims(tokens.idToken) : null;
  if (claims?.nonce !== nonce || claims.aud !== client.clientId)
    throw new Error("the ID token answers another request");
  return { tokens, requests };
}

/**
 * Complete authorization-code flows (authorize → redirect → code → token exchange) of signed-in
 * browsers that have used the app before. Each browser's first flow, through the provider's
 * interaction (it has no provider session yet, and the first one builds the tenant's provider),
 * runs before the measured load.
 */
export async function authorizationCodeFlows(
  base: URL,
  users: readonly TBenchUser[],
  client: TBenchOidcClient,
  options: TLoadOptions,
): Promise<TRun> {
  const browsers = await signedInBrowsers(base, users, options.concurrency);
  const apps = browsers.map(() => new AppClient(base));
  let flows = 0;
  let requests = 0;
  try {
    await Promise.all(browsers.map((browser, w) => codeFlow(base, browser, apps[w]!, client, "openid email")));
    const run = await runLoad(options, async (worker) => {
      const flow = await codeFlow(base, browsers[worker]!, apps[worker]!, client, "openid email");
      flows++;
      requests += flow.requests;
    });
    return { ...run, requestsPerOperation: flows ? Number((requests / flows).toFixed(1)) : 0 };
  } finally {
    for (const c of [...browsers, ...apps]) c.close();
  }
}

/**
 * Token-endpoint exchanges alone: each worker's app holds the refresh token of one code flow and
 * redeems it over and over, taking the rotated refresh token each time (as an app does).
 */
export async function refreshTokenGrants(
  base: URL,
  users: readonly TBenchUser[],
  client: TBenchOidcClient,
  options: TLoadOptions,
): Promise<TRun> {
  const browsers = await signedInBrowsers(base, users, options.concurrency);
  const apps = browsers.map(() => new AppClient(base));
  try {
    const held = await Promise.all(
      browsers.map(async (browser, w) => {
        const { tokens } = await codeFlow(base, browser, apps[w]!, client, "openid offline_access", "consent");
        if (!tokens.refreshToken) throw new Error("no refresh token for offline_access");
        return tokens.refreshToken;
      }),
    );
    return await runLoad(options, async (worker) => {
      const answer = await apps[worker]!.postForm(
        `/${TENANT}/oidc/token`,
        { grant_type: "refresh_token", refresh_token: held[worker]! },
        basicAuthorization(client),
      );
      const { refreshToken } = tokenResponse(answer.status, answer.body);
      if (!refreshToken || refreshToken === held[worker]) throw new Error("the refresh token was not rotated");
      held[worker] = refreshToken;
    });
  } finally {
    for (const c of [...browsers, ...apps]) c.close();
  }
}
