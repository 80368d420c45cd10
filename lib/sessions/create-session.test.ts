import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestContext, createUser, META, type TTestContext } from "../../tests/support/test-db";
import type { TTenant } from "../db/store";
import { hashToken } from "../security/tokens";
import { createSession } from "./create-session";
import { sessionLifetimes } from "./lifetimes";

const MINUTE = 60_000;
let t: TTestContext;

async function newSession(tenant: TTenant, aal = 1) {
  const user = await createUser(t.db.store, tenant, { email: `u${Math.random().toString(36).slice(2)}@example.com`, password: "correct horse battery staple" });
  return t.db.store.transaction((tx) => createSession(tx, t.deps, { tenant, userId: user.id, meta: META, aal, amr: ["pwd"] }));
}

describe("createSession", () => {
  beforeEach(async () => {
    t = await createTestContext();
  });
  afterEach(async () => {
    await t.db.close();
  });

  it("acme: no idle timeout, absolute expiry after 30 days", async () => {
    const { session } = await newSession(t.acme);
    const now = t.clock.now().getTime();
    expect(session.idleExpiresAt).toBeNull();
    expect(session.absoluteExpiresAt.getTime()).toBe(now + 30 * 24 * 60 * MINUTE);
    expect(session.createdAt.getTime()).toBe(now);
    expect(session.lastSeenAt.getTime()).toBe(now);
    expect(session.authTime.getTime()).toBe(now);
  });

  it("globex: idle timeout after 60 minutes, absolute expiry after 12 hours", async () => {
    const { session } = await newSession(t.globex);
    const now = t.clock.now().getTime();
    expect(session.idleExpiresAt?.getTime()).toBe(now + 60 * MINUTE);
    expect(session.absoluteExpiresAt.getTime()).toBe(now + 12 * 60 * MINUTE);
  });

  it("records the device, network, assurance level and methods, and stores only the token's hash", async () => {
    const { token, session } = await newSession(t.acme);
    expect(session).toMatchObject({ ip: META.ip, userAgent: META.userAgent, aal: 1, amr: '["pwd"]', revokedAt: null, tokenHash: hashToken(token) });
    expect(Object.values(session)).not.toContain(token);
  });

  it("mints a different token and session id every time", async () => {
    const a = await newSession(t.acme);
    const b = await newSession(t.acme);
    expect(a.token).not.toBe(b.token);
    expect(a.session.id).not.toBe(b.session.id);
  });
});

describe("sessionLifetimes: tenant settings capped by NIST SP 800-63B-4 §5", () => {
  it.each([
    [1, { sessionIdleMinutes: null, sessionAbsoluteMinutes: 90 * 24 * 60 }, { absoluteMinutes: 30 * 24 * 60, idleMinutes: null }],
    [1, { sessionIdleMinutes: 60, sessionAbsoluteMinutes: 12 * 60 }, { absoluteMinutes: 12 * 60, idleMinutes: 60 }],
    [2, { sessionIdleMinutes: null, sessionAbsoluteMinutes: 30 * 24 * 60 }, { absoluteMinutes: 24 * 60, idleMinutes: 60 }],
    [2, { sessionIdleMinutes: 30, sessionAbsoluteMinutes: 8 * 60 }, { absoluteMinutes: 8 * 60, idleMinutes: 30 }],
    [3, { sessionIdleMinutes: 60, sessionAbsoluteMinutes: 30 * 24 * 60 }, { absoluteMinutes: 12 * 60, idleMinutes: 15 }],
  ])("AAL%i with %j → %j", (aal, tenant, expected) => {
    expect(sessionLifetimes(tenant, aal)).toEqual(expected);
  });
});
