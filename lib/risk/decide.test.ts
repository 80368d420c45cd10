import { describe, expect, it } from "vitest";
import { ipPrefix, looksAutomated, userAgentFamily } from "./context";
import { decideAction, decideContextShift, decideSignIn, type TSignInSignals } from "./decide";
import { parseRiskPolicy } from "../db/rows";
import { DEFAULT_RISK_POLICY } from "./policy";

const CALM: TSignInSignals = {
  newDevice: false,
  newNetwork: false,
  firstSeen: false,
  accountFailures: 0,
  ipFailures: 0,
  automatedUserAgent: false,
  recentlyRecovered: false,
  credentialsRecentlyChanged: false,
};

describe("sign-in decisions", () => {
  it("a known device on a known network is allowed with no reasons", () => {
    expect(decideSignIn(CALM, DEFAULT_RISK_POLICY)).toEqual({ decision: "allow", reasons: [] });
  });
  it("a new device plus a new network asks for the second factor (AAL2)", () => {
    expect(decideSignIn({ ...CALM, newDevice: true, newNetwork: true }, DEFAULT_RISK_POLICY)).toEqual({
      decision: "step_up",
      aal: 2,
      reasons: ["new_device_and_network"],
    });
  });
  it("a new device alone, or a new network alone, is allowed but recorded", () => {
    expect(decideSignIn({ ...CALM, newDevice: true }, DEFAULT_RISK_POLICY)).toEqual({
      decision: "allow",
      reasons: ["new_device"],
    });
    expect(decideSignIn({ ...CALM, newNetwork: true }, DEFAULT_RISK_POLICY)).toEqual({
      decision: "allow",
      reasons: ["new_network"],
    });
  });
  it("the first sign-in ever has nothing to compare with: nothing is new", () => {
    expect(decideSignIn({ ...CALM, firstSeen: true, newDevice: true, newNetwork: true }, DEFAULT_RISK_POLICY)).toEqual({
      decision: "allow",
      reasons: [],
    });
  });
  it("a headless or scripted user agent asks for more proof by default", () => {
    expect(decideSignIn({ ...CALM, automatedUserAgent: true }, DEFAULT_RISK_POLICY)).toMatchObject({
      decision: "step_up",
      reasons: ["automated_user_agent"],
    });
  });
  it("failure velocity on the account and from the address", () => {
    expect(decideSignIn({ ...CALM, accountFailures: 5 }, DEFAULT_RISK_POLICY)).toMatchObject({
      decision: "step_up",
      reasons: ["account_failure_velocity"],
    });
    expect(decideSignIn({ ...CALM, accountFailures: 4 }, DEFAULT_RISK_POLICY)).toMatchObject({ decision: "allow" });
    expect(decideSignIn({ ...CALM, ipFailures: 20 }, DEFAULT_RISK_POLICY)).toMatchObject({
      decision: "step_up",
      reasons: ["ip_failure_velocity"],
    });
  });
  it("recent recovery and credential changes are recorded as reasons", () => {
    expect(
      decideSignIn({ ...CALM, recentlyRecovered: true, credentialsRecentlyChanged: true }, DEFAULT_RISK_POLICY),
    ).toEqual({ decision: "allow", reasons: ["recently_recovered", "credentials_recently_changed"] });
  });
  it("tenant thresholds and responses apply; the worst response wins", () => {
    const strict = parseRiskPolicy(
      JSON.stringify({ newDeviceAndNetwork: "block", accountFailureThreshold: 2, automatedUserAgent: "allow" }),
    );
    expect(decideSignIn({ ...CALM, newDevice: true, newNetwork: true, accountFailures: 2 }, strict)).toEqual({
      decision: "block",
      reasons: ["new_device_and_network", "account_failure_velocity"],
    });
    expect(decideSignIn({ ...CALM, automatedUserAgent: true }, strict)).toEqual({ decision: "allow", reasons: [] });
  });
  it("a malformed stored policy falls back to the defaults instead of failing open", () => {
    expect(parseRiskPolicy("{oops")).toEqual(DEFAULT_RISK_POLICY);
    expect(
      parseRiskPolicy(JSON.stringify({ newDeviceAndNetwork: "shrug", accountFailureThreshold: -3 })),
    ).toMatchObject({ newDeviceAndNetwork: "step_up", accountFailureThreshold: 5 });
  });
});

