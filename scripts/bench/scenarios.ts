// The measured journeys, each over real HTTP through the production server: the no-JS sign-in
// form, the passkey ceremony with a software authenticator, and authenticated page and JSON
// requests. Every operation checks its outcome; a wrong answer counts as an error, not a success.
import { BrowserClient, CookieJar, formFields, multipart } from "./http";
import { runLoad, type TLoadOptions } from "./load";
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
