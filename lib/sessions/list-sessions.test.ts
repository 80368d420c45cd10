import { describe, expect, it } from "vitest";
import { META } from "../../tests/support/test-db";
import { Scenario } from "../../tests/scenario";
import { describeDevice } from "../risk/context";
import { listSessions } from "./list-sessions";
import { revokeSession } from "../account/revoke-session";

const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
/** Opened by the describe blocks that need a database (pure tests go without). */
const t = new Scenario();

const signIn = (email: string, meta = META) => t.signIn(email, { meta });

describe("describeDevice", () => {
  it("names browser, OS and device from the user agent", () => {
    expect(describeDevice(META.userAgent)).toBe("Chrome 140 on Linux");
    expect(describeDevice(IPHONE)).toBe("Mobile Safari 17 on iOS 17.5 (Apple iPhone)");
    expect(describeDevice(null)).toBe("Unknown device");
    expect(describeDevice("curl/8.5.0")).toMatch(/^(Unknown browser|curl)/);
  });
});

describe("listSessions", () => {
  t.hooks();

  it("lists the user's live sessions, current one first and marked, with a device description", async () => {
    await t.user("ada@example.com");
    await t.user("bob@example.com");
    // The phone and the laptop share a network, so the laptop's sign-in (a new device) is not stepped up.
    const phone = await signIn("ada@example.com", { ip: "203.0.113.4", userAgent: IPHONE, deviceHash: "1".repeat(64) });
    t.clock.advance(5 * 60_000);
    const laptop = await signIn("ada@example.com");
    t.clock.advance(5 * 60_000);
    const ended = await signIn("ada@example.com");
    await revokeSession(t.deps, t.acme, laptop.session, ended.session.id, META);
    await signIn("bob@example.com");

    const list = await listSessions(t.deps, t.acme, phone.session);
    expect(list.map((s) => s.id)).toEqual([phone.session.id, laptop.session.id]);
    expect(list[0]).toMatchObject({
      current: true,
      device: "Mobile Safari 17 on iOS 17.5 (Apple iPhone)",
      ip: "203.0.113.4",
      aal: 1,
      amr: ["pwd"],
    });
    expect(list[1]).toMatchObject({ current: false, device: "Chrome 140 on Linux", ip: META.ip });
    expect(JSON.stringify(list)).not.toContain("tokenHash");
  });

  it("leaves out expired sessions", async () => {
    await t.user("ada@example.com");
    const old = await signIn("ada@example.com");
    t.clock.advance(30 * 24 * 60 * 60_000);
    const fresh = await signIn("ada@example.com");
    expect((await listSessions(t.deps, t.acme, fresh.session)).map((s) => s.id)).toEqual([fresh.session.id]);
    expect(old.session.id).not.toBe(fresh.session.id);
  });
});
