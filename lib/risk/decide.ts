// Risk decisions: pure functions from signals and the tenant's policy to allow / step-up / block,
// always with the reasons, which go to the audit log.
import type { TRiskPolicy } from "./policy";

export type TSignInSignals = {
  newDevice: boolean;
  newNetwork: boolean;
  /** First sign-in ever recorded for the user: nothing is "new" yet. */
  firstSeen: boolean;
  accountFailures: number;
  ipFailures: number;
  automatedUserAgent: boolean;
  recentlyRecovered: boolean;
  credentialsRecentlyChanged: boolean;
};

export type TRiskDecision = { decision: "allow" } | { decision: "step_up"; aal: 2 | 3 } | { decision: "block" };
export type TRiskOutcome = TRiskDecision & { reasons: string[] };

const rank = { allow: 0, step_up: 1, block: 2 } as const;

function combine(responses: Array<{ response: "allow" | "step_up" | "block"; reason: string }>): TRiskOutcome {
  const reasons = responses.filter((r) => r.response !== "allow").map((r) => r.reason);
  const worst = responses.reduce<"allow" | "step_up" | "block">(
    (w, r) => (rank[r.response] > rank[w] ? r.response : w),
    "allow",
  );
  if (worst === "block") return { decision: "block", reasons };
  if (worst === "step_up") return { decision: "step_up", aal: 2, reasons };
  return { decision: "allow", reasons };
}

/** The decision for a sign-in. "step_up" asks for a second factor (AAL2) before the session starts. */
export function decideSignIn(signals: TSignInSignals, policy: TRiskPolicy): TRiskOutcome {
  const responses: Array<{ response: "allow" | "step_up" | "block"; reason: string }> = [];
  if (!signals.firstSeen) {
    if (signals.newDevice && signals.newNetwork)
      responses.push({ response: policy.newDeviceAndNetwork, reason: "new_device_and_network" });
    else if (signals.newDevice) responses.push({ response: policy.newDeviceOrNetwork, reason: "new_device" });
    else if (signals.newNetwork) responses.push({ response: policy.newDeviceOrNetwork, reason: "new_network" });
  }
  if (signals.automatedUserAgent)
    responses.push({ response: policy.automatedUserAgent, reason: "automated_user_agent" });
  if (signals.accountFailures >= policy.accountFailureThreshold)
    responses.push({ response: "step_up", reason: "account_failure_velocity" });
  if (signals.ipFailures >= policy.ipFailureThreshold)
    responses.push({ response: policy.ipFailureResponse, reason: "ip_failure_velocity" });
  const outcome = combine(responses);
  // Signals that changed nothing are still recorded, so the audit trail explains every sign-in.
  const observed = [
    signals.newDevice && !signals.firstSeen ? "new_device" : null,
    signals.newNetwork && !signals.firstSeen ? "new_network" : null,
    signals.recentlyRecovered ? "recently_recovered" : null,
    signals.credentialsRecentlyChanged ? "credentials_recently_changed" : null,
  ].filter(
    (r): r is string =>
      r !== null &&
      !outcome.reasons.includes(r) &&
      !(outcome.reasons.includes("new_device_and_network") && r.startsWith("new_")),
  );
  return { ...outcome, reasons: [...outcome.reasons, ...observed] };
}

export type TActionSignals = {
  recentlyRecovered: boolean;
  credentialsRecentlyChanged: boolean;
  automatedUserAgent: boolean;
};

/**
 * The decision for a sensitive action. Tenant-defined actions (payouts and the like) are blocked,
 * or need the strongest factor, during the cool-down after a recovery; a recent credential change
 * or an automated user agent means the session's sign-in no longer counts, only a fresh step-up.
 */
export function decideAction(
  signals: TActionSignals,
  policy: TRiskPolicy,
  action: { builtIn: boolean },
): TRiskOutcome & { freshProofOnly: boolean; passkeyOnly: boolean } {
  const reasons: string[] = [];
  let passkeyOnly = false;
  let freshProofOnly = false;
  if (!action.builtIn && signals.recentlyRecovered) {
    if (policy.afterRecovery === "block")
      return { decision: "block", reasons: ["recently_recovered"], freshProofOnly: true, passkeyOnly: false };
    passkeyOnly = true;
    freshProofOnly = true;
    reasons.push("recently_recovered");
  }
  if (!action.builtIn && signals.credentialsRecentlyChanged) {
    freshProofOnly = true;
    reasons.push("credentials_recently_changed");
  }
  if (signals.automatedUserAgent) {
    freshProofOnly = true;
    reasons.push("automated_user_agent");
  }
  if (reasons.length === 0) return { decision: "allow", reasons, freshProofOnly, passkeyOnly };
  return { decision: "step_up", aal: 2, reasons, freshProofOnly, passkeyOnly };
}

export type TContextShift = { ipPrefixChanged: boolean; userAgentFamilyChanged: boolean };

/** What happens to a live session whose context changed: the stricter of the two responses. */
export function decideContextShift(
  shift: TContextShift,
  policy: TRiskPolicy,
): { decision: "keep" | "downgrade" | "end"; reasons: string[] } {
  const order = { keep: 0, downgrade: 1, end: 2 } as const;
  let decision: "keep" | "downgrade" | "end" = "keep";
  const reasons: string[] = [];
  if (shift.ipPrefixChanged) {
    reasons.push("ip_prefix_changed");
    if (order[policy.ipPrefixShift] > order[decision]) decision = policy.ipPrefixShift;
  }
  if (shift.userAgentFamilyChanged) {
    reasons.push("user_agent_family_changed");
    if (order[policy.userAgentShift] > order[decision]) decision = policy.userAgentShift;
  }
  return { decision, reasons };
}
