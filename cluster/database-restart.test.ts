// PostgreSQL restarts while the portal is under steady load (sign-ups and page views). During the
// outage every request gets the plain 503 page (never a 500, never a stack trace), the app
// reconnects by itself within seconds of the database's return, and every sign-up the app
// acknowledged is in the database afterwards, whole.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBrowser, randomIp, textOf } from "./support/browser";
import { startOnPrivatePostgres, type TInstance, wait } from "./support/instances";
import { consistencyViolations, existingAccounts, SIGN_UP_DOMAIN } from "./support/invariants";
import { isAcknowledgedSignUp, leaksInternals, signUpForm, signUpOnce, startLoad, type TSample } from "./support/load";
import type { TPrivatePostgres } from "./support/private-postgres";

const PUBLIC_ORIGIN = "http://localhost:3620";
const OUTAGE_MS = 3_000;

let stage: Awaited<ReturnType<typeof startOnPrivatePostgres>>;
let postgres: TPrivatePostgres;
let app: TInstance;

beforeAll(async () => {
  stage = await startOnPrivatePostgres({
    postgresPort: 55433,
    appPort: 3621,
    publicOrigin: PUBLIC_ORIGIN,
    keepStore: false,
  });
  ({ postgres, app } = stage);
});

afterAll(async () => {
  await stage?.close();
});

describe("PostgreSQL restarts under load", () => {
  it("answers 503 during the outage, recovers by itself within seconds, and keeps every acknowledged sign-up", async () => {
    const form = await signUpForm(app.url, PUBLIC_ORIGIN);
    const viewer = createBrowser(PUBLIC_ORIGIN, { ip: randomIp() });
    const load = startLoad([
      {
        kind: "sign-up",
        count: 3,
        task: (n) => signUpOnce(() => app.url, PUBLIC_ORIGIN, form, `restart-${n}-${Date.now()}@${SIGN_UP_DOMAIN}`),
      },
      {
        kind: "page",
        count: 2,
        task: async (n) => {
          const page = await viewer.get(app.url, n % 2 ? "/acme/login" : "/acme/signup");
          return { status: page.status, location: page.location, body: page.html };
        },
      },
    ]);

    await wait(2_000);
    await postgres.stop();
    const downAt = Date.now();
    await wait(OUTAGE_MS);
    const returningAt = Date.now();
    await postgres.start();
    const backAt = Date.now();

    // Recovered: a sign-up sent after the database returned is acknowledged.
    const recovered = () =>
      load.samples.find((s) => s.kind === "sign-up" && s.startedAt >= backAt && isAcknowledgedSignUp(s));
    while (!recovered() && Date.now() - backAt < 20_000) await wait(100);
    await wait(1_000);
    await load.stop();

    const samples = load.samples;
    const during = samples.filter((s) => s.startedAt >= downAt && s.endedAt <= returningAt);
    const describeSample = (s: TSample) => `${s.kind} ${s.status} ${s.location ?? ""} ${textOf(s.body).slice(0, 160)}`;

    // The load really ran on both sides of the outage and through it.
    expect(samples.filter((s) => s.endedAt < downAt && s.status === 200).length).toBeGreaterThan(0);
    expect(during.length, "requests answered during the outage").toBeGreaterThan(10);
    expect([...new Set(during.map((s) => s.kind))].sort(), "form posts and page views both met the outage").toEqual([
      "page",
      "sign-up",
    ]);

    // During the outage: the plain 503 page, with Retry-After semantics in its words.
    const notUnavailable = during.filter(
      (s) => s.status !== 503 || !textOf(s.body).includes("Temporarily unavailable"),
    );
    expect(notUnavailable.map(describeSample)).toEqual([]);

    // At no time: a 500 (or other 5xx than 503), or a stack trace or internal name in a body.
    const serverErrors = samples.filter((s) => s.status >= 500 && s.status !== 503);
    expect(
      serverErrors.map(describeSample),
      serverErrors.length ? `server log:\n${app.output().slice(-6000)}` : undefined,
    ).toEqual([]);
    expect(samples.filter((s) => leaksInternals(s.body)).map(describeSample)).toEqual([]);

    const recovery = recovered();
    expect(recovery, "a sign-up acknowledged after the database returned").toBeDefined();
    const recoverySeconds = (recovery!.endedAt - backAt) / 1000;
    console.log(
      `${samples.length} requests, ${during.length} during the ${OUTAGE_MS / 1000} s outage; first acknowledged sign-up ${recoverySeconds.toFixed(2)} s after PostgreSQL was back`,
    );
    expect(recoverySeconds).toBeLessThan(10);

    // Every acknowledged sign-up exists, with all the rows its transaction wrote.
    const acknowledged = samples.filter((s) => s.kind === "sign-up" && isAcknowledgedSignUp(s)).map((s) => s.email!);
    const found = await existingAccounts(postgres.url, acknowledged);
    console.log(`${acknowledged.length} sign-ups acknowledged, ${found.size} of them found in the database`);
    expect(acknowledged.length).toBeGreaterThan(5);
    expect(acknowledged.filter((email) => !found.has(email))).toEqual([]);
    expect(await consistencyViolations(postgres.url)).toEqual([]);
  });
});
