// The session types, as the repositories return them (parsed, never the stored JSON text). A leaf:
// imports only zod.
import { z } from "zod";

/**
 * RFC 8176 method references a session carries: "pwd", "otp", "hwk" (attested hardware key), "swk"
 * (other passkeys), "user" (user verification), "mfa"; and markers that are not factors:
 * "email" (the emailed sign-in code met a risk challenge), "email_link" (a passkey-setup session) and
 * "fed" (signed in through an organisation's identity provider).
 */
export const AMR_VALUES = ["pwd", "otp", "hwk", "swk", "user", "mfa", "email", "email_link", "fed"] as const;
export type TAmr = (typeof AMR_VALUES)[number];

/**
 * "second_factor": password proven, second factor pending. "enrol_factor": the tenant requires a second factor the
 * user has not set up.
 * "email_code": password proven by a user without a second factor, but the risk engine asked for more: a code mailed
 * to them is pending.
 */
export type TSessionStage = "complete" | "second_factor" | "enrol_factor" | "email_code";

/** Method ("pwd", "otp", "hwk", …) → ISO time it was last proven in this session. */
export type TMethodTimes = Record<string, string>;

/** The last context re-evaluation of a session: when, what the risk engine decided, and why. */
export type TContextEvent = { at: string; decision: "keep" | "downgrade" | "end"; reasons: string[] };

const ZLevel = z.object({
  absoluteMinutes: z
    .number()
    .int()
    .min(5)
    .max(400 * 24 * 60)
    .optional(),
  idleMinutes: z
    .number()
    .int()
    .min(1)
    .max(400 * 24 * 60)
    .nullable()
    .optional(),
});
/** A tenant's session lifetimes per assurance level (Tenant.sessionLimits); a missing level uses the NIST default. */
export const ZSessionLimitsSchema = z.object({
  "1": ZLevel.optional(),
  "2": ZLevel.optional(),
  "3": ZLevel.optional(),
});
export type TSessionLimits = z.infer<typeof ZSessionLimitsSchema>;

export type TSession = {
  id: string;
  tenantId: string;
  userId: string;
  /** SHA-256 of the cookie token; the token itself is never stored. */
  tokenHash: string;
  createdAt: Date;
  lastSeenAt: Date;
  idleExpiresAt: Date | null;
  absoluteExpiresAt: Date;
  ip: string | null;
  userAgent: string | null;
  aal: number;
  amr: TAmr[];
  methodTimes: TMethodTimes;
  stage: TSessionStage;
  authTime: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
  deviceHash: string | null;
  ipPrefix: string | null;
  uaFamily: string | null;
  /** Proofs older than this no longer satisfy step-up (set when a context shift downgrades the session). */
  downgradedAt: Date | null;
  factorAttempts: number;
  contextEvent: TContextEvent | null;
};
