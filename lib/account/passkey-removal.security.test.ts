import { beforeEach, describe, expect, it } from "vitest";
import {
  createPasswordlessTenant,
  PASSWORD,
  passwordlessUser,
  registerPasskey,
} from "../../tests/support/passkey-helpers";
import { auditTypes, META } from "../../tests/support/test-db";
import { expectOk, testScenario } from "../../tests/scenario";
import type { TSession } from "../sessions/types";
import { createSession } from "../sessions/create-session";
import { hashPassword } from "../identity/password-hasher";
import { messageFor } from "../copy";
import { listPasskeys, removePasskey } from "./passkey-management";
import { startPasskeySignIn } from "../identity/passkey-sign-in";
import { generateToken } from "../security/tokens";
import { stepUpWithPasskey } from "../step-up/verify";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";

let initech: TTenant;
const t = testScenario();
beforeEach(async () => {
  initech = await createPasswordlessTenant(t);
});

const remove = (tenant: TTenant, auth: { session: TSession; user: TUser }, id: string) =>
  removePasskey(t.deps, tenant, auth, { id, endOtherSessions: false }, META);

describe("the last remaining way to sign in cannot be removed", () => {
  it("passwordless tenant: a user's only passkey cannot be removed, with a clear message, and nothing changes", async () => {
    const auth = await passwordlessUser(t, initech, "one@example.com", t.authenticator());
    const refused = await remove(initech, auth, auth.passkeyId);
    expect(refused).toEqual({
      ok: false,
      module: "passkey",
      code: "LAST_METHOD",
      status: 409,
      params: { passwordOffered: false },
    });
    if (refused.ok || "message" in refused) throw new Error("expected a catalogued refusal");
    expect(messageFor(refused)).toBe(
      "This is your only passkey and your only way to sign in, so it cannot be removed. Add another passkey first.",
    );
    expect(await listPasskeys(t.deps, initech, auth.user)).toHaveLength(1);
    expect(await auditTypes(t.db.store, initech.id, auth.user.id)).not.toContain("factor.removed");
  });

  it("passwordless tenant: with two passkeys one can be removed, then the other cannot", async () => {
    const auth = await passwordlessUser(t, initech, "two@example.com", t.authenticator());
    const second = await registerPasskey(t, initech, auth, t.authenticator());
    expect(await remove(initech, auth, auth.passkeyId)).toMatchObject({ ok: true });
    expect(await remove(initech, auth, second)).toMatchObject({ ok: false, code: "LAST_METHOD" });
    expect((await listPasskeys(t.deps, initech, auth.user)).map((p) => p.id)).toEqual([second]);
  });

  it("passwordless tenant: a password left from before does not count as a way to sign in", async () => {
    const auth = await passwordlessUser(t, initech, "legacy@example.com", t.authenticator());
    await t.db.store.passwords.set(initech.id, auth.user.id, await hashPassword(PASSWORD), t.clock.now());
    expect(await remove(initech, auth, auth.passkeyId)).toMatchObject({ ok: false, code: "LAST_METHOD" });
  });

  it("password tenant: a user with a password may remove every passkey", async () => {
    const signedIn = await t.signedIn("pw@example.com");
    const first = t.authenticator();
    const ids = [await registerPasskey(t, t.acme, signedIn, first)];
    // With a passkey the user has a second factor: the next change needs AAL2, so they step up with it.
    const reloaded = {
      session: (await t.db.store.sessions.findById(t.acme.id, signedIn.session.id))!,
      user: signedIn.user,
    };
    const binding = generateToken();
    const options = await startPasskeySignIn(t.deps, t.acme, binding);
    expectOk(options);
    expect(
      await stepUpWithPasskey(
        t.deps,
        t.acme,
        reloaded,
        "factor.add",
        first.authenticate(options.options),
        binding,
        META,
      ),
    ).toMatchObject({ ok: true });
    const auth = {
      session: (await t.db.store.sessions.findById(t.acme.id, signedIn.session.id))!,
      user: signedIn.user,
    };
    ids.push(await registerPasskey(t, t.acme, auth, t.authenticator()));
    for (const id of ids) expect(await remove(t.acme, auth, id)).toMatchObject({ ok: true });
    expect(await listPasskeys(t.deps, t.acme, auth.user)).toHaveLength(0);
    expect((await auditTypes(t.db.store, t.acme.id, auth.user.id)).filter((e) => e === "factor.removed")).toHaveLength(
      2,
    );
  });

  it("password tenant: a user without a password keeps their last passkey", async () => {
    // A user with no password at a password tenant (e.g. created while it was passwordless).
    const created = await t.db.store.users.create({
      tenantId: t.acme.id,
      email: "no-pw@example.com",
      displayName: null,
      at: t.clock.now(),
    });
    await t.db.store.users.markEmailVerified(t.acme.id, created.id, created.email, t.clock.now());
    const user = (await t.db.store.users.findById(t.acme.id, created.id))!;
    const { session } = await createSession(t.deps, {
      tenant: t.acme,
      userId: user.id,
      meta: META,
      aal: 2,
      amr: ["swk", "user", "mfa"],
    });
    const auth = { session, user };
    const id = await registerPasskey(t, t.acme, auth, t.authenticator());
    const refused = await remove(t.acme, auth, id);
    expect(refused).toMatchObject({ ok: false, code: "LAST_METHOD", params: { passwordOffered: true } });
    if (refused.ok || "message" in refused) throw new Error("expected a catalogued refusal");
    expect(messageFor(refused)).toBe(
      "This is your only way to sign in, so it cannot be removed. Add another passkey or a password first.",
    );
  });

  it("two concurrent removals of a user's two passkeys leave one", async () => {
    const auth = await passwordlessUser(t, initech, "race@example.com", t.authenticator());
    const second = await registerPasskey(t, initech, auth, t.authenticator());
    const results = await Promise.all([remove(initech, auth, auth.passkeyId), remove(initech, auth, second)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await listPasskeys(t.deps, initech, auth.user)).toHaveLength(1);
  });
});
