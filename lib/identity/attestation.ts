// Passkey attestation against a tenant's own trust list: the only way a passkey reaches AAL3.
//
// The flags an authenticator reports (not backup-eligible, user verified) are its own claims; with
// attestation "none" nothing vouches for them, so such a passkey is AAL2 at most (NIST SP 800-63B-4
// asks AAL3 authenticators to be verifiably hardware-bound). A tenant that wants AAL3 turns on
// `requireAttestation` and lists the root certificates of the authenticator makers it trusts;
// registration then asks for "direct" attestation and keeps, with the credential, the SHA-256 of
// the root its attestation chains to. The passkey counts as attested while the tenant still
// requires attestation and still trusts that root (removing a root demotes its keys at once).
//
// @simplewebauthn/server verifies the attestation statement itself (signature by the leaf
// certificate, the leaf's required fields, the AAGUID extension). Its trust anchors live in
// `SettingsService`, one process-wide list per attestation format, which cannot hold a list per
// tenant without racing between concurrent registrations of different tenants. So the chain is
// checked here with the library's own `validateCertificatePath` helper (the function
// verifyRegistrationResponse calls with SettingsService's roots), given the tenant's roots as its
// argument. MetadataService (FIDO MDS) is not used: a tenant's list is its policy.
import { createHash, X509Certificate } from "node:crypto";
import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import {
  convertCertBufferToPEM,
  decodeAttestationObject,
  isoBase64URL,
  validateCertificatePath,
} from "@simplewebauthn/server/helpers";
import type { TTenant } from "../tenancy/types";
import type { TRootProblem } from "./types";

export type TTrustedRoot = { pem: string; sha256: string; subject: string; notAfter: Date };

/** At most this many roots per tenant, and this many characters of PEM text in the form. */
export const TRUST_LIST_LIMITS = { roots: 10, characters: 64_000 } as const;

/** Formats whose statement carries a certificate chain (x5c) that can be checked against roots. */
const CHAIN_FORMATS = new Set(["packed", "tpm", "android-key", "apple", "fido-u2f"]);

function describe(cert: X509Certificate, pem: string): TTrustedRoot {
  return {
    pem,
    sha256: createHash("sha256").update(cert.raw).digest("hex"),
    subject: cert.subject.replace(/\n/g, ", "),
    notAfter: new Date(cert.validTo),
  };
}

/** The roots stored for a tenant (entries that no longer parse are skipped, never trusted). */
export function trustedRootsOf(tenant: Pick<TTenant, "attestationRoots">): TTrustedRoot[] {
  return tenant.attestationRoots.flatMap((pem) => {
    try {
      return [describe(new X509Certificate(pem), pem)];
    } catch {
      return [];
    }
  });
}

export type TRootCheck = { ok: true; roots: TTrustedRoot[] } | { ok: false; problem: TRootProblem };

/**
 * Validates the PEM text an admin pasted: one or more certificates, each a CA certificate that
 * signed itself (a root) and is valid now; duplicates are dropped.
 */
export function checkRootCertificates(text: string, now: Date): TRootCheck {
  if (text.length > TRUST_LIST_LIMITS.characters)
    return { ok: false, problem: { problem: "roots_too_long", max: TRUST_LIST_LIMITS.characters } };
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  const rest = text.replace(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g, "").trim();
  if (rest.length > 0) return { ok: false, problem: { problem: "roots_not_pem" } };
  const roots: TTrustedRoot[] = [];
  for (const [index, block] of blocks.entries()) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block);
    } catch {
      return { ok: false, problem: { problem: "not_certificate", index: index + 1 } };
    }
    if (!cert.ca) return { ok: false, problem: { problem: "not_ca", index: index + 1 } };
    if (!cert.checkIssued(cert) || !cert.verify(cert.publicKey))
      return { ok: false, problem: { problem: "not_root", index: index + 1 } };
    if (new Date(cert.validFrom) > now || new Date(cert.validTo) <= now)
      return {
        ok: false,
        problem: { problem: "not_valid_now", index: index + 1, validFrom: cert.validFrom, validTo: cert.validTo },
      };
    const root = describe(cert, cert.toString());
    if (!roots.some((r) => r.sha256 === root.sha256)) roots.push(root);
  }
  if (roots.length > TRUST_LIST_LIMITS.roots)
    return { ok: false, problem: { problem: "roots_too_many", max: TRUST_LIST_LIMITS.roots } };
  return { ok: true, roots };
}

/**
 * The root of `roots` that a verified registration's attestation chains to, as its SHA-256, or null
 * (attestation "none", self attestation without a chain, or a chain to none of them). Call it only
 * after verifyRegistrationResponse accepted the response: that checked the statement's signature.
 */
export async function attestationRootOf(
  response: RegistrationResponseJSON,
  roots: readonly TTrustedRoot[],
): Promise<string | null> {
  if (roots.length === 0) return null;
  let chain: string[];
  try {
    const attestation = decodeAttestationObject(isoBase64URL.toBuffer(response.response.attestationObject));
    if (!CHAIN_FORMATS.has(attestation.get("fmt"))) return null;
    const x5c = attestation.get("attStmt").get("x5c");
    if (!x5c || x5c.length === 0) return null;
    chain = x5c.map((der) => convertCertBufferToPEM(der));
  } catch {
    return null;
  }
  for (const root of roots) {
    try {
      if (await validateCertificatePath(chain, [root.pem])) return root.sha256;
    } catch {
      // Not this root; try the next.
    }
  }
  return null;
}

/** Does this credential's attestation count at this tenant right now? */
export function isAttested(
  tenant: Pick<TTenant, "requireAttestation" | "attestationRoots">,
  credential: { attestationRoot: string | null },
): boolean {
  if (!tenant.requireAttestation || credential.attestationRoot === null) return false;
  return trustedRootsOf(tenant).some((root) => root.sha256 === credential.attestationRoot);
}
