import { describe, expect, it } from "vitest";
import { META } from "../../tests/support/test-db";
import { PASSWORD, testScenario } from "../../tests/scenario";
import type { TRequestMeta } from "../kernel/deps";
import { PARTIAL_SIGN_IN_NOTICE } from "./partial-sign-in-notice";
import { signInWithPassword } from "./sign-in-with-password";

const EMAIL = "two-factor@example.com";
const SUBJECT = "Your password was used to start a sign-in — Acme";
const DAY = 24 * 60 * 60_000;

const t = testScenario();

/** A user with an authenticator app, set up from META (the browser and network the account knows). */
async function userWithTotp() {
  return (await t.withTotp(EMAIL)).user;
}

async function notices() {
  return (await t.db.store.mail.listOutbox(500)).filter((m) => m.to === EMAIL && m.subject === SUBJECT);
}

async function passwordFrom(meta: TRequestMeta, password = PASSWORD) {
  const result = await signInWithPassword(t.deps, t.acme, { email: EMAIL, password }, meta);
  t.clock.advance(1000);
  return result;
}

describe("a right password whose second factor is still pending, from a new device or network, is reported to the owner", () => {
  it("mails 'your password was used' with time, browser and approximate network, and audits it", async () => {
    const user = await userWithTotp();
    const result = await passwordFrom({ ip: "192.0.2.44", userAgent: META.userAgent, deviceHash: "a".repeat(64) });
    expect(result).toMatchObject({ ok: true, next: "second_factor" });
    const [mail, ...more] = await notices();
    expect(more).toEqual([]);
    expect(mail?.text).toContain("Your password was used to start a sign-in to your Acme account");
    expect(mail?.text).toContain("Chrome 140 on Linux");
    expect(mail?.text).toContain("192.0.2.0/24");
    expect(mail?.text).toMatch(
      /If this was not you, someone knows your password: change it now at https:\/\/portal\.example\.test\/acme\/forgot-password/,
    );
    const events = await t.db.store.audit.list(t.acme.id, {
      userId: user.id,
      type: "partial_sign_in.notified",
      limit: 10,
    });
    expect(events.map((e) => e.data)).toEqual([
      { sessionId: result.ok ? result.session.id : "", newDevice: true, newNetwork: true },
    ]);
  });

  it("a new device on a known network is enough, and so is a new network for a known device", async () => {
    await userWithTotp();
    await passwordFrom({ ...META, deviceHash: "b".repeat(64) });
    expect(await notices()).toHaveLength(1);
    await passwordFrom({ ...META, ip: "198.18.7.7" });
    expect(await notices()).toHaveLength(2);
  });

  it("mails at most once per device per day", async () => {
    await userWithTotp();
    const phone = { ip: "192.0.2.44", userAgent: META.userAgent, deviceHash: "c".repeat(64) };
    for (let i = 0; i < 3; i++) expect(await passwordFrom(phone)).toMatchObject({ next: "second_factor" });
    expect(await notices()).toHaveLength(1);
    t.clock.advance(DAY);
    await passwordFrom(phone);
    expect(await notices()).toHaveLength(2);
  });

  it("someone rotating device cookies gets at most 5 notices a day sent to the owner", async () => {
    await userWithTotp();
    for (let i = 0; i < 8; i++)
      await passwordFrom({ ip: "192.0.2.44", userAgent: META.userAgent, deviceHash: String(i).repeat(64) });
    expect(await notices()).toHaveLength(PARTIAL_SIGN_IN_NOTICE.perAccount.limit);
  });

  it("sends nothing from the browser and network the account knows, or for a wrong password", async () => {
    await userWithTotp();
    expect(await passwordFrom(META)).toMatchObject({ next: "second_factor" });
    expect(
      await passwordFrom(
        { ip: "192.0.2.44", userAgent: META.userAgent, deviceHash: "d".repeat(64) },
        "not the password at all",
      ),
    ).toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(await notices()).toEqual([]);
  });
});
