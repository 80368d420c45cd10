// Pure step-up decisions: what level an action needs from this user, whether the session's own
// sign-in proof or a recent elevation covers it, and which methods could.
import type { TStepUpGrant } from "../db/store";
import { computeAssurance, type TProof } from "../identity/assurance";
import { passkeyUsable, signInMethods, totpUsable, type TAuthenticators } from "../identity/authenticators";
import type { TActionPolicy, TStepUpMethod } from "./policies";
import { ANY_ACTION } from "./types";

export type TSessionProof = {
  aal: number;
  amr: string[];
  /** Method reference → ISO time it was last proven in this session. */
  methodTimes: Record<string, string>;
  downgradedAt: Date | null;
};

export { ANY_ACTION } from "./types";

export function requiredAal(policy: TActionPolicy, userHasSecondFactor: boolean): 1 | 2 | 3 {
  return userHasSecondFactor ? policy.minAal : (policy.singleFactorAal ?? policy.minAal);
}

const AMR_OF_METHOD: Record<TStepUpMethod, string[]> = {
  password: ["pwd"],
  totp: ["otp"],
  recovery_code: ["otp"],
  passkey: ["hwk", "swk"],
};
const FACTOR_AMR = ["pwd", "otp", "hwk", "swk"];

function isFresh(at: number, now: Date, maxAgeMinutes: number, downgradedAt: Date | null): boolean {
  if (!Number.isFinite(at) || at > now.getTime()) return false;
  if (now.getTime() - at > maxAgeMinutes * 60_000) return false;
  return downgradedAt === null || at > downgradedAt.getTime();
}

/**
 * The session's sign-in covers the action when it reached the level and every factor behind that
 * level was proven within the policy's age (and after any downgrade of the session). A policy
 * that names methods also needs one of them among the session's factors.
 */
export function sessionSatisfies(policy: TActionPolicy, required: number, session: TSessionProof, now: Date): boolean {
  if (session.aal < required) return false;
  const factors = session.amr.filter((m) => FACTOR_AMR.includes(m));
  if (factors.length === 0) return false;
  const times = factors.map((m) => Date.parse(session.methodTimes[m] ?? ""));
  if (!times.every((t) => isFresh(t, now, policy.maxAgeMinutes, session.downgradedAt))) return false;
  if (
    policy.methods.length > 0 &&
    !policy.methods.some((method) => AMR_OF_METHOD[method].some((m) => factors.includes(m)))
  )
    return false;
  return true;
}

/** The newest elevation that covers the action, if any. */
export function usableGrant(
  policy: TActionPolicy,
  required: number,
  grants: TStepUpGrant[],
  session: Pick<TSessionProof, "downgradedAt">,
  now: Date,
): TStepUpGrant | null {
  const key = policy.singleUse ? policy.action : ANY_ACTION;
  return (
    grants
      .filter((g) => g.action === key && g.consumedAt === null && g.expiresAt > now && g.aal >= required)
      .filter((g) => policy.methods.length === 0 || policy.methods.includes(g.method as TStepUpMethod))
      .filter((g) => isFresh(g.createdAt.getTime(), now, policy.maxAgeMinutes, session.downgradedAt))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0] ?? null
  );
}

export type TStepUpProof =
  | { method: "password" }
  | { method: "totp" }
  | { method: "recovery_code" }
  | { method: "passkey"; userVerified: boolean; backupEligible: boolean; attested: boolean };

/**
 * The level an elevation reaches. Within a live session that proved the password at sign-in, a
 * fresh possession factor completes two factors, exactly as the second step of sign-in does; a
 * password alone never exceeds AAL1; a passkey with user verification stands on its own.
 */
export function elevationAal(proof: TStepUpProof, session: Pick<TSessionProof, "amr">): 1 | 2 | 3 {
  const proofs: TProof[] = [proof];
  if (proof.method !== "password" && proof.method !== "passkey" && session.amr.includes("pwd"))
    proofs.push({ method: "password" });
  if (proof.method === "passkey" && !proof.userVerified && session.amr.includes("pwd"))
    proofs.push({ method: "password" });
  return computeAssurance(proofs).aal;
}

/**
 * Methods to offer on the step-up page: the user has them, the tenant allows them, the policy
 * names them (or names none), and they can reach the level. A passkey is offered whenever the
 * user has one; whether it reaches AAL3 is known only from the assertion. Recovery codes are
 * offered beside an authenticator app the tenant allows, not on their own.
 */
export function methodsToOffer(
  policy: TActionPolicy,
  required: number,
  user: TAuthenticators,
  session: Pick<TSessionProof, "amr">,
): TStepUpMethod[] {
  const candidates: TStepUpMethod[] = [];
  if (passkeyUsable(user)) candidates.push("passkey");
  if (totpUsable(user)) candidates.push("totp");
  if (totpUsable(user) && user.recoveryCodes.remaining > 0) candidates.push("recovery_code");
  if (signInMethods(user).password) candidates.push("password");
  return candidates
    .filter((m) => policy.methods.length === 0 || policy.methods.includes(m))
    .filter((m) => {
      if (m === "passkey") return required <= 3;
      return elevationAal({ method: m } as TStepUpProof, session) >= required;
    });
}
