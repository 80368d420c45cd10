// The WebAuthn relying party both realms share (customers and staff), through
// @simplewebauthn/server: the RP ID and origin (the portal's host, from the configured base URL),
// the options a ceremony starts with, the checks of a registration or an assertion against its
// challenge, origin and RP ID, and the signature-counter rule. What a credential belongs to, which
// challenges are good and what a success grants is each realm's own business: customer passkeys
// in passkey-*.ts (challenges in webauthn-challenge.ts, attestation in attestation.ts), staff
// passkeys in lib/workforce/staff-passkeys.ts.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import type { TDeps } from "../kernel/deps";
import type { TAuthenticatorTransport } from "./types";

export function relyingParty(deps: Pick<TDeps, "baseUrl">) {
  return { rpID: deps.baseUrl.hostname, origin: deps.baseUrl.origin };
}

/** A passkey's name as stored, in both realms: NFC, trimmed, at most 60 characters; "" when nothing is left. */
export function passkeyName(input: string): string {
  return input.normalize("NFC").trim().slice(0, 60);
}

/** A stored credential as the options name it (to exclude at registration, or allow at sign-in). */
type TStoredCredential = { credentialId: string; transports: readonly TAuthenticatorTransport[] };

function descriptors(credentials: readonly TStoredCredential[]) {
  return credentials.map((c) => ({ id: c.credentialId, transports: [...c.transports] }));
}

/** Options for navigator.credentials.create; user verification is "preferred" in both realms. */
export function registrationOptions(
  deps: Pick<TDeps, "baseUrl">,
  input: {
    rpName: string;
    user: { id: string; name: string; displayName: string };
    attestation: "direct" | "none";
    residentKey: "required" | "preferred";
    exclude: readonly TStoredCredential[];
  },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: input.rpName,
    rpID: relyingParty(deps).rpID,
    userName: input.user.name,
    userDisplayName: input.user.displayName,
    userID: new TextEncoder().encode(input.user.id),
    attestationType: input.attestation,
    excludeCredentials: descriptors(input.exclude),
    authenticatorSelection: { residentKey: input.residentKey, userVerification: "preferred" },
  });
}

/** Options for navigator.credentials.get; no `allow` list means discoverable credentials. */
export function authenticationOptions(
  deps: Pick<TDeps, "baseUrl">,
  allow: readonly TStoredCredential[] = [],
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: relyingParty(deps).rpID,
    userVerification: "preferred",
    allowCredentials: descriptors(allow),
  });
}

/**
 * Checks a registration response for this challenge, origin and RP ID, and its attestation
 * statement when there is one (its signature, not yet whom it chains to: see attestation.ts); its
 * data, or null.
 */
export async function checkRegistration(
  deps: Pick<TDeps, "baseUrl">,
  response: RegistrationResponseJSON,
  challenge: string,
) {
  const { rpID, origin } = relyingParty(deps);
  try {
    const verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: false,
    });
    return verification.verified ? verification.registrationInfo : null;
  } catch {
    return null;
  }
}

/** A verified new credential as both realms store it (the public key as base64url text). */
export function storedCredential(info: NonNullable<Awaited<ReturnType<typeof checkRegistration>>>) {
  return {
    credentialId: info.credential.id,
    publicKey: Buffer.from(info.credential.publicKey).toString("base64url"),
    counter: info.credential.counter,
    transports: info.credential.transports ?? [],
    backupEligible: info.credentialDeviceType === "multiDevice",
  };
}

/**
 * Checks an assertion's signature, challenge, origin and RP ID against a stored credential; the
 * authenticator's data on success, null otherwise. The signature counter is left to the caller
 * (see counterRegressed).
 */
export async function checkAssertionSignature(
  deps: Pick<TDeps, "baseUrl">,
  response: AuthenticationResponseJSON,
  challenge: string,
  credential: { credentialId: string; publicKey: string; transports: readonly TAuthenticatorTransport[] },
) {
  const { rpID, origin } = relyingParty(deps);
  try {
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: false,
      // The library compares counters before it checks the signature. Counter 0 switches its check
      // off, so the comparison in counterRegressed runs only on a genuinely signed assertion: a
      // forged one must not be able to write "cloned authenticator" into an audit trail.
      credential: {
        id: credential.credentialId,
        publicKey: new Uint8Array(Buffer.from(credential.publicKey, "base64url")),
        counter: 0,
        transports: [...credential.transports],
      },
    });
    return verification.verified ? verification.authenticationInfo : null;
  } catch {
    return null;
  }
}

/** How long a challenge is good for, in both realms. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

/** The shape of a challenge this relying party issued (base64url); anything else is refused unread. */
export function isWellFormedChallenge(challenge: string): boolean {
  return /^[A-Za-z0-9_-]{16,128}$/.test(challenge);
}

/** The challenge a browser signed, read from its clientDataJSON (base64url JSON), or null. */
export function challengeFromClientData(clientDataJSON: unknown): string | null {
  if (typeof clientDataJSON !== "string" || clientDataJSON.length > 4096) return null;
  try {
    const data: unknown = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8"));
    if (typeof data === "object" && data !== null && "challenge" in data && typeof data.challenge === "string")
      return data.challenge;
    return null;
  } catch {
    return null;
  }
}

/**
 * WebAuthn §6.1.1: a counter that did not move forward means a cloned authenticator (or a replay);
 * authenticators that do not count report 0 every time and are accepted.
 */
export function counterRegressed(stored: number, received: number): boolean {
  return (received > 0 || stored > 0) && received <= stored;
}
