// The signing keys of a tenant's OpenID Provider: one RS256 key (every client library can verify
// it) and one ES256 key per tenant, generated on first use. The private JWK is sealed with the
// deployment's encryption key (PORTICO_ENCRYPTION_KEY), bound to its tenant and kid, so a database
// copy alone cannot sign tokens and a sealed key moved to another tenant's row does not open.
import { generateKeyPairSync, type JsonWebKey } from "node:crypto";
import { isUniqueViolation } from "../db/errors";
import type { TDeps } from "../kernel/deps";
import type { TOidcSigningAlg, TOidcSigningKey } from "./types";

const ALGS: readonly TOidcSigningAlg[] = ["RS256", "ES256"];

/** A private JWK with the members oidc-provider needs to sign (kid, alg, use). */
export type TPrivateJwk = JsonWebKey & { kid: string; alg: TOidcSigningAlg; use: "sig" };

export function keyContext(tenantId: string, kid: string): string {
  return `oidc-key:${tenantId}:${kid}`;
}

function generate(alg: TOidcSigningAlg): JsonWebKey {
  const { privateKey } =
    alg === "RS256"
      ? generateKeyPairSync("rsa", { modulusLength: 2048 })
      : generateKeyPairSync("ec", { namedCurve: "P-256" });
  return privateKey.export({ format: "jwk" });
}

/**
 * The first key of each algorithm has a kid fixed by tenant and algorithm, so two nodes starting at
 * once cannot both create one (the kid is unique): the slower one reads the winner's key.
 */
export function firstKid(tenantId: string, alg: TOidcSigningAlg): string {
  return `${tenantId}-${alg.toLowerCase()}-1`;
}

function open(deps: TDeps, key: TOidcSigningKey): TPrivateJwk {
  const jwk = JSON.parse(deps.secrets.open(key.sealedJwk, keyContext(key.tenantId, key.kid))) as JsonWebKey;
  return { ...jwk, kid: key.kid, alg: key.alg, use: "sig" };
}

/**
 * The tenant's private signing keys, newest first (the provider signs with the first key of an
 * algorithm and publishes the public part of each); creates the missing ones.
 */
export async function signingKeysFor(deps: TDeps, tenantId: string): Promise<TPrivateJwk[]> {
  let keys = await deps.store.oidcSigningKeys.list(tenantId);
  const missing = ALGS.filter((alg) => !keys.some((key) => key.alg === alg && !key.retiredAt));
  for (const alg of missing) {
    const kid = firstKid(tenantId, alg);
    try {
      await deps.store.oidcSigningKeys.create({
        tenantId,
        kid,
        alg,
        sealedJwk: deps.secrets.seal(JSON.stringify(generate(alg)), keyContext(tenantId, kid)),
        at: deps.now(),
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  if (missing.length > 0) keys = await deps.store.oidcSigningKeys.list(tenantId);
  // Retired keys are left out for now: key rotation (publishing a retired key's public part until
  // its tokens expire) comes with the console's key management.
  return keys.filter((key) => !key.retiredAt).map((key) => open(deps, key));
}
