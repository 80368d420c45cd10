// The tenant as the repositories return it: its JSON settings parsed (risk policy, session limits).
// A leaf: imports only other leaf types files.
import type { TRiskPolicy } from "../risk/types";
import type { TSessionLimits } from "../sessions/types";

export type { TRiskPolicy } from "../risk/types";
export type { TSessionLimits } from "../sessions/types";

/** Who may sign up; lib/db reads any other stored value as "invite_only" (fails closed). */
export type TSignupMode = "open" | "invite_only";
export const SIGNUP_MODES: readonly TSignupMode[] = ["open", "invite_only"];
/** Whether a second factor is offered or required; lib/db reads any other stored value as "required". */
export type TMfaPolicy = "off" | "optional" | "required";
export const MFA_POLICIES: readonly TMfaPolicy[] = ["off", "optional", "required"];

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
  signupMode: TSignupMode;
  sessionIdleMinutes: number | null;
  sessionAbsoluteMinutes: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  permanentLockoutThreshold: number;
  mfaPolicy: TMfaPolicy;
  allowPassword: boolean;
  allowPasskey: boolean;
  allowTotp: boolean;
  sessionLimits: TSessionLimits;
  riskPolicy: TRiskPolicy;
  recoveryWaitHours: number;
  recoveryCooldownHours: number;
  requireVerifiedEmail: boolean;
  requireAttestation: boolean;
  /** PEM root certificates the tenant trusts for passkey attestation (stored as a JSON array). */
  attestationRoots: readonly string[];
  createdAt: Date;
  updatedAt: Date;
};

/** Why an uploaded logo was refused. */
export type TLogoProblem = "empty" | "too_large" | "svg" | "not_an_image";
