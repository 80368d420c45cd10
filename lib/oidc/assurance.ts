// What a Portico session proves, in OpenID terms: `acr` names its NIST level
// (urn:portico:aal1-3), `amr` its RFC 8176 methods, `auth_time` the time of its latest proof.
import type { TSession } from "../sessions/types";
import { ACR_VALUES, type TAcr } from "./types";

/** RFC 8176 method references Portico hands to apps (its markers "email" and "email_link" are not methods). */
const RFC8176_AMR = new Set(["pwd", "otp", "hwk", "swk", "user", "mfa"]);

export function acrOf(aal: number): TAcr {
  return ACR_VALUES[Math.min(Math.max(aal, 1), 3) - 1] ?? "urn:portico:aal1";
}

/** The level an acr value names (1-3), or null for a value Portico does not know. */
export function levelOfAcr(acr: string): number | null {
  const index = (ACR_VALUES as readonly string[]).indexOf(acr);
  return index < 0 ? null : index + 1;
}

/**
 * The level a request needs: at least the client's registered minimum, and at least the lowest of
 * the levels `acr_values` names (any of them satisfies the app; unknown values are ignored).
 */
export function requiredLevel(clientMinAal: number, acrValues: string[]): number {
  const asked = acrValues.map(levelOfAcr).filter((level): level is number => level !== null);
  return Math.max(clientMinAal, asked.length > 0 ? Math.min(...asked) : 1);
}

export type TAssurance = { acr: TAcr; amr: string[]; /** epoch seconds */ authTime: number };

export function assuranceOf(session: Pick<TSession, "aal" | "amr" | "methodTimes" | "authTime">): TAssurance {
  const proofs = Object.values(session.methodTimes)
    .map((iso) => Date.parse(iso))
    .filter((time) => Number.isFinite(time));
  const latest = Math.max(session.authTime.getTime(), ...proofs);
  return {
    acr: acrOf(session.aal),
    amr: session.amr.filter((method) => RFC8176_AMR.has(method)),
    authTime: Math.floor(latest / 1000),
  };
}
