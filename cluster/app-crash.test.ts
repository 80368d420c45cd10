// The app process is killed with SIGKILL in the middle of sign-ups and sign-ins and started again
// on the same database: sessions issued before (and acknowledged during) the load still work, every
// acknowledged sign-up exists, and no half-written account or token is left behind, because each
// use case writes its rows in one transaction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TStore } from "../lib/db/store";
import { createBrowser, randomIp, type TBrowser } from "./support/browser";
import { createAcmeUser, isSignedInAnswer, opensAccount, signIn } from "./support/flows";
import { startOnPrivatePostgres, type TInstance, wait } from "./support/instances";
import { consistencyViolations, existingAccounts, SIGN_UP_DOMAIN } from "./support/invariants";
import { isAcknowledgedSignUp, LOAD_PASSWORD, signUpForm, signUpOnce, startLoad } from "./support/load";
import type { TPrivatePostgres } from "./support/private-postgres";

const PUBLIC_ORIGIN = "http://localhost:3622";

let stage: Awaited<ReturnType<typeof startOnPrivatePostgres>>;
let postgres: TPrivatePostgres;
let app: TInstance;
let store: TStore;

beforeAll(async () => {
  stage = await startOnPrivatePostgres({
    postgresPort: 55434,
    appPort: 3623,
    publicOrigin: PUBLIC_ORIGIN,
    keepStore: true,
  });
  ({ postgres, app, store } = stage);
});

afterAll(async () => {
  await stage?.close();
});

describe("the app process is killed with SIGKILL under load", () => {
  it("keeps existing sessions, every acknowledged sign-up and sign-in, and leaves no half-written rows", async () => {
    const emails = Array.from({ length: 4 }, (_, i) => `crash-existing-${i}-${Date.now()}@example.test`);
    // Each user's sign-ins under load come from the network of their first one: a new browser on a
    // known network is let in, where a new browser on a new network would wait for an emailed code.
    const networks = emails.map(() => randomIp());
    const existing: TBrowser[] = [];
    for (const [i, email] of emails.entries()) {
      await createAcmeUser(store, email, LOAD_PASSWORD);
      const browser = createBrowser(PUBLIC_ORIGIN, { ip: networks[i] });
      expect(isSignedInAnswer(await signIn(browser, app.url, email, LOAD_PASSWORD))).toBe(true);
      existing.push(browser);
    }

    const form = await signUpForm(app.url, PUBLIC_ORIGIN);
    const load = startLoad([
      {
        kind: "sign-up",
        count: 3,
        task: (n) => signUpOnce(() => app.url, PUBLIC_ORIGIN, form, `crash-${n}-${Date.now()}@${SIGN_UP_DOMAIN}`),
      },
      {
        kind: "sign-in",
        count: 1,
        task: async (n) => {
          const browser = createBrowser(PUBLIC_ORIGIN, { ip: networks[n % emails.length] });
          const answer = await signIn(browser, app.url, emails[n % emails.length]!, LOAD_PASSWORD);
          return { status: answer.status, location: answer.location, body: answer.html, browser };
        },
      },
    ]);

    await wait(2_500);
    const killedAt = Date.now();
    await app.kill();
    await wait(500);
    await app.restart();
    const restartedAt = Date.now();
    const afterRestart = () =>
      load.samples.filter((s) => s.kind === "sign-up" && s.startedAt >= restartedAt && isAcknowledgedSignUp(s)).length;
    while (afterRestart() < 3 && Date.now() - restartedAt < 20_000) await wait(100);
    await load.stop();

    const samples = load.samples;
    const cutOff = samples.filter((s) => s.status === 0);
    console.log(
      `${samples.length} requests; ${cutOff.length} got no answer (killed or refused); restart took ${((restartedAt - killedAt) / 1000).toFixed(1)} s`,
    );
    expect(cutOff.length, "requests cut off by the kill").toBeGreaterThan(0);
    expect(
      samples.filter((s) => s.startedAt < killedAt && s.status === 0).length,
      "requests in flight when the process died",
    ).toBeGreaterThan(0);
    expect(samples.filter((s) => s.status >= 500).map((s) => `${s.kind} ${s.status}`)).toEqual([]);

    // Sessions from before the crash still open the account page.
    for (const browser of existing) expect(await opensAccount(browser, app.url)).toBe(true);

    // Every sign-in the app acknowledged (a session cookie and the redirect) still works.
    const signIns = samples.filter((s) => s.kind === "sign-in" && isSignedInAnswer(s));
    expect(signIns.length).toBeGreaterThan(0);
    for (const sample of signIns) expect(await opensAccount(sample.browser!, app.url)).toBe(true);

    // Every acknowledged sign-up exists, whole; nothing anywhere is half-written.
    const acknowledged = samples.filter((s) => s.kind === "sign-up" && isAcknowledgedSignUp(s)).map((s) => s.email!);
    const found = await existingAccounts(postgres.url, acknowledged);
    console.log(
      `${acknowledged.length} sign-ups and ${signIns.length} sign-ins acknowledged; ${found.size} sign-ups found after the restart`,
    );
    expect(acknowledged.filter((email) => !found.has(email))).toEqual([]);
    expect(await consistencyViolations(postgres.url)).toEqual([]);
  });
});
