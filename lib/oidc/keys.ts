// The signing keys of a tenant's OpenID Provider: one RS256 key (every client library can verify
// it) and one ES256 key per tenant, generated on first use. The private JWK is sealed with the
// deployment's encryption key (PORTICO_ENCRYPTION_KEY), bound to its tenant and kid, so a database
// copy alone cannot sign tokens and a sealed key moved to another tenant's row does not open.
//
// Rotation (from the admin console) retires the signing keys and creates new ones in one
// transaction: the new keys sign from then on; a retired key stays published (its JWK marked
// `key_ops: ["verify"]`, so the provider never selects it to sign) until every token it signed has
// expired (RETIRED_KEY_WINDOW_SECONDS), then its row is deleted.
import { generateKeyPairSync, randomBytes, type JsonWebKey } from "node:crypto";
import { isUniqueViolation } from "../db/errors";
import type { TDeps } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { RETIRED_KEY_WINDOW_SECONDS } from "./lifetimes";
import type { TOidcSigningAlg, TOidcSigningKey } from "./types";

const ALGS: readonly TOidcSigningAlg[] = ["RS256", "ES256"];

/** A private JWK with the members oidc-provider needs to sign (kid, alg, use); a retired one may only verify. */
export type TPrivateJwk = JsonWebKey & { kid: string; alg: TOidcSigningAlg; use: "sig"; key_ops?: ["verify"] };

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
  return {
    ...jwk,
    kid: key.kid,
    alg: key.alg,
    use: "sig",
    ...(key.retiredAt ? { key_ops: ["verify"] as ["verify"] } : {}),
  };
}

/** Whether a retired key's window is over at `now` (every token it signed has expired). */
export function isPastWindow(key: TOidcSigningKey, now: Date): boolean {
  return key.retiredAt !== null && now.getTime() - key.retiredAt.getTime() > RETIRED_KEY_WINDOW_SECONDS * 1000;
}

/**
 * The tenant's published key rows at `now`: the signing keys (newest first), then the retired keys
 * still inside their window. Creates the missing signing keys; deletes retired keys past their window.
 */
export async function publishedKeyRows(deps: TDeps, tenantId: string): Promise<TOidcSigningKey[]> {
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
  const now = deps.now();
  const expired = keys.filter((key) => isPastWindow(key, now));
  if (expired.length > 0)
    await deps.store.oidcSigningKeys.remove(
      tenantId,
      expired.map((key) => key.kid),
    );
  if (missing.length > 0 || expired.length > 0) keys = await deps.store.oidcSigningKeys.list(tenantId);
  const live = keys.filter((key) => !isPastWindow(key, now));
  return [...live.filter((key) => !key.retiredAt), ...live.filter((key) => key.retiredAt)];
}

/** What identifies a set of published keys: a provider built from another set is rebuilt. */
export function keyVersionOf(rows: readonly TOidcSigningKey[]): string {
  return rows.map((key) => `${key.kid}:${key.retiredAt ? "verify" : "sign"}`).join(",");
}

/**
 * The tenant's private keys as the provider takes them: the signing keys first (newest first; the
 * provider signs with the first key of an algorithm), then the retired ones, for verification only.
 */
export function openKeys(deps: TDeps, rows: readonly TOidcSigningKey[]): TPrivateJwk[] {
  return rows.map((key) => open(deps, key));
}

/** The tenant's published private keys (see publishedKeyRows); creates the missing ones. */
export async function signingKeysFor(deps: TDeps, tenantId: string): Promise<TPrivateJwk[]> {
  return openKeys(deps, await publishedKeyRows(deps, tenantId));
}

/**
 * Retires every signing key of the tenant and creates a new one per algorithm, in one transaction.
 * Returns the kids retired and created.
 */
export async function rotateSigningKeys(
  deps: TDeps,
  tenantId: string,
  /** Runs in the same transaction (the audit row). */
  also: (tx: TDeps, rotated: { retired: string[]; created: string[] }) => Promise<void> = async () => {},
): Promise<{ retired: string[]; created: string[] }> {
  await publishedKeyRows(deps, tenantId);
  const fresh = ALGS.map((alg) => {
    const kid = `${tenantId}-${alg.toLowerCase()}-${randomBytes(6).toString("hex")}`;
    return { alg, kid, sealedJwk: deps.secrets.seal(JSON.stringify(generate(alg)), keyContext(tenantId, kid)) };
  });
  return withTransaction(deps, async (tx) => {
    const at = tx.now();
    const retired = await tx.store.oidcSigningKeys.retireSigning(tenantId, at);
    for (const key of fresh) await tx.store.oidcSigningKeys.create({ tenantId, ...key, at });
    const rotated = { retired, created: fresh.map((key) => key.kid) };
    await also(tx, rotated);
    return rotated;
  });
}
