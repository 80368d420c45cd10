// The tenant as the repositories return it: its JSON settings parsed (risk policy, session limits).
// A leaf: imports only other leaf types files.
import type { TRiskPolicy } from "../risk/types";
import type { TSessionLimits } from "../sessions/types";

export type { TRiskPolicy } from "../risk/types";
export type { TSessionLimits } from "../sessions/types";

export type TTenant = {
  id: string;
  slug: string;
  name: string;
  tagline: string | null;
  logoUrl: string | null;
  primaryColor: string;
  /** Text colour on the primary colour; null picks black or white, whichever reads better. */
  brandTextColor: string | null;
  accentColor: string | null;
  supportEmail: string | null;
  minPasswordLength: number;
  /** "open" | "invite_only" */
  signupMode: string;
  sessionIdleMinutes: number | null;
  sessionAbsoluteMinutes: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  permanentLockoutThreshold: number;
  /** "off" | "optional" | "required" */
  mfaPolicy: string;
  allowPassword: boolean;
  allowPasskey: boolean;
  allowTotp: boolean;
  sessionLimits: TSessionLimits;
  riskPolicy: TRiskPolicy;
  recoveryWaitHours: number;
  recoveryCooldownHours: number;
  requireVerifiedEmail: boolean;
  requireAttestation: boolean;
  /** JSON array of PEM root certificates the tenant trusts for passkey attestation. */
  attestationRoots: string;
  createdAt: Date;
  updatedAt: Date;
};

/** Why an uploaded logo was refused. */
export type TLogoProblem = "empty" | "too_large" | "svg" | "not_an_image";