describe("sensitive-action decisions", () => {
  const calm = { recentlyRecovered: false, credentialsRecentlyChanged: false, automatedUserAgent: false };
  it("a tenant-defined action within the cool-down after a recovery is blocked", () => {
    expect(decideAction({ ...calm, recentlyRecovered: true }, DEFAULT_RISK_POLICY, { builtIn: false })).toMatchObject({
      decision: "block",
      reasons: ["recently_recovered"],
    });
  });
  it("…or needs a fresh passkey when the tenant says 'strongest'", () => {
    const policy = parseRiskPolicy(JSON.stringify({ afterRecovery: "strongest" }));
    expect(decideAction({ ...calm, recentlyRecovered: true }, policy, { builtIn: false })).toMatchObject({
      decision: "step_up",
      passkeyOnly: true,
      freshProofOnly: true,
    });
  });
  it("built-in actions (re-enrolling factors after a recovery) are not blocked", () => {
    expect(decideAction({ ...calm, recentlyRecovered: true }, DEFAULT_RISK_POLICY, { builtIn: true })).toMatchObject({
      decision: "allow",
    });
  });
  it("a recent credential change makes custom actions need a fresh proof", () => {
    expect(
      decideAction({ ...calm, credentialsRecentlyChanged: true }, DEFAULT_RISK_POLICY, { builtIn: false }),
    ).toMatchObject({ decision: "step_up", freshProofOnly: true, passkeyOnly: false });
  });
  it("an automated user agent needs a fresh proof for any action", () => {
    expect(decideAction({ ...calm, automatedUserAgent: true }, DEFAULT_RISK_POLICY, { builtIn: true })).toMatchObject({
      decision: "step_up",
      freshProofOnly: true,
    });
  });
  it("nothing unusual: allowed", () => {
    expect(decideAction(calm, DEFAULT_RISK_POLICY, { builtIn: false })).toMatchObject({
      decision: "allow",
      reasons: [],
    });
  });
});

describe("context shift of a live session", () => {
  it("defaults: a new network downgrades, a new browser ends, both end", () => {
    expect(decideContextShift({ ipPrefixChanged: true, userAgentFamilyChanged: false }, DEFAULT_RISK_POLICY)).toEqual({
      decision: "downgrade",
      reasons: ["ip_prefix_changed"],
    });
    expect(decideContextShift({ ipPrefixChanged: false, userAgentFamilyChanged: true }, DEFAULT_RISK_POLICY)).toEqual({
      decision: "end",
      reasons: ["user_agent_family_changed"],
    });
    expect(decideContextShift({ ipPrefixChanged: true, userAgentFamilyChanged: true }, DEFAULT_RISK_POLICY)).toEqual({
      decision: "end",
      reasons: ["ip_prefix_changed", "user_agent_family_changed"],
    });
    expect(decideContextShift({ ipPrefixChanged: false, userAgentFamilyChanged: false }, DEFAULT_RISK_POLICY)).toEqual({
      decision: "keep",
      reasons: [],
    });
  });
  it("the tenant chooses the responses", () => {
    const relaxed = parseRiskPolicy(JSON.stringify({ ipPrefixShift: "keep", userAgentShift: "downgrade" }));
    expect(decideContextShift({ ipPrefixChanged: true, userAgentFamilyChanged: false }, relaxed).decision).toBe("keep");
    expect(decideContextShift({ ipPrefixChanged: true, userAgentFamilyChanged: true }, relaxed).decision).toBe(
      "downgrade",
    );
  });
});

describe("request context", () => {
  it.each([
    ["203.0.113.7", "203.0.113.0/24"],
    ["2001:db8:abcd:12::1", "2001:db8:abcd::/48"],
    ["2001:0db8:0000:0042::", "2001:db8:0::/48"],
    ["::1", "0:0:0::/48"],
    ["::ffff:198.51.100.4", "0:0:0::/48"],
    ["not an ip", null],
    [null, null],
  ])("ipPrefix(%j) = %j", (ip, prefix) => {
    expect(ipPrefix(ip)).toBe(prefix);
  });
  it("user-agent family ignores versions", () => {
    const chrome139 =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36";
    const chrome140 =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";
    const firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0";
    expect(userAgentFamily(chrome139)).toBe("Chrome on Linux");
    expect(userAgentFamily(chrome140)).toBe(userAgentFamily(chrome139));
    expect(userAgentFamily(firefox)).toBe("Firefox on Windows");
  });
  it.each([
    [
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36",
      true,
    ],
    ["curl/8.5.0", true],
    ["python-requests/2.32", true],
    ["", true],
    [null, true],
    [
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15",
      false,
    ],
  ])("looksAutomated(%j) = %s", (ua, expected) => {
    expect(looksAutomated(ua)).toBe(expected);
  });
});
