// Authenticator assurance levels (NIST SP 800-63B-4 §2) from the methods proven in a session, and
// the RFC 8176 method references (`amr`) that go with them.
//
//   password alone                                   → AAL1
//   password + TOTP / + passkey / + recovery code    → AAL2 (two factors)
//   passkey with user verification                   → AAL2 (something you have + know/are)
//   attested, device-bound passkey + UV              → AAL3 (phishing-resistant, non-exportable key)
//   passkey without user verification                → a single factor (AAL1)
//
// "Device-bound" (not backup-eligible) is the authenticator's own claim. Only an attestation that
// chained to a root the tenant trusts (see attestation.ts) makes it more than a claim, so only an
// attested passkey reaches AAL3 or is reported as a hardware key (`hwk`); any other is `swk`.
import type { TAmr } from "../sessions/types";

export type TProof =
  | { method: "password" }
  /** An enterprise IdP's sign-in: one first factor of unknown kind, counted like a password. */
  | { method: "federated" }
  | { method: "totp" }
  | { method: "recovery_code" }
  | { method: "passkey"; userVerified: boolean; backupEligible: boolean; attested: boolean };

function hardwareBound(proof: TProof): boolean {
  return proof.method === "passkey" && proof.attested && !proof.backupEligible;
}

export type TAssurance = { aal: 1 | 2 | 3; amr: TAmr[] };

function amrOf(proof: TProof): TAmr[] {
  switch (proof.method) {
    case "password":
      return ["pwd"];
    case "federated":
      return ["fed"];
    case "totp":
      return ["otp"];
    case "recovery_code":
      // Recovery codes are look-up secrets; RFC 8176 has no value for them, "kba"-style values
      // would mislead, so they are reported as one-time passwords.
      return ["otp"];
    case "passkey":
      return [hardwareBound(proof) ? "hwk" : "swk", ...(proof.userVerified ? (["user"] as const) : [])];
  }
}

/** Counts distinct factors: a UV passkey is two on its own (possession + the verified user). */
function factorCount(proofs: TProof[]): number {
  const kinds = new Set<string>();
  for (const proof of proofs) {
    if (proof.method === "password" || proof.method === "federated") kinds.add("know");
    else if (proof.method === "passkey") {
      kinds.add("have");
      if (proof.userVerified) kinds.add("user");
    } else kinds.add("have");
  }
  return kinds.size;
}

export function computeAssurance(proofs: TProof[]): TAssurance {
  if (proofs.length === 0) throw new Error("an assurance level needs at least one proof");
  const amr = [...new Set(proofs.flatMap(amrOf))];
  const factors = factorCount(proofs);
  if (factors >= 2) amr.push("mfa");
  const hardwareUv = proofs.some((p) => p.method === "passkey" && p.userVerified && hardwareBound(p));
  const aal = hardwareUv ? 3 : factors >= 2 ? 2 : 1;
  return { aal, amr };
}

/**
 * The first proof of a pending sign-in waiting for its second factor or enrolment: the enterprise
 * IdP's sign-in when the session came from one (`fed`), else the password.
 */
export function firstProofOf(session: { amr: readonly TAmr[] }): TProof {
  return session.amr.includes("fed") ? { method: "federated" } : { method: "password" };
}
