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
});

export type TRiskPolicy = z.infer<typeof ZRiskPolicySchema>;

export const DEFAULT_RISK_POLICY: TRiskPolicy = ZRiskPolicySchema.parse({});
