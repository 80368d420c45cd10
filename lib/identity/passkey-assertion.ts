// The checks a customer passkey assertion goes through, whatever it is for (sign-in, step-up, a
// password reset): the challenge (this tenant, this browser, unused, unexpired), the credential
// (this tenant; this user when one is expected), the signature, origin and RP ID (webauthn-rp.ts),
// and a signature counter that moved forward (compare-and-set).
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TTenant } from "../tenancy/types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { fail } from "../kernel/outcome";
import { isAttested } from "./attestation";
import { PASSKEY } from "./passkey-outcomes";
import { consumeChallenge } from "./webauthn-challenge";
import { challengeFromClientData, checkAssertionSignature, counterRegressed } from "./webauthn-rp";

export async function verifyAssertion(
  deps: TDeps,
  tenant: TTenant,
  response: AuthenticationResponseJSON,
  binding: string | undefined,
  expectedUserId: string | null,
  meta: TRequestMeta,
) {
  const now = deps.now();
  const failed = fail(PASSKEY, "CEREMONY_FAILED");
  const challenge = challengeFromClientData(response?.response?.clientDataJSON);
  if (!challenge || typeof response.id !== "string") return failed;
  if (
    !(await consumeChallenge(deps.store, { tenantId: tenant.id, purpose: "authentication", challenge, binding, now }))
  )
    return failed;
  const credential = await deps.store.passkeys.findByCredentialId(tenant.id, response.id);
  if (!credential) return failed;
  const user = await deps.store.users.findById(tenant.id, credential.userId);
  if (!user || (expectedUserId !== null && expectedUserId !== user.id)) return failed;
  const info = await checkAssertionSignature(deps, response, challenge, credential);
  if (!info) return failed;
  if (counterRegressed(credential.counter, info.newCounter)) {
    await withTransaction(deps, (txDeps) =>
      recordAudit(txDeps.store, {
        tenantId: tenant.id,
        userId: user.id,
        type: AUDIT.passkeyCounterRegressed,
        meta,
        data: { passkeyId: credential.id, storedCounter: credential.counter, receivedCounter: info.newCounter },
        at: now,
      }),
    );
    return failed;
  }
  // Compare-and-set: of two assertions racing with the same counter, one wins.
  if (
    !(await deps.store.passkeys.recordUse(
      tenant.id,
      credential.id,
      credential.counter,
      info.newCounter,
      info.credentialBackedUp,
      now,
    ))
  )
    return failed;
  return { ok: true as const, credential, user, info };
}

/** Verifies a passkey assertion that must come from `userId`'s own passkey (step-up, recovery). */
export async function verifyPasskeyOfUser(
  deps: TDeps,
  tenant: TTenant,
  response: AuthenticationResponseJSON,
  binding: string | undefined,
  userId: string,
  meta: TRequestMeta,
) {
  if (!tenant.allowPasskey) return fail(PASSKEY, "METHOD_NOT_ALLOWED");
  const verified = await verifyAssertion(deps, tenant, response, binding, userId, meta);
  if (!verified.ok) return verified;
  return {
    ok: true as const,
    passkeyId: verified.credential.id,
    proof: {
      method: "passkey" as const,
      userVerified: verified.info.userVerified,
      backupEligible: verified.credential.backupEligible,
      attested: isAttested(tenant, verified.credential),
    },
  };
}
