// Customer accounts and passkeys as the repositories return them. A leaf: imports only other leaf types files.
import type { TOrgRole } from "../organisations/types";

/** An account's state; lib/db reads any other stored value as "disabled" (fails closed). */
export type TUserStatus = "active" | "locked" | "disabled";
export const USER_STATUSES: readonly TUserStatus[] = ["active", "locked", "disabled"];

export type TUser = {
  id: string;
  tenantId: string;
  /** Normalised (NFC, trimmed, lower-cased) address; unique within a tenant. */
  email: string;
  displayName: string | null;
  status: TUserStatus;
  lockReason: string | null;
  lockedAt: Date | null;
  /** A temporary lock ends at this time; null with status "locked" means it needs support or recovery. */
  lockedUntil: Date | null;
  failedLoginCount: number;
  lastFailedAt: Date | null;
  secondFactorFailures: number;
  emailVerifiedAt: Date | null;
  passkeyOfferDismissedAt: Date | null;
  recoveredAt: Date | null;
  credentialsChangedAt: Date | null;
  signupDeviceHash: string | null;
  payoutHolder: string | null;
  payoutIban: string | null;
  payoutChangedAt: Date | null;
  /** The organisation the account belongs to in this tenant, and its role there; null for a consumer. */
  organisationId: string | null;
  organisationRole: TOrgRole | null;
  /** Completed sign-ins (progressive profiling asks for some attributes after the N-th). */
  signInCount: number;
  createdAt: Date;
  updatedAt: Date;
};

/** The WebAuthn transport hints an authenticator reports at registration. */
export type TAuthenticatorTransport = "ble" | "cable" | "hybrid" | "internal" | "nfc" | "smart-card" | "usb";

export type TPasskey = {
  id: string;
  tenantId: string;
  userId: string;
  /** base64url credential ID, unique within the tenant (its relying party). */
  credentialId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  counter: number;
  transports: TAuthenticatorTransport[];
  backupEligible: boolean;
  backedUp: boolean;
  aaguid: string | null;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  attestationFormat: string | null;
  /** SHA-256 (hex) of the trusted root the attestation chained to; null when not verified. */
  attestationRoot: string | null;
};

/** Why pasted PEM text is not a list of trusted roots (`index`: the certificate's place, from 1). */
export type TRootProblem =
  | { problem: "roots_too_long"; max: number }
  | { problem: "roots_not_pem" }
  | { problem: "roots_too_many"; max: number }
  | { problem: "not_certificate"; index: number }
  | { problem: "not_ca"; index: number }
  | { problem: "not_root"; index: number }
  | { problem: "not_valid_now"; index: number; validFrom: string; validTo: string };
