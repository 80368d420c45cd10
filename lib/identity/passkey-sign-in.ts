// Signing in with a customer passkey (a discoverable credential: no email typed), or completing a
// pending sign-in with one as its second step. User verification is "preferred" and its flag
// decides the assurance level; AAL3 needs an attestation that chains to the tenant's trust list.
import { policyForUser } from "../organisations/policy";
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { TSession } from "../sessions/types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { fail, type TFailure } from "../kernel/outcome";
import { lockRefuses } from "../risk/lockout";
import { assessSignIn, recordBlockedSignIn } from "../risk/sign-in-risk";
import type { createSession } from "../sessions/create-session";
import { secondFactorProven, stageAfterPasskey } from "../sessions/sign-in-stage";
import { computeAssurance, firstProofOf } from "./assurance";
import { isAttested } from "./attestation";
import { verifyAssertion } from "./passkey-assertion";
import { PASSKEY } from "./passkey-outcomes";
import { startSignInSession } from "./sign-in-session";
import { storeChallenge } from "./webauthn-challenge";
import { authenticationOptions } from "./webauthn-rp";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "./types";

export type TPasskeySignInFailure = TFailure<
  typeof PASSKEY,
  | "METHOD_NOT_ALLOWED"
  | "CEREMONY_FAILED"
  | "LOCKED"
  | "EMAIL_NOT_VERIFIED"
  | "RISK_BLOCKED"
  | "SIGN_IN_ENDED"
  | "LEVEL_TOO_LOW"
>;

export async function startPasskeySignIn(
  deps: TDeps,
  tenant: TTenant,
  binding: string,
): Promise<
  { ok: true; options: PublicKeyCredentialRequestOptionsJSON } | TFailure<typeof PASSKEY, "METHOD_NOT_ALLOWED">
> {
  if (!tenant.allowPasskey) return fail(PASSKEY, "METHOD_NOT_ALLOWED");
  const options = await authenticationOptions(deps);
  await storeChallenge(deps.store, {
    tenantId: tenant.id,
    purpose: "authentication",
    challenge: options.challenge,
    binding,
    userId: null,
    now: deps.now(),
  });
  return { ok: true, options };
}

/**
 * Verifies a passkey assertion and starts a session. A passkey with user verification is a
 * multi-factor authenticator (AAL2; AAL3 when device-bound); without it, it counts as one factor
 * and a user with an authenticator app is asked for it next.
 */
export async function finishPasskeySignIn(
  deps: TDeps,
  tenant: TTenant,
  response: AuthenticationResponseJSON,
  binding: string | undefined,
  meta: TRequestMeta,
  /** When the passkey is the second step after a password: that pending sign-in. */
  pending?: { session: TSession; user: TUser },
): Promise<{ ok: true; token: string; session: TSession; next: "complete" | "second_factor" } | TPasskeySignInFailure> {
  const now = deps.now();
  const verified = await verifyAssertion(deps, tenant, response, binding, pending?.user.id ?? null, meta);
  if (!verified.ok) return verified;
  const { credential, user, info } = verified;
  // A passkey cannot be guessed, so no lock that guessing passwords or codes put on the account
  // refuses it (lockout.ts); a disabled account is refused everything.
  if (lockRefuses(user, "passkey", now)) return fail(PASSKEY, "LOCKED");
  // The same rule as password sign-in: an address nobody confirmed opens no session here.
  if (tenant.requireVerifiedEmail && user.emailVerifiedAt === null) return fail(PASSKEY, "EMAIL_NOT_VERIFIED");
  const risk = await assessSignIn(deps.store, tenant, user, meta, now);
  if (risk.outcome.decision === "block") {
    await recordBlockedSignIn(deps, tenant, user, meta, risk.outcome, "passkey");
    return fail(PASSKEY, "RISK_BLOCKED");
  }
  const passkeyProof = {
    method: "passkey" as const,
    userVerified: info.userVerified,
    backupEligible: credential.backupEligible,
    attested: isAttested(tenant, credential),
  };
  const { aal, amr } = computeAssurance(pending ? [firstProofOf(pending.session), passkeyProof] : [passkeyProof]);
  // A member is held to their organisation's policy (lib/organisations/policy.ts): passkeys may be
  // one of its methods or not, and a sign-in below its level completes only with a second factor.
  const member = await policyForUser(deps, tenant, user);
  if (!member.tenant.allowPasskey) return fail(PASSKEY, "METHOD_NOT_ALLOWED");
  const totp = pending || !member.tenant.allowTotp ? null : await deps.store.totp.findByUserId(tenant.id, user.id);
  if (aal < member.minAal && !(aal + 1 >= member.minAal && totp?.confirmedAt != null))
    return fail(PASSKEY, "LEVEL_TOO_LOW");
  // A passkey without user verification is one factor: an enrolled authenticator app is asked next,
  // whatever the tenant's mfaPolicy. A risk "step_up" needs nothing more here, unlike after a
  // password: a passkey with user verification is already two factors, and one without is still a
  // phishing-resistant key that only its device can use, which is exactly what stuffed or guessed
  // passwords (the signals behind "step_up") are not; an emailed code would add a weaker factor.
  const next = stageAfterPasskey({ aal, hasTotp: totp?.confirmedAt != null });
  // The pending sign-in ends by compare-and-set: of concurrent completions one wins, the others
  // roll back and start no session. A losing assertion has still used up its challenge and moved
  // the counter: both belong to that one ceremony, which is over either way.
  const created = await withTransaction<Awaited<ReturnType<typeof createSession>> | null>(
    deps,
    async (txDeps, rollback) => {
      if (pending && !(await secondFactorProven(txDeps.store, pending.session, now)).ok) rollback(null);
      return startSignInSession(
        txDeps,
        user,
        { tenant: member.tenant, meta, aal, amr, stage: next, authTime: pending?.session.authTime },
        { method: "passkey", data: { userVerified: info.userVerified, aal }, assessment: risk },
      );
    },
  );
  if (!created) return fail(PASSKEY, "SIGN_IN_ENDED");
  return { ok: true, token: created.token, session: created.session, next };
}
