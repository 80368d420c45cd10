import { createPrivateKey, createPublicKey, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWK } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { okValue, testScenario, type TScenarioStaff, type TSignedIn } from "../../tests/scenario";
import { actingStaff } from "../../tests/support/staff";
import { revokeSession, signOut } from "../account/revoke-session";
import { endAccountSessions, setAccountDisabled } from "../workforce/account-actions";
import { createPrismaClient } from "../db/client";
import { createStore } from "../db/store";
import { bindProviderSession, BACKCHANNEL_LOGOUT_EVENT } from "./backchannel";
import { createBackchannelDispatcher, MAX_LOGOUT_ATTEMPTS } from "./backchannel-dispatcher";
import { createOidcClient } from "./clients";
import { signingKeysFor } from "./keys";
import { issuerFor } from "./provider";
import { LOGOUT_RETENTION_MS, startExpirySweeper, SWEEP_INTERVAL_MS, sweepExpired } from "./sweep";

const t = testScenario();
const META = { ip: null, userAgent: "test" };
const REASON = "Customer called, identity checked against the order history.";

// A relying app's back-channel logout endpoint: a real HTTP server on a local port.
let server: Server;
let endpoint = "";
let received: string[] = [];
let failNext = 0;
beforeEach(async () => {
  received = [];
  failNext = 0;
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      if (failNext > 0) {
        failNext -= 1;
        res.writeHead(503).end();
        return;
      }
      received.push(new URLSearchParams(body).get("logout_token") ?? "");
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}/backchannel`;
});
afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function app(name: string, backchannel: boolean) {
  return okValue(
    await createOidcClient(
      t.deps,
      {
        tenantSlug: "acme",
        name,
        type: "confidential",
        redirectUris: ["http://127.0.0.1:4000/cb"],
        backchannelLogoutUri: backchannel ? endpoint : null,
        scopes: ["openid", "offline_access"],
        by: "operator",
      },
      META,
    ),
  ).value.client.clientId;
}

/**
 * What the provider stores for a browser signed in to `clientIds` through the Portico session of
 * `signedIn` (a session, one grant per app with a code, an access and a refresh token), bound the
 * way the provider's "portico" prompt binds it.
 */
async function providerSession(signedIn: TSignedIn, clientIds: string[], ttlMs = 3_600_000) {
  const uid = randomUUID();
  const jti = randomUUID();
  const expiresAt = new Date(t.clock.now().getTime() + ttlMs);
  const authorizations: Record<string, { sid: string; grantId: string }> = {};
  for (const clientId of clientIds) {
    const grantId = randomUUID();
    authorizations[clientId] = { sid: randomUUID(), grantId };
    const row = { grantId, uid: null, userCode: null, expiresAt };
    await t.deps.store.oidcState.upsert(t.acme.id, "Grant", grantId, { ...row, payload: { clientId } });
    for (const model of ["AccessToken", "RefreshToken", "AuthorizationCode"])
      await t.deps.store.oidcState.upsert(t.acme.id, model, `${model}-${grantId}`, { ...row, payload: { grantId } });
  }
  await t.deps.store.oidcState.upsert(t.acme.id, "Session", jti, {
    payload: { uid, jti, accountId: signedIn.user.id, authorizations, kind: "Session" },
    grantId: null,
    uid,
    userCode: null,
    expiresAt,
  });
  await bindProviderSession(t.deps, t.acme.id, uid, signedIn.session);
  return { uid, jti, authorizations };
}

async function stateLeft(session: Awaited<ReturnType<typeof providerSession>>) {
  const now = t.clock.now();
  const found = [await t.deps.store.oidcState.find(t.acme.id, "Session", session.jti, now)];
  for (const { grantId } of Object.values(session.authorizations)) {
    found.push(await t.deps.store.oidcState.find(t.acme.id, "Grant", grantId, now));
    for (const model of ["AccessToken", "RefreshToken", "AuthorizationCode"])
      found.push(await t.deps.store.oidcState.find(t.acme.id, model, `${model}-${grantId}`, now));
  }
  return found.filter((row) => row !== null).length;
}

const queued = () => t.deps.store.oidcLogouts.listForTenant(t.acme.id);

async function publicJwks() {
  const keys = await signingKeysFor(t.deps, t.acme.id);
  return createLocalJWKSet({
    keys: keys.map(
      (key) =>
        ({
          ...createPublicKey(createPrivateKey({ key, format: "jwk" })).export({ format: "jwk" }),
          kid: key.kid,
          alg: key.alg,
        }) as JWK,
    ),
  });
}

describe("ending a Portico session ends the provider session bound to it", () => {
  it("signing out queues one logout token per app of the session that registered a back-channel URI, and revokes its grants and tokens", async () => {
    const shop = await app("Shop", true);
    const blog = await app("Blog", true);
    const quiet = await app("No back-channel", false);
    const ada = await t.signedIn("ada@example.com");
    const session = await providerSession(ada, [shop, blog, quiet]);
    expect(await stateLeft(session)).toBe(13);
    await signOut(t.deps, t.acme, ada.session, META);
    const rows = await queued();
    expect(rows.map((row) => row.clientId).sort()).toEqual([shop, blog].sort());
    for (const row of rows) {
      expect(row).toMatchObject({ status: "pending", sub: ada.user.id, uri: endpoint });
      expect(row.sid).toBe(session.authorizations[row.clientId]?.sid);
    }
    // The provider session, every grant, code, access token and refresh token are gone.
    expect(await stateLeft(session)).toBe(0);
    expect(await t.deps.store.oidcSessionLinks.find(t.acme.id, session.uid)).toBeNull();
    // Ending it again (another path reaching the same session) queues nothing more.
    await signOut(t.deps, t.acme, ada.session, META);
    expect(await queued()).toHaveLength(2);
  });

  it("ending one session from the sessions page ends only that session's apps", async () => {
    const shop = await app("Shop", true);
    const phone = await t.signedIn("ada@example.com");
    const laptop = await t.signedIn("ada@example.com");
    const tablet = await t.signedIn("ada@example.com");
    const onPhone = await providerSession(phone, [shop]);
    const onLaptop = await providerSession(laptop, [shop]);
    const onTablet = await providerSession(tablet, [shop]);
    okValue(await revokeSession(t.deps, t.acme, phone.session, laptop.session.id, META));
    expect((await queued()).map((row) => row.sid)).toEqual([onLaptop.authorizations[shop]?.sid]);
    expect(await stateLeft(onLaptop)).toBe(0);
    expect(await stateLeft(onPhone)).toBe(5);
    expect(await stateLeft(onTablet)).toBe(5);
  });

  describe("staff actions", () => {
    let sam: TScenarioStaff;
    beforeEach(async () => {
      sam = await t.staff("sam@acme.example", "admin");
    });

    it("support ending a customer's sessions, and disabling the account, end their apps' sessions", async () => {
      const shop = await app("Shop", true);
      const ada = await t.signedIn("ada@example.com");
      const first = await providerSession(ada, [shop]);
      expect(
        await endAccountSessions(t.deps, await actingStaff(t, sam), { userId: ada.user.id, reason: REASON }),
      ).toMatchObject({
        ok: true,
      });
      expect(await queued()).toHaveLength(1);
      expect(await stateLeft(first)).toBe(0);
      const again = await t.signedIn("ada@example.com");
      const second = await providerSession(again, [shop]);
      expect(
        await setAccountDisabled(t.deps, await actingStaff(t, sam), {
          userId: ada.user.id,
          disabled: true,
          reason: REASON,
        }),
      ).toMatchObject({ ok: true });
      expect((await queued()).map((row) => row.sid)).toEqual([
        first.authorizations[shop]?.sid,
        second.authorizations[shop]?.sid,
      ]);
      expect(await stateLeft(second)).toBe(0);
    });
  });
});

describe("delivering logout tokens", () => {
  it("delivers a token the tenant's JWKS verifies, with the claims Back-Channel Logout 1.0 requires and no nonce", async () => {
    const shop = await app("Shop", true);
    const ada = await t.signedIn("ada@example.com");
    const session = await providerSession(ada, [shop]);
    await signOut(t.deps, t.acme, ada.session, META);
    const dispatcher = createBackchannelDispatcher({ deps: t.deps, pollMs: 60_000, log: () => undefined });
    expect(await dispatcher.drain()).toBe(1);
    await dispatcher.stop();
    expect(received).toHaveLength(1);
    const token = received[0] ?? "";
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "RS256", typ: "logout+jwt" });
    const { payload } = await jwtVerify(token, await publicJwks(), {
      issuer: issuerFor(t.deps.baseUrl, "acme"),
      audience: shop,
      typ: "logout+jwt",
      currentDate: t.clock.now(),
    });
    expect(payload).toMatchObject({
      sub: ada.user.id,
      sid: session.authorizations[shop]?.sid,
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    });
    expect(typeof payload.jti).toBe("string");
    expect(typeof payload.iat).toBe("number");
    expect(payload.exp).toBeGreaterThan(payload.iat ?? 0);
    expect(payload).not.toHaveProperty("nonce");
    const [row] = await queued();
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
    const audit = await t.deps.store.audit.list(t.acme.id, { type: "oidc.backchannel_logout_sent" });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("retries a failed delivery with backoff and never sends a delivered token twice", async () => {
    const shop = await app("Shop", true);
    const ada = await t.signedIn("ada@example.com");
    await providerSession(ada, [shop]);
    await signOut(t.deps, t.acme, ada.session, META);
    failNext = 1;
    const dispatcher = createBackchannelDispatcher({ deps: t.deps, pollMs: 60_000, log: () => undefined });
    expect(await dispatcher.drain()).toBe(0);
    expect(await queued()).toMatchObject([{ status: "pending", attempts: 1, lastError: "the app answered 503" }]);
    // Not due yet: nothing is sent before the backoff has passed.
    expect(await dispatcher.drain()).toBe(0);
    expect(received).toHaveLength(0);
    t.clock.advance(5_000);
    expect(await dispatcher.drain()).toBe(1);
    t.clock.advance(3_600_000);
    expect(await dispatcher.drain()).toBe(0);
    await dispatcher.stop();
    expect(received).toHaveLength(1);
    expect(await queued()).toMatchObject([{ status: "sent", attempts: 2 }]);
  });

  it("gives a token up after its last attempt and audits it", async () => {
    const shop = await app("Shop", true);
    const ada = await t.signedIn("ada@example.com");
    await providerSession(ada, [shop]);
    await signOut(t.deps, t.acme, ada.session, META);
    failNext = MAX_LOGOUT_ATTEMPTS + 5;
    const dispatcher = createBackchannelDispatcher({ deps: t.deps, pollMs: 60_000, log: () => undefined });
    for (let attempt = 0; attempt < MAX_LOGOUT_ATTEMPTS + 2; attempt += 1) {
      await dispatcher.drain();
      t.clock.advance(11 * 60_000);
    }
    await dispatcher.stop();
    expect(await queued()).toMatchObject([{ status: "failed", attempts: MAX_LOGOUT_ATTEMPTS }]);
    expect(await t.deps.store.audit.list(t.acme.id, { type: "oidc.backchannel_logout_failed" })).toHaveLength(1);
  });

  it("of two dispatchers (two nodes) draining together, each token is sent once", async () => {
    const shop = await app("Shop", true);
    const blog = await app("Blog", true);
    for (const email of ["ada@example.com", "bo@example.com", "cy@example.com"]) {
      const signedIn = await t.signedIn(email);
      await providerSession(signedIn, [shop, blog]);
      await signOut(t.deps, t.acme, signedIn.session, META);
    }
    const one = createBackchannelDispatcher({ deps: t.deps, pollMs: 60_000, log: () => undefined });
    const two = createBackchannelDispatcher({ deps: t.deps, pollMs: 60_000, log: () => undefined });
    const [a, b] = await Promise.all([one.drain(), two.drain()]);
    await Promise.all([one.stop(), two.stop()]);
    expect(a + b).toBe(6);
    expect(received).toHaveLength(6);
    expect(
      new Set(received.map((token) => JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()).jti))
        .size,
    ).toBe(6);
  });
});

const DAY = 24 * 60 * 60_000;
const quietLog = () => undefined;

describe("a Portico session that ends by expiry ends the provider session bound to it", () => {
  it("an expired session's app gets a logout token from the expiry sweep, and its grants and tokens are revoked", async () => {
    const shop = await app("Shop", true);
    const ada = await t.signedIn("ada@example.com");
    const session = await providerSession(ada, [shop], 60 * DAY);
    // Still live: the sweep leaves it and its app alone.
    expect(await sweepExpired(t.deps, quietLog)).toMatchObject({ sessionsEnded: 0, logoutsQueued: 0 });
    expect(await stateLeft(session)).toBe(5);
    t.clock.set(ada.session.absoluteExpiresAt);
    expect(await sweepExpired(t.deps, quietLog)).toMatchObject({ sessionsEnded: 1, logoutsQueued: 1 });
    expect(await t.deps.store.sessions.findById(t.acme.id, ada.session.id)).toMatchObject({
      revokedReason: "expired",
    });
    expect(await stateLeft(session)).toBe(0);
    expect(await t.deps.store.oidcSessionLinks.find(t.acme.id, session.uid)).toBeNull();
    const dispatcher = createBackchannelDispatcher({ deps: t.deps, pollMs: 60_000, log: quietLog });
    expect(await dispatcher.drain()).toBe(1);
    await dispatcher.stop();
    const { payload } = await jwtVerify(received[0] ?? "", await publicJwks(), {
      issuer: issuerFor(t.deps.baseUrl, "acme"),
      audience: shop,
      typ: "logout+jwt",
      currentDate: t.clock.now(),
    });
    expect(payload).toMatchObject({ sub: ada.user.id, sid: session.authorizations[shop]?.sid });
    // The next sweep finds nothing more to end.
    expect(await sweepExpired(t.deps, quietLog)).toMatchObject({ sessionsEnded: 0, logoutsQueued: 0 });
    expect(await queued()).toHaveLength(1);
  });

  it("a session past its idle timeout is ended too, and a session still within it is not", async () => {
    const shop = await app("Shop", true);
    const idle = await t.signedIn("ada@example.com");
    const busy = await t.signedIn("bo@example.com");
    const idleApp = await providerSession(idle, [shop]);
    const busyApp = await providerSession(busy, [shop]);
    // Both sessions are held to a 15-minute idle limit; only one is used again.
    for (const { session } of [idle, busy])
      await t.deps.store.sessions.touch(
        t.acme.id,
        session.id,
        t.clock.now(),
        new Date(t.clock.now().getTime() + 15 * 60_000),
      );
    t.clock.advance(10 * 60_000);
    await t.deps.store.sessions.touch(
      t.acme.id,
      busy.session.id,
      t.clock.now(),
      new Date(t.clock.now().getTime() + 15 * 60_000),
    );
    t.clock.advance(6 * 60_000);
    expect(await sweepExpired(t.deps, quietLog)).toMatchObject({ sessionsEnded: 1, logoutsQueued: 1 });
    expect((await queued()).map((row) => row.sid)).toEqual([idleApp.authorizations[shop]?.sid]);
    expect(await stateLeft(busyApp)).toBe(5);
  });

  it("of two nodes sweeping together, each expired session's apps get one logout token each", async () => {
    const shop = await app("Shop", true);
    const blog = await app("Blog", true);
    const sids: string[] = [];
    for (const email of ["ada@example.com", "bo@example.com", "cy@example.com"]) {
      const signedIn = await t.signedIn(email);
      const session = await providerSession(signedIn, [shop, blog], 60 * DAY);
      sids.push(...Object.values(session.authorizations).map((entry) => entry.sid));
    }
    t.clock.advance(31 * DAY);
    // A second node: its own connection pool on PostgreSQL. SQLite is the single-node database (its
    // driver waits on a lock synchronously, so two pools in one process cannot share a file): there
    // the two sweeps share one pool and race between their reads and their transactions.
    const otherStore = t.db.kind === "postgresql" ? createStore(createPrismaClient(t.db.url)) : t.deps.store;
    try {
      const [one, two] = await Promise.all([
        sweepExpired(t.deps, quietLog),
        sweepExpired({ ...t.deps, store: otherStore }, quietLog),
      ]);
      expect(one.sessionsEnded + two.sessionsEnded).toBe(3);
      expect(one.logoutsQueued + two.logoutsQueued).toBe(6);
    } finally {
      if (otherStore !== t.deps.store) await otherStore.disconnect();
    }
    expect((await queued()).map((row) => row.sid).sort()).toEqual(sids.sort());
  });
});

describe("the expiry sweep removes what has ended", () => {
  it("ends a provider session whose Portico session is gone or ended without it, and removes its link", async () => {
    const shop = await app("Shop", true);
    const ada = await t.signedIn("ada@example.com");
    const bo = await t.signedIn("bo@example.com");
    const orphan = await providerSession(ada, [shop]);
    const live = await providerSession(bo, [shop]);
    // Ended by a path that did not reach the provider session.
    await t.deps.store.sessions.revoke(t.acme.id, ada.user.id, ada.session.id, "signed_out", t.clock.now());
    expect(await sweepExpired(t.deps, quietLog)).toMatchObject({ linksEnded: 1, logoutsQueued: 1 });
    expect(await t.deps.store.oidcSessionLinks.find(t.acme.id, orphan.uid)).toBeNull();
    expect(await stateLeft(orphan)).toBe(0);
    expect(await t.deps.store.oidcSessionLinks.find(t.acme.id, live.uid)).not.toBeNull();
    expect(await stateLeft(live)).toBe(5);
    expect((await queued()).map((row) => row.sid)).toEqual([orphan.authorizations[shop]?.sid]);
  });

  it("removes expired provider state, and delivered or given-up logout tokens only after the retention", async () => {
    const shop = await app("Shop", true);
    const ada = await t.signedIn("ada@example.com");
    const bo = await t.signedIn("bo@example.com");
    const cy = await t.signedIn("cy@example.com");
    for (const signedIn of [ada, bo, cy]) await providerSession(signedIn, [shop]);
    await signOut(t.deps, t.acme, ada.session, META);
    await signOut(t.deps, t.acme, bo.session, META);
    failNext = 1;
    const dispatcher = createBackchannelDispatcher({ deps: t.deps, pollMs: 60_000, log: quietLog });
    await dispatcher.drain();
    await dispatcher.stop();
    // One delivered, one waiting for its retry; cy's provider state is still live.
    expect((await queued()).map((row) => row.status).sort()).toEqual(["pending", "sent"]);
    t.clock.advance(2 * 3_600_000);
    const swept = await sweepExpired(t.deps, quietLog);
    // cy's provider session, grant, code and tokens (1 hour lifetime) are gone; no token row yet.
    expect(swept).toMatchObject({ stateRemoved: 5, logoutsRemoved: 0 });
    t.clock.advance(LOGOUT_RETENTION_MS);
    expect(await sweepExpired(t.deps, quietLog)).toMatchObject({ logoutsRemoved: 1 });
    // The token still to deliver is kept whatever its age.
    expect((await queued()).map((row) => row.status)).toEqual(["pending"]);
  });

  it("the server's sweeper ends expired sessions on every run, walks the rows every ten minutes, and wakes the dispatcher", async () => {
    const shop = await app("Shop", true);
    const ada = await t.signedIn("ada@example.com");
    const bo = await t.signedIn("bo@example.com");
    await providerSession(ada, [shop], 60 * DAY);
    const unbound = await providerSession(bo, [shop], 60 * DAY);
    await t.deps.store.sessions.revoke(t.acme.id, bo.user.id, bo.session.id, "signed_out", t.clock.now());
    let wakes = 0;
    const sweeper = startExpirySweeper(t.deps, { intervalMs: 3_600_000, onQueued: () => (wakes += 1), log: quietLog });
    try {
      // The first run walks the links: bo's ended session loses its provider session.
      expect(await sweeper.run()).toMatchObject({ sessionsEnded: 0, linksEnded: 1, logoutsQueued: 1 });
      expect(wakes).toBe(1);
      t.clock.advance(31 * DAY);
      expect(await sweeper.run()).toMatchObject({ sessionsEnded: 1, logoutsQueued: 1 });
      t.clock.advance(SWEEP_INTERVAL_MS / 2);
      // Within ten minutes of the last walk, a run only ends expired sessions.
      expect(await sweeper.run()).toMatchObject({ sessionsEnded: 0, linksEnded: 0, stateRemoved: 0 });
      expect(wakes).toBe(2);
    } finally {
      await sweeper.stop();
    }
    expect(await t.deps.store.oidcSessionLinks.find(t.acme.id, unbound.uid)).toBeNull();
  });
});
