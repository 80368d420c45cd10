// Users can end their own sessions (ASVS V7.5.2) — and only their own, in their own tenant.
import { describe, expect, it } from "vitest";
import { META } from "../../tests/support/test-db";
import { testScenario } from "../../tests/scenario";
import type { TTenant } from "../tenancy/types";
import { revokeOtherSessions, revokeSession, signOut } from "./revoke-session";
import { validateSession } from "../sessions/validate-session";

const t = testScenario();

const signedIn = (tenant: TTenant, email: string) => t.signedIn(email, { tenant });

describe("revokeSession", () => {
  it("ends another session of the same user", async () => {
    const laptop = await signedIn(t.acme, "ada@example.com");
    const phone = await signedIn(t.acme, "ada@example.com");
    expect(await revokeSession(t.deps, t.acme, laptop.session, phone.session.id, META)).toEqual({
      ok: true,
      endedCurrent: false,
    });
    expect(await validateSession(t.deps, t.acme, phone.token)).toBeNull();
    expect(await validateSession(t.deps, t.acme, laptop.token)).not.toBeNull();
  });

  it("cannot end another user's session in the same tenant", async () => {
    const ada = await signedIn(t.acme, "ada@example.com");
    const bob = await signedIn(t.acme, "bob@example.com");
    expect(await revokeSession(t.deps, t.acme, ada.session, bob.session.id, META)).toEqual({
      ok: false,
      module: "session",
      code: "NOT_FOUND",
      status: 404,
      params: {},
    });
    expect(await validateSession(t.deps, t.acme, bob.token)).not.toBeNull();
    expect(await t.db.store.audit.list(t.acme.id, { type: "session.revoked" })).toEqual([]);
  });

  it("cannot end a session of another tenant, whichever tenant the request claims", async () => {
    const acmeUser = await signedIn(t.acme, "ada@example.com");
    await t.user("ada@example.com", { tenant: t.globex });
    const globexUser = await signedIn(t.globex, "ada@example.com");
    expect(await revokeSession(t.deps, t.acme, acmeUser.session, globexUser.session.id, META)).toEqual({
      ok: false,
      module: "session",
      code: "NOT_FOUND",
      status: 404,
      params: {},
    });
    expect(await revokeSession(t.deps, t.globex, acmeUser.session, globexUser.session.id, META)).toEqual({
      ok: false,
      module: "session",
      code: "NOT_FOUND",
      status: 404,
      params: {},
    });
    expect(await validateSession(t.deps, t.globex, globexUser.token)).not.toBeNull();
  });

  it("answers session.NOT_FOUND for an unknown or already ended session", async () => {
    const ada = await signedIn(t.acme, "ada@example.com");
    const other = await signedIn(t.acme, "ada@example.com");
    expect(await revokeSession(t.deps, t.acme, ada.session, "00000000-0000-0000-0000-000000000000", META)).toEqual({
      ok: false,
      module: "session",
      code: "NOT_FOUND",
      status: 404,
      params: {},
    });
    expect((await revokeSession(t.deps, t.acme, ada.session, other.session.id, META)).ok).toBe(true);
    expect(await revokeSession(t.deps, t.acme, ada.session, other.session.id, META)).toEqual({
      ok: false,
      module: "session",
      code: "NOT_FOUND",
      status: 404,
      params: {},
    });
  });
});

describe("revokeOtherSessions", () => {
  it("ends every other session of the user and keeps the current one", async () => {
    const current = await signedIn(t.acme, "ada@example.com");
    const others = [await signedIn(t.acme, "ada@example.com"), await signedIn(t.acme, "ada@example.com")];
    const bystander = await signedIn(t.acme, "bob@example.com");
    expect(await revokeOtherSessions(t.deps, t.acme, current, META)).toEqual({ ok: true, count: 2 });
    expect(await validateSession(t.deps, t.acme, current.token)).not.toBeNull();
    for (const other of others) expect(await validateSession(t.deps, t.acme, other.token)).toBeNull();
    expect(await validateSession(t.deps, t.acme, bystander.token)).not.toBeNull();
  });
});

describe("signOut", () => {
  it("ends only the current session", async () => {
    const current = await signedIn(t.acme, "ada@example.com");
    const other = await signedIn(t.acme, "ada@example.com");
    await signOut(t.deps, t.acme, current.session, META);
    expect(await validateSession(t.deps, t.acme, current.token)).toBeNull();
    expect(await validateSession(t.deps, t.acme, other.token)).not.toBeNull();
  });
});
