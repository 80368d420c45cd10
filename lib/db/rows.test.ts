// The stored JSON columns are parsed once, in lib/db, with the fallback the domain always used.
import { describe, expect, it } from "vitest";
import { DEFAULT_RISK_POLICY } from "../risk/types";
import {
  parseAmr,
  parseContextEvent,
  parseMethodTimes,
  parseMfaPolicy,
  parseSignupMode,
  parseUserStatus,
  parseSessionLimits,
  parseStage,
  parseStepUpMethods,
  parseTransports,
  toAuditEvent,
} from "./rows";

describe("stored session columns", () => {
  it("amr: the known method references of a JSON array; anything malformed reads as none", () => {
    expect(parseAmr('["pwd","otp","mfa"]')).toEqual(["pwd", "otp", "mfa"]);
    expect(parseAmr('["pwd",3,"made-up"]')).toEqual(["pwd"]);
    expect(parseAmr('{"0":"pwd"}')).toEqual([]);
    expect(parseAmr("[oops")).toEqual([]);
  });

  it("methodTimes: the string entries of a JSON object, else none (so no recent proof is claimed)", () => {
    expect(parseMethodTimes('{"pwd":"2026-01-01T00:00:00.000Z","otp":7}')).toEqual({ pwd: "2026-01-01T00:00:00.000Z" });
    expect(parseMethodTimes("null")).toEqual({});
    expect(parseMethodTimes("{oops")).toEqual({});
  });

  it("stage: one of the four stages; any other stored text fails closed", () => {
    expect(parseStage("email_code")).toBe("email_code");
    expect(() => parseStage("complete ")).toThrow(/unknown stage/);
  });

  it("contextEvent: a well-formed event, else none", () => {
    expect(parseContextEvent('{"at":"t","decision":"downgrade","reasons":["ip_prefix_changed",1]}')).toEqual({
      at: "t",
      decision: "downgrade",
      reasons: ["ip_prefix_changed"],
    });
    expect(parseContextEvent('{"at":"t","decision":"shrug","reasons":[]}')).toBeNull();
    expect(parseContextEvent("{oops")).toBeNull();
    expect(parseContextEvent(null)).toBeNull();
  });
});

describe("stored tenant, passkey and policy columns", () => {
  it("sessionLimits: a malformed or out-of-range value reads as no tenant limits (the NIST defaults)", () => {
    expect(parseSessionLimits('{"2":{"absoluteMinutes":480,"idleMinutes":20}}')).toEqual({
      "2": { absoluteMinutes: 480, idleMinutes: 20 },
    });
    expect(parseSessionLimits('{"2":{"absoluteMinutes":-5}}')).toEqual({});
    expect(parseSessionLimits("{not json")).toEqual({});
  });

  it("transports: the strings of a JSON array, else none", () => {
    expect(parseTransports('["usb","internal"]')).toEqual(["usb", "internal"]);
    expect(parseTransports("[oops")).toEqual([]);
  });

  it("step-up methods: a list with anything unknown reads as [] (any method), as before", () => {
    expect(parseStepUpMethods('["passkey","totp"]')).toEqual(["passkey", "totp"]);
    expect(parseStepUpMethods('["passkey","carrier-pigeon"]')).toEqual([]);
    expect(parseStepUpMethods("[oops")).toEqual([]);
  });

  it("the risk policy default is what an empty stored policy reads as", () => {
    expect(DEFAULT_RISK_POLICY).toMatchObject({ newDeviceAndNetwork: "step_up", notifyNewDevice: true });
  });
});

describe("stored status columns fail closed", () => {
  it("a user's status: one of active, locked, disabled; anything else reads as disabled (no sign-in, no session)", () => {
    expect(parseUserStatus("active")).toBe("active");
    expect(parseUserStatus("locked")).toBe("locked");
    expect(parseUserStatus("disabled")).toBe("disabled");
    expect(parseUserStatus("Active")).toBe("disabled");
    expect(parseUserStatus("suspended")).toBe("disabled");
  });

  it("a tenant's sign-up mode and second-factor policy: an unknown value reads as the strictest", () => {
    expect(parseSignupMode("open")).toBe("open");
    expect(parseSignupMode("opn")).toBe("invite_only");
    expect(parseMfaPolicy("off")).toBe("off");
    expect(parseMfaPolicy("optional")).toBe("optional");
    expect(parseMfaPolicy("")).toBe("required");
  });
});

describe("stored audit events", () => {
  const row = (type: string, data: string) => ({
    id: "e1",
    tenantId: "t1",
    userId: null,
    type,
    ip: null,
    userAgent: null,
    data,
    staffId: null,
    reason: null,
    createdAt: new Date("2026-11-27T12:00:00.000Z"),
  });

  it("data that fits the event's catalogue entry reads as that event's typed data", () => {
    const event = toAuditEvent(row("password.changed", '{"endedSessions":2}'));
    expect(event).toMatchObject({ type: "password.changed", fits: true, data: { endedSessions: 2 } });
    if (!event.fits || event.type !== "password.changed") throw new Error("expected a fitting password.changed");
    expect(event.data.endedSessions).toBe(2);
  });

  it("data that no longer fits, an uncatalogued type or text that is not a JSON object reads as not fitting, without throwing", () => {
    expect(toAuditEvent(row("password.changed", '{"endedSessions":"2"}'))).toMatchObject({
      fits: false,
      data: { endedSessions: "2" },
    });
    expect(toAuditEvent(row("user.retired_event", '{"a":1}'))).toMatchObject({ fits: false, data: { a: 1 } });
    expect(toAuditEvent(row("password.changed", "{oops"))).toMatchObject({ fits: false, data: {} });
    expect(toAuditEvent(row("password.changed", "[1,2]"))).toMatchObject({ fits: false, data: {} });
  });
});
