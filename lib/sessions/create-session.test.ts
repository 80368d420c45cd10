import { describe, expect, it } from "vitest";
import { createUser, META } from "../../tests/support/test-db";
import { parseSessionLimits } from "../db/rows";
import { Scenario } from "../../tests/scenario";
import type { TTenant } from "../tenancy/types";
import { hashToken } from "../security/tokens";
import { createSession } from "./create-session";
import { sessionLifetimes } from "./lifetimes";

const MINUTE = 60_000;
/** Opened by the describe blocks that need a database (pure tests go without). */
const t = new Scenario();

async function newSession(tenant: TTenant, aal = 1) {
  const user = await createUser(t.db.store, tenant, {
    email: `u${Math.random().toString(36).slice(2)}@example.com`,
    password: "correct horse battery staple",
  });
  return createSession(t.deps, { tenant, userId: user.id, meta: META, aal, amr: ["pwd"] });
}

describe("createSession", () => {
  t.hooks();

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
    expect(session).toMatchObject({
      ip: META.ip,
      userAgent: META.userAgent,
      aal: 1,
      amr: ["pwd"],
      revokedAt: null,
      tokenHash: hashToken(token),
    });
    expect(Object.values(session)).not.toContain(token);
  });

  it("mints a different token and session id every time", async () => {
    const a = await newSession(t.acme);
    const b = await newSession(t.acme);
    expect(a.token).not.toBe(b.token);
    expect(a.session.id).not.toBe(b.session.id);
  });
});

describe("sessionLifetimes: per-AAL defaults from NIST SP 800-63B-4 §5, tenant settings only shorten them", () => {
  const base = { sessionIdleMinutes: null, sessionAbsoluteMinutes: 400 * 24 * 60, sessionLimits: "{}" };
  it.each([
    [1, base, { absoluteMinutes: 30 * 24 * 60, idleMinutes: null }],
    [2, base, { absoluteMinutes: 24 * 60, idleMinutes: 60 }],
    [3, base, { absoluteMinutes: 12 * 60, idleMinutes: 15 }],
    [
      1,
      { ...base, sessionIdleMinutes: 60, sessionAbsoluteMinutes: 12 * 60 },
      { absoluteMinutes: 12 * 60, idleMinutes: 60 },
    ],
    [
      2,
      { ...base, sessionIdleMinutes: 30, sessionAbsoluteMinutes: 8 * 60 },
      { absoluteMinutes: 8 * 60, idleMinutes: 30 },
    ],
    [3, { ...base, sessionIdleMinutes: 60 }, { absoluteMinutes: 12 * 60, idleMinutes: 15 }],
    // Per-level tenant limits: shorter ones apply, longer ones are capped.
    [
      2,
      { ...base, sessionLimits: JSON.stringify({ "2": { absoluteMinutes: 8 * 60, idleMinutes: 20 } }) },
      { absoluteMinutes: 8 * 60, idleMinutes: 20 },
    ],
    [
      2,
      { ...base, sessionLimits: JSON.stringify({ "2": { absoluteMinutes: 72 * 60, idleMinutes: 240 } }) },
      { absoluteMinutes: 24 * 60, idleMinutes: 60 },
    ],
    [
      1,
      { ...base, sessionLimits: JSON.stringify({ "1": { idleMinutes: 120 } }) },
      { absoluteMinutes: 30 * 24 * 60, idleMinutes: 120 },
    ],
    [
      3,
      { ...base, sessionLimits: JSON.stringify({ "3": { absoluteMinutes: 60 } }) },
      { absoluteMinutes: 60, idleMinutes: 15 },
    ],
    // A malformed stored value never lengthens anything.
    [2, { ...base, sessionLimits: "{not json" }, { absoluteMinutes: 24 * 60, idleMinutes: 60 }],
    [
      2,
      { ...base, sessionLimits: JSON.stringify({ "2": { absoluteMinutes: -5 } }) },
      { absoluteMinutes: 24 * 60, idleMinutes: 60 },
    ],
  ])("AAL%i with %j → %j", (aal, tenant, expected) => {
    expect(sessionLifetimes({ ...tenant, sessionLimits: parseSessionLimits(tenant.sessionLimits) }, aal)).toEqual(
      expected,
    );
  });
});
