import { describe, expect, it } from "vitest";
import { auditTypes, createUser, META } from "../../tests/support/test-db";
import { PASSWORD, testScenario } from "../../tests/scenario";
import { validateSession } from "../sessions/validate-session";
import { signInWithPassword } from "./sign-in-with-password";

const t = testScenario();

describe("signInWithPassword", () => {
  it("issues a new session token and session id at every sign-in (no fixation)", async () => {
    await t.user("ada@example.com");
    const first = await signInWithPassword(t.deps, t.acme, { email: "ada@example.com", password: PASSWORD }, META);
    const second = await signInWithPassword(t.deps, t.acme, { email: "ada@example.com", password: PASSWORD }, META);
    if (!first.ok || !second.ok) throw new Error("sign-in failed");
    expect(second.token).not.toBe(first.token);
    expect(second.session.id).not.toBe(first.session.id);
    expect((await validateSession(t.deps, t.acme, first.token))?.session.id).toBe(first.session.id);
    expect((await validateSession(t.deps, t.acme, second.token))?.session.id).toBe(second.session.id);
  });

  it("normalises the address (case, surrounding spaces) and the password (NFC)", async () => {
    const password = "cr\u00e8me br\u00fbl\u00e9e pour deux";
    await createUser(t.db.store, t.acme, { email: "zoe@example.com", password });
    const result = await signInWithPassword(
      t.deps,
      t.acme,
      { email: "  ZOE@Example.com ", password: password.normalize("NFD") },
      META,
    );
    expect(result.ok).toBe(true);
  });

  it("does not trim, truncate or case-fold the password", async () => {
    await t.user("ada@example.com");
    for (const password of [` ${PASSWORD}`, PASSWORD.toUpperCase(), PASSWORD.slice(0, -1)]) {
      expect(
        await signInWithPassword(t.deps, t.acme, { email: "ada@example.com", password }, META),
        password,
      ).toMatchObject({ code: "INVALID_CREDENTIALS" });
    }
  });

  it("asks for input when the address is malformed or the password empty", async () => {
    expect(await signInWithPassword(t.deps, t.acme, { email: "not-an-email", password: PASSWORD }, META)).toMatchObject(
      { code: "INVALID_INPUT" },
    );
    expect(await signInWithPassword(t.deps, t.acme, { email: "ada@example.com", password: "" }, META)).toMatchObject({
      code: "INVALID_INPUT",
    });
  });

  it("tells a disabled account apart only to the holder of the right password", async () => {
    const user = await t.user("ada@example.com");
    await t.disable(user);
    expect(
      await signInWithPassword(t.deps, t.acme, { email: "ada@example.com", password: PASSWORD }, META),
    ).toMatchObject({ ok: false, code: "DISABLED" });
    expect(
      await signInWithPassword(t.deps, t.acme, { email: "ada@example.com", password: "wrong wrong wrong wrong" }, META),
    ).toMatchObject({ ok: false, code: "INVALID_CREDENTIALS" });
    expect(await t.db.store.sessions.listActive(t.acme.id, user.id, t.clock.now())).toEqual([]);
  });

  it("records success and failure in the audit log with the request's IP and user agent", async () => {
    const user = await t.user("ada@example.com");
    await signInWithPassword(t.deps, t.acme, { email: "ada@example.com", password: "wrong wrong wrong wrong" }, META);
    await signInWithPassword(t.deps, t.acme, { email: "ada@example.com", password: PASSWORD }, META);
    expect(await auditTypes(t.db.store, t.acme.id, user.id)).toEqual(["user.sign_in_failed", "user.signed_in"]);
    const [event] = await t.db.store.audit.list(t.acme.id, { type: "user.sign_in_failed" });
    expect(event).toMatchObject({ ip: META.ip, userAgent: META.userAgent });
    expect(event?.data).not.toContain("wrong wrong");
  });
});
