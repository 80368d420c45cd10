// Repositories for the admin console's tenant settings: the settings columns of the Tenant row and
// the tenant's uploaded logo. Both are keyed by the tenant id the console's gate resolved.
import { randomUUID } from "node:crypto";
import type { TTenant } from "../../tenancy/types";
import type { TenantLogo } from "../generated/sqlite/client";
import { parseRiskPolicy, toTenant } from "../rows";
import type { TRiskPolicy } from "../../risk/types";
import type { TDb } from "../types";

export type TTenantLogo = TenantLogo;

/** The columns an admin may change; identity columns (id, slug) are not among them. */
export type TTenantSettingsPatch = Partial<
  Pick<
    TTenant,
    | "name"
    | "tagline"
    | "logoUrl"
    | "primaryColor"
    | "brandTextColor"
    | "accentColor"
    | "supportEmail"
    | "minPasswordLength"
    | "signupMode"
    | "sessionIdleMinutes"
    | "sessionAbsoluteMinutes"
    | "sessionLimits"
    | "lockoutThreshold"
    | "lockoutMinutes"
    | "permanentLockoutThreshold"
    | "mfaPolicy"
    | "allowPassword"
    | "allowPasskey"
    | "allowTotp"
    | "recoveryWaitHours"
    | "recoveryCooldownHours"
    | "requireVerifiedEmail"
    | "requireAttestation"
    | "attestationRoots"
  >
> & { riskPolicy?: Partial<TRiskPolicy> };

export function tenantSettingsRepositories(db: TDb) {
  return {
    tenantSettings: {
      /**
       * `riskPolicy` is merged into the stored policy key by key, so a form that edits some of its
       * keys (the policy page, the abuse page) never resets the others.
       */
      update: async (
        tenantId: string,
        { sessionLimits, riskPolicy, attestationRoots, ...patch }: TTenantSettingsPatch,
        at: Date,
      ) => {
        const mergedRisk = riskPolicy
          ? {
              ...parseRiskPolicy(
                (await db.tenant.findUnique({ where: { id: tenantId }, select: { riskPolicy: true } }))?.riskPolicy ??
                  "{}",
              ),
              ...riskPolicy,
            }
          : null;
        return toTenant(
          await db.tenant.update({
            where: { id: tenantId },
            data: {
              ...patch,
              ...(sessionLimits ? { sessionLimits: JSON.stringify(sessionLimits) } : {}),
              ...(mergedRisk ? { riskPolicy: JSON.stringify(mergedRisk) } : {}),
              ...(attestationRoots ? { attestationRoots: JSON.stringify(attestationRoots) } : {}),
              updatedAt: at,
            },
          }),
        );
      },
    },
    tenantLogos: {
      find: (tenantId: string) => db.tenantLogo.findUnique({ where: { tenantId } }),
      remove: async (tenantId: string) => (await db.tenantLogo.deleteMany({ where: { tenantId } })).count,
      save: (tenantId: string, input: { contentType: string; bytes: Uint8Array; sha256: string }, at: Date) => {
        const bytes = new Uint8Array(input.bytes);
        return db.tenantLogo.upsert({
          where: { tenantId },
          create: {
            id: randomUUID(),
            tenantId,
            contentType: input.contentType,
            bytes,
            sha256: input.sha256,
            updatedAt: at,
          },
          update: { contentType: input.contentType, bytes, sha256: input.sha256, updatedAt: at },
        });
      },
    },
  };
}
