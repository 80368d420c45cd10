// A tenant's risk thresholds and responses (Tenant.riskPolicy, stored as JSON and parsed by the
// repositories). Missing or invalid keys take the defaults, so a stored policy never makes the
// engine fail open or crash. A leaf: imports only zod.
import { z } from "zod";

const ZResponse = z.enum(["allow", "step_up", "block"]);
const ZShift = z.enum(["keep", "downgrade", "end"]);

export const ZRiskPolicySchema = z.object({
  /** Sign-in from a device and a network never seen for this user. */
  newDeviceAndNetwork: ZResponse.catch("step_up").default("step_up"),
  /** Sign-in from a new device on a known network (or the reverse). */
  newDeviceOrNetwork: ZResponse.catch("allow").default("allow"),
  /** A user agent with headless or scripting markers. */
  automatedUserAgent: ZResponse.catch("step_up").default("step_up"),
  /** Consecutive failed passwords on the account before a sign-in needs more proof. */
  accountFailureThreshold: z.number().int().min(1).max(1000).catch(5).default(5),
  /** Failed passwords from one address within an hour before sign-ins from it need more proof. */
  ipFailureThreshold: z.number().int().min(1).max(100000).catch(20).default(20),
  ipFailureResponse: ZResponse.catch("step_up").default("step_up"),
  /** What tenant-defined (custom) actions get during the cool-down after a recovery. */
  afterRecovery: z.enum(["block", "strongest"]).catch("block").default("block"),
  /** Hours after a password or factor change during which custom actions need a fresh proof. */
  credentialsChangedHours: z.number().int().min(0).max(720).catch(24).default(24),
  /** A live session whose network prefix changed. */
  ipPrefixShift: ZShift.catch("downgrade").default("downgrade"),
  /** A live session whose browser or OS family changed (a stolen cookie, most often). */
  userAgentShift: ZShift.catch("end").default("end"),
  /** Mail the user about a sign-in from a device not seen before. */
  notifyNewDevice: z.boolean().catch(true).default(true),
  /**
   * Adaptive abuse defences (lib/risk/threat-level.ts, lib/risk/challenge.ts): the threat level,
   * proof-of-work challenges when signals rise, and blocking addresses that keep failing them.
   */
  adaptiveChallenges: z.boolean().catch(true).default(true),
  /** Sign-ups allowed per hour from one address, one network prefix (/24, /48) and the whole tenant. */
  signUpPerAddressPerHour: z.number().int().min(1).max(100000).catch(20).default(20),
  signUpPerPrefixPerHour: z.number().int().min(1).max(100000).catch(60).default(60),
  signUpPerTenantPerHour: z.number().int().min(1).max(1000000).catch(1000).default(1000),
  /** Refuse sign-ups (and email changes) to disposable mailbox domains. */
  refuseDisposableEmail: z.boolean().catch(true).default(true),
  /** Domains accepted even if a disposable-domain list names them (lower case, no "@"). */
  emailDomainAllow: z.array(z.string().min(1).max(253)).max(500).catch([]).default([]),
  /** Domains always refused at sign-up and email change. */
  emailDomainDeny: z.array(z.string().min(1).max(253)).max(500).catch([]).default([]),
});

export type TRiskPolicy = z.infer<typeof ZRiskPolicySchema>;

export const DEFAULT_RISK_POLICY: TRiskPolicy = ZRiskPolicySchema.parse({});

/**
 * The tenant's abuse threat level: calm (challenge only addresses whose own signals rose),
 * elevated (challenge devices without a known-device cookie), attack (challenge everyone without
 * one, block addresses that keep failing challenges, send no extra mail).
 */
export const THREAT_LEVELS = ["calm", "elevated", "attack"] as const;
export type TThreatLevel = (typeof THREAT_LEVELS)[number];

export type TThreatState = {
  tenantId: string;
  /** The level the signals give. */
  autoLevel: TThreatLevel;
  /** A level a tenant admin holds by hand until `manualUntil`, or null. */
  manualLevel: TThreatLevel | null;
  manualSetAt: Date | null;
  manualUntil: Date | null;
  levelSince: Date;
  evaluatedAt: Date;
  lastHotAt: Date | null;
  baselineFailureRatio: number;
  baselineSamples: number;
};

/** What the abuse counters (AbuseStat, per tenant and minute) count. */
export const ABUSE_STAT_KINDS = [
  "sign_in_attempt",
  "sign_in_failure",
  "challenge_issued",
  "challenge_solved",
  "challenge_failed",
  "blocked_request",
  "address_blocked",
  "sign_up",
  "sign_up_refused",
] as const;
export type TAbuseStatKind = (typeof ABUSE_STAT_KINDS)[number];

export const BLOCK_REASONS = ["challenge_failures", "failure_velocity", "distinct_accounts"] as const;
export type TBlockReason = (typeof BLOCK_REASONS)[number];

export type TBlockedAddress = {
  tenantId: string;
  /** An IP address, or a prefix ("203.0.113.0/24", "2001:db8:1::/48"). */
  address: string;
  reason: TBlockReason;
  blockedAt: Date;
  blockedUntil: Date;
  hits: number;
};

export type TAttackedAccount = {
  tenantId: string;
  userId: string;
  email: string;
  firstAt: Date;
  lastAt: Date;
  failures: number;
  level: TThreatLevel;
};
