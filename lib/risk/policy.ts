// A tenant's risk thresholds and responses (Tenant.riskPolicy). The schema and its defaults are in
// ./types.ts; the repositories parse the stored JSON with it, so a tenant row carries the policy.
import type { TRiskPolicy } from "./types";

export { DEFAULT_RISK_POLICY, ZRiskPolicySchema, type TRiskPolicy } from "./types";

export function riskPolicyOf(tenant: { riskPolicy: TRiskPolicy }): TRiskPolicy {
  return tenant.riskPolicy;
}
