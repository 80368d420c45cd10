// Completing a pending account link with the local account's passkey: the challenge is bound to this
// browser, this link request and this account (its binding names the request; only that account's
// passkeys are allowed and accepted), and is checked by the same assertion machinery as every other
// passkey ceremony (lib/identity/passkey-assertion.ts).
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { computeAssurance } from "../identity/assurance";
import { verifyPasskeyOfUser } from "../identity/passkey-assertion";
import { storeChallenge } from "../identity/webauthn-challenge";
import { authenticationOptions } from "../identity/webauthn-rp";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { fail, type TFailure } from "../kernel/outcome";
import type { TFederatedLinkRequest } from "../organisations/types";
import { consumeRateLimit } from "../risk/rate-limit";
import { hashToken, isWellFormedToken } from "../security/tokens";
import type { TTenant } from "../tenancy/types";
import {
  LINK_PROOF_ATTEMPTS,
  LINK_REQUEST_MINUTES,
  linkToAccount,
  signIn,
  type TFederatedResult,
} from "./complete-federated-sign-in";
import { FEDERATION } from "./outcomes";

/** The challenge binding of a link request in one browser: a challenge for another request or browser is not found. */
function linkBinding(request: TFederatedLinkRequest, browserBinding: string): string {
  return `fed-link:${request.id}:${browserBinding}`;
}

async function openRequest(deps: TDeps, tenant: TTenant, linkToken: string | undefined) {
  if (!isWellFormedToken(linkToken)) return null;
  const request = await deps.store.federatedLinkRequests.findByTokenHash(tenant.id, hashToken(linkToken));
  if (!request || request.usedAt || request.expiresAt.getTime() <= deps.now().getTime()) return null;
  return request;
}

/** The WebAuthn options for proving the account of a pending link: only that account's passkeys. */
export async function startFederatedLinkPasskey(
  deps: TDeps,
  tenant: TTenant,
  input: { linkToken: string | undefined; browserBinding: string },
): Promise<
  | { ok: true; options: PublicKeyCredentialRequestOptionsJSON }
  | TFailure<typeof FEDERATION, "LINK_EXPIRED" | "LINK_PROOF_FAILED">
> {
  const request = await openRequest(deps, tenant, input.linkToken);
  if (!request) return fail(FEDERATION, "LINK_EXPIRED");
  const passkeys = tenant.allowPasskey ? await deps.store.passkeys.listForUser(tenant.id, request.userId) : [];
  if (passkeys.length === 0) return fail(FEDERATION, "LINK_PROOF_FAILED");
  const options = await authenticationOptions(deps, passkeys);
  await storeChallenge(deps.store, {
    tenantId: tenant.id,
    purpose: "authentication",
    challenge: options.challenge,
    binding: linkBinding(request, input.browserBinding),
    userId: request.userId,
    now: deps.now(),
  });
  return { ok: true, options };
}

/**
 * Completes a pending link with a passkey assertion of the local account: the identity links
 * (audited with proof "passkey") and the person is signed in. A failed assertion counts against the
 * request's LINK_PROOF_ATTEMPTS like a wrong password.
 */
export async function completeFederatedLinkWithPasskey(
  deps: TDeps,
  tenant: TTenant,
  input: { linkToken: string | undefined; browserBinding: string | undefined; response: AuthenticationResponseJSON },
  meta: TRequestMeta,
): Promise<TFederatedResult | TFailure<typeof FEDERATION, "LINK_EXPIRED" | "LINK_PROOF_FAILED">> {
  const now = deps.now();
  const request = await openRequest(deps, tenant, input.linkToken);
  if (!request || !input.browserBinding) return fail(FEDERATION, "LINK_EXPIRED");
  const attempts = await consumeRateLimit(
    deps.store,
    `fed-link:${request.id}`,
    LINK_PROOF_ATTEMPTS,
    LINK_REQUEST_MINUTES * 60,
    now,
  );
  if (!attempts.allowed) {
    await deps.store.federatedLinkRequests.use(tenant.id, request.id, now);
    return fail(FEDERATION, "LINK_EXPIRED");
  }
  const verified = await verifyPasskeyOfUser(
    deps,
    tenant,
    input.response,
    linkBinding(request, input.browserBinding),
    request.userId,
    meta,
  );
  if (!verified.ok) return fail(FEDERATION, "LINK_PROOF_FAILED");
  const [user, connection] = await Promise.all([
    deps.store.users.findById(tenant.id, request.userId),
    deps.store.enterpriseConnections.findById(tenant.id, request.connectionId),
  ]);
  if (!user || user.email !== request.email) return fail(FEDERATION, "LINK_EXPIRED");
  if (!connection) return fail(FEDERATION, "UNKNOWN_CONNECTION");
  const linked = await linkToAccount(deps, tenant, {
    requestId: request.id,
    user,
    connection,
    subject: request.subject,
    email: request.email,
    proof: "passkey",
    meta,
  });
  if (!linked.ok) return linked;
  const fresh = (await deps.store.users.findById(tenant.id, user.id)) ?? user;
  const assurance = computeAssurance([verified.proof]);
  return signIn(
    deps,
    tenant,
    {
      user: fresh,
      connection,
      aal: assurance.aal >= 2 ? 2 : 1,
      amr: ["fed", ...assurance.amr.filter((amr) => amr !== "fed")],
      identityId: linked.id,
      provisioned: false,
    },
    meta,
  );
}
