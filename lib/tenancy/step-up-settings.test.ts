import { describe, expect, it } from "vitest";
import { parseActionPolicy, type TActionPolicyForm } from "./step-up-settings";

const ALL = { allowPassword: true, allowPasskey: true, allowTotp: true };
const ROW: TActionPolicyForm = { action: "invoice.approve", label: "Approve an invoice", minAal: "2", singleFactorAal: "", maxAgeMinutes: "5", methods: [], singleUse: "on" };

function errorsOf(row: Partial<TActionPolicyForm>, tenant = ALL) {
  const parsed = parseActionPolicy({ ...ROW, ...row }, tenant);
  return parsed.ok ? {} : parsed.fieldErrors;
}

describe("step-up action policy validation", () => {
  it("accepts a good row", () => {
    expect(parseActionPolicy(ROW, ALL)).toEqual({
      ok: true,
      value: { action: "invoice.approve", label: "Approve an invoice", minAal: 2, singleFactorAal: null, maxAgeMinutes: 5, methods: [], singleUse: true },
    });
  });

  it("names follow the action-name rule", () => {
    for (const action of ["Invoice.Approve", "invoice..approve", "1x", "a/b", "", "a.b.c.d.e"]) expect(errorsOf({ action }).action).toMatch(/lower-case words/);
  });

  it("maximum age is 1 minute to 24 hours", () => {
    expect(errorsOf({ maxAgeMinutes: "0" }).maxAgeMinutes).toMatch(/at least 1/);
    expect(errorsOf({ maxAgeMinutes: "1441" }).maxAgeMinutes).toMatch(/at most 1440/);
    expect(errorsOf({ maxAgeMinutes: "abc" }).maxAgeMinutes).toMatch(/whole minutes/);
  });

  it("AAL3 needs a passkey among the usable methods", () => {
    expect(errorsOf({ minAal: "3", methods: ["totp"] }).minAal).toMatch(/AAL3 needs a passkey/);
    expect(errorsOf({ minAal: "3", methods: [] }, { ...ALL, allowPasskey: false }).minAal).toMatch(/AAL3 needs a passkey/);
    expect(errorsOf({ minAal: "2", singleFactorAal: "3", methods: ["password", "totp"] }).singleFactorAal).toMatch(/AAL3 needs a passkey/);
    expect(errorsOf({ minAal: "3", methods: ["passkey"] })).toEqual({});
    expect(errorsOf({ minAal: "3", methods: [] })).toEqual({});
  });

  it("a level the named methods cannot reach is refused (a password alone is AAL1)", () => {
    expect(errorsOf({ minAal: "2", methods: ["password"] }).minAal).toMatch(/AAL2 cannot be reached with Password/);
    expect(errorsOf({ minAal: "1", methods: ["password"] })).toEqual({});
  });

  it("methods the tenant does not allow are refused", () => {
    expect(errorsOf({ methods: ["passkey"] }, { ...ALL, allowPasskey: false }).methods).toMatch(/Passkey is not allowed/);
    expect(errorsOf({ methods: ["totp", "recovery_code"] }, { ...ALL, allowTotp: false }).methods).toMatch(/Authenticator app, Recovery code are not allowed/);
    expect(errorsOf({ methods: ["sms"] }).methods).toBeDefined();
  });

  it("labels are plain text", () => {
    expect(errorsOf({ label: "<script>alert(1)</script>" }).label).toMatch(/without < or >/);
    expect(errorsOf({ label: "" }).label).toBeDefined();
  });
});
