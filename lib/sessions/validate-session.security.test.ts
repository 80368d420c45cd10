// Idle and absolute timeouts, revocation and tenant scoping are enforced on the server, on every
// request (ASVS V7.3.1/2, V7.4.1; NIST SP 800-63B-4 §5).
import { describe, expect, it } from "vitest";
import { createUser, META } from "../../tests/support/test-db";
import { PASSWORD, testScenario } from "../../tests/scenario";
import type { TTenant } from "../tenancy/types";
import { signInWithPassword } from "../identity/sign-in-with-password";
import { generateToken } from "../security/tokens";
import { revokeSession, signOut } from "../account/revoke-session";
import { validateSession } from "./validate-session";

const MINUTE = 60_000;
const t = testScenario();

const signedIn = (tenant: TTenant, email = "ada@example.com") => t.signedIn(email, { tenant });

describe("absolute timeout", () => {
  it("acme: valid until 30 days after sign-in, rejected from then on", async () => {
    const { token } = await signedIn(t.acme);
    t.clock.advance(30 * 24 * 60 * MINUTE - 1);
    expect(await validateSession(t.deps, t.acme, token)).not.toBeNull();
    t.clock.advance(1);
    expect(await validateSession(t.deps, t.acme, token)).toBeNull();
  });

  it("globex: 12 hours at most, even for a session that is used every 50 minutes", async () => {
    const { token } = await signedIn(t.globex);
    const signedInAt = t.clock.now().getTime();
    for (let elapsed = 50; elapsed < 12 * 60; elapsed += 50) {
      t.clock.advance(50 * MINUTE);
      expect(await validateSession(t.deps, t.globex, token), `after ${elapsed} minutes`).not.toBeNull();
    }
    // Exactly 12 hours after sign-in, 20 minutes after the last use:
    t.clock.set(new Date(signedInAt + 12 * 60 * MINUTE));
    expect(await validateSession(t.deps, t.globex, token)).toBeNull();
  });
});

describe("idle timeout", () => {
  it("globex: rejected after 61 minutes without activity", async () => {
    const { token } = await signedIn(t.globex);
    t.clock.advance(61 * MINUTE);
    expect(await validateSession(t.deps, t.globex, token)).toBeNull();
  });

  it("globex: rejected at exactly 60 minutes idle, accepted one millisecond before", async () => {
    const { token } = await signedIn(t.globex);
    t.clock.advance(60 * MINUTE - 1);
    const valid = await validateSession(t.deps, t.globex, token);
    expect(valid).not.toBeNull();
    // That request was activity: idle expiry moved to 60 minutes after it.
    expect(valid!.session.idleExpiresAt?.getTime()).toBe(t.clock.now().getTime() + 60 * MINUTE);
    t.clock.advance(60 * MINUTE);
    expect(await validateSession(t.deps, t.globex, token)).toBeNull();
  });

  it("globex: activity keeps it alive (50 minutes, use, 50 minutes, use), and it then dies 60 minutes after the last use", async () => {
    const { token } = await signedIn(t.globex);
    t.clock.advance(50 * MINUTE);
    expect(await validateSession(t.deps, t.globex, token)).not.toBeNull();
    t.clock.advance(50 * MINUTE);
    const again = await validateSession(t.deps, t.globex, token);
    expect(again).not.toBeNull();
    expect(again!.session.lastSeenAt.getTime()).toBe(t.clock.now().getTime());
    t.clock.advance(61 * MINUTE);
    expect(await validateSession(t.deps, t.globex, token)).toBeNull();
  });

  it("a request within a minute of the last write is not recorded as activity and does not extend the idle limit", async () => {
    const { token, session } = await signedIn(t.globex);
    t.clock.advance(30_000);
    const soon = await validateSession(t.deps, t.globex, token);
    expect(soon!.session.lastSeenAt.getTime()).toBe(session.lastSeenAt.getTime());
    t.clock.advance(60 * MINUTE - 30_000);
    expect(await validateSession(t.deps, t.globex, token)).toBeNull();
  });

  it("acme has no idle timeout: a month-old but unused session is still valid before its absolute expiry", async () => {
    const { token } = await signedIn(t.acme);
    t.clock.advance(29 * 24 * 60 * MINUTE);
    expect(await validateSession(t.deps, t.acme, token)).not.toBeNull();
  });
});

describe("revocation and account state", () => {
  it("a revoked session is rejected immediately", async () => {
    const { token, session } = await signedIn(t.acme);
    expect(await revokeSession(t.deps, t.acme, session, session.id, META)).toEqual({ ok: true, endedCurrent: true });
    expect(await validateSession(t.deps, t.acme, token)).toBeNull();
  });

  it("sign-out invalidates the session on the server", async () => {
    const { token, session } = await signedIn(t.acme);
    await signOut(t.deps, t.acme, session, META);
    expect(await validateSession(t.deps, t.acme, token)).toBeNull();
    const row = await t.db.store.sessions.findByTokenHash(t.acme.id, session.tokenHash);
    expect(row).toMatchObject({ revokedReason: "signed_out" });
    expect(row?.revokedAt).toBeInstanceOf(Date);
  });

  it("a disabled account's sessions stop working", async () => {
    const { token, user } = await signedIn(t.acme);
    await t.disable(user);
    expect(await validateSession(t.deps, t.acme, token)).toBeNull();
  });

  it("rejects missing, malformed and unknown tokens", async () => {
    await signedIn(t.acme);
    for (const token of [undefined, "", "abc", generateToken(), `${generateToken()} `]) {
      expect(await validateSession(t.deps, t.acme, token)).toBeNull();
    }
  });
});

describe("tenant isolation", () => {
  it("an acme session token is worthless at globex, even for the same address", async () => {
    await t.user("ada@example.com", { tenant: t.globex });
    const { token } = await signedIn(t.acme);
    expect(await validateSession(t.deps, t.acme, token)).not.toBeNull();
    expect(await validateSession(t.deps, t.globex, token)).toBeNull();
  });

  it("the session lookup itself is scoped by tenant (not only the user lookup after it)", async () => {
    const { session } = await signedIn(t.acme);
    expect(await t.db.store.sessions.findByTokenHash(t.acme.id, session.tokenHash)).not.toBeNull();
    expect(await t.db.store.sessions.findByTokenHash(t.globex.id, session.tokenHash)).toBeNull();
  });

  it("acme credentials do not sign in at globex", async () => {
    await signedIn(t.acme, "only-acme@example.com");
    expect(
      await signInWithPassword(t.deps, t.globex, { email: "only-acme@example.com", password: PASSWORD }, META),
    ).toMatchObject({
      ok: false,
      code: "INVALID_CREDENTIALS",
    });
  });

  it("the same address at two tenants is two accounts with separate passwords", async () => {
    await t.user("ada@example.com");
    await createUser(t.db.store, t.globex, { email: "ada@example.com", password: "a different globex passphrase" });
    expect(
      await signInWithPassword(t.deps, t.globex, { email: "ada@example.com", password: PASSWORD }, META),
    ).toMatchObject({ code: "INVALID_CREDENTIALS" });
    const acme = await signInWithPassword(t.deps, t.acme, { email: "ada@example.com", password: PASSWORD }, META);
    const globex = await signInWithPassword(
      t.deps,
      t.globex,
      { email: "ada@example.com", password: "a different globex passphrase" },
      META,
    );
    expect(acme.ok && globex.ok && acme.user.id !== globex.user.id).toBe(true);
  });
});
