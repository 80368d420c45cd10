import { describe, expect, it } from "vitest";
import { parseActionPolicy, type TActionPolicyForm } from "./step-up-settings";
import { settingsFieldErrors } from "../copy/en";

const ALL = { allowPassword: true, allowPasskey: true, allowTotp: true };
const ROW: TActionPolicyForm = {
  action: "invoice.approve",
  label: "Approve an invoice",
  minAal: "2",
  singleFactorAal: "",
  maxAgeMinutes: "5",
  methods: [],
  singleUse: "on",
};

function problemsOf(row: Partial<TActionPolicyForm>, tenant = ALL) {
  const parsed = parseActionPolicy({ ...ROW, ...row }, tenant);
  return parsed.ok ? {} : parsed.fields;
}

/** The words the form shows for each field's problem. */
const errorsOf = (row: Partial<TActionPolicyForm>, tenant = ALL) => settingsFieldErrors(problemsOf(row, tenant));

describe("step-up action policy validation", () => {
  it("accepts a good row", () => {
    expect(parseActionPolicy(ROW, ALL)).toEqual({
      ok: true,
      value: {
        action: "invoice.approve",
        label: "Approve an invoice",
        minAal: 2,
        singleFactorAal: null,
        maxAgeMinutes: 5,
        methods: [],
        singleUse: true,
      },
    });
  });

  it("names follow the action-name rule", () => {
    for (const action of ["Invoice.Approve", "invoice..approve", "1x", "a/b", "", "a.b.c.d.e"])
      expect(errorsOf({ action }).action).toMatch(/lower-case words/);
  });

  it("maximum age is 1 minute to 24 hours", () => {
    expect(errorsOf({ maxAgeMinutes: "0" }).maxAgeMinutes).toMatch(/at least 1/);
    expect(errorsOf({ maxAgeMinutes: "1441" }).maxAgeMinutes).toMatch(/at most 1440/);
    expect(errorsOf({ maxAgeMinutes: "abc" }).maxAgeMinutes).toMatch(/whole minutes/);
    expect(problemsOf({ maxAgeMinutes: "1441" })).toEqual({ maxAgeMinutes: { problem: "minutes_at_most", max: 1440 } });
    expect(errorsOf({ maxAgeMinutes: "0" })).toEqual({ maxAgeMinutes: "Maximum age: at least 1 minute." });
    expect(errorsOf({ maxAgeMinutes: "1441" })).toEqual({
      maxAgeMinutes: "Maximum age: at most 1440 minutes (24 hours).",
    });
  });

  it("AAL3 needs a passkey among the usable methods", () => {
    expect(errorsOf({ minAal: "3", methods: ["totp"] }).minAal).toMatch(/AAL3 needs a passkey/);
    expect(errorsOf({ minAal: "3", methods: [] }, { ...ALL, allowPasskey: false }).minAal).toMatch(
      /AAL3 needs a passkey/,
    );
    expect(errorsOf({ minAal: "2", singleFactorAal: "3", methods: ["password", "totp"] }).singleFactorAal).toMatch(
      /AAL3 needs a passkey/,
    );
    expect(errorsOf({ minAal: "3", methods: ["passkey"] })).toEqual({});
    expect(errorsOf({ minAal: "3", methods: [] })).toEqual({});
  });

  it("a level the named methods cannot reach is refused (a password alone is AAL1)", () => {
    expect(errorsOf({ minAal: "2", methods: ["password"] }).minAal).toMatch(/AAL2 cannot be reached with Password/);
    expect(errorsOf({ minAal: "1", methods: ["password"] })).toEqual({});
    expect(problemsOf({ minAal: "2", methods: ["password"] })).toEqual({
      minAal: { problem: "aal_unreachable", level: 2, methods: ["password"] },
    });
    expect(errorsOf({ minAal: "2", methods: ["password"] })).toEqual({
      minAal: "AAL2 cannot be reached with Password; add a stronger method or choose a lower level.",
    });
  });

  it("methods the tenant does not allow are refused", () => {
    expect(errorsOf({ methods: ["passkey"] }, { ...ALL, allowPasskey: false }).methods).toMatch(
      /Passkey is not allowed/,
    );
    expect(errorsOf({ methods: ["totp", "recovery_code"] }, { ...ALL, allowTotp: false }).methods).toMatch(
      /Authenticator app, Recovery code are not allowed/,
    );
    expect(problemsOf({ methods: ["totp", "recovery_code"] }, { ...ALL, allowTotp: false })).toEqual({
      methods: { problem: "methods_not_allowed", methods: ["totp", "recovery_code"] },
    });
    expect(problemsOf({ methods: ["sms"] })).toEqual({ methods: { problem: "unknown_method" } });
  });

  it("labels are plain text", () => {
    expect(errorsOf({ label: "<script>alert(1)</script>" }).label).toMatch(/without < or >/);
    expect(problemsOf({ label: "<script>alert(1)</script>" })).toEqual({ label: { problem: "angle_brackets" } });
    expect(errorsOf({ label: "" })).toEqual({ label: "Label: describe the action for customers." });
  });
});
