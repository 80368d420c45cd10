// Repository for tenants: the configuration root every customer row hangs off.
import { randomUUID } from "node:crypto";
import type { TRiskPolicy } from "../../risk/types";
import type { TTenant } from "../../tenancy/types";
import { mapNullable, toTenant } from "../rows";
import type { TDb } from "../types";

export type { TTenant } from "../../tenancy/types";

/**
 * brandTextColor is optional: a tenant created without one gets black or white text automatically.
 * The risk policy stores only the keys given; the others keep following the defaults.
 */
export type TTenantInput = Omit<TTenant, "id" | "createdAt" | "updatedAt" | "brandTextColor" | "riskPolicy"> & {
  brandTextColor?: string | null;
  riskPolicy: Partial<TRiskPolicy>;
};

function rowOf(input: TTenantInput) {
  return {
    id: randomUUID(),
    ...input,
    sessionLimits: JSON.stringify(input.sessionLimits),
    riskPolicy: JSON.stringify(input.riskPolicy),
    attestationRoots: JSON.stringify(input.attestationRoots),
  };
}

export function tenantRepositories(db: TDb) {
  return {
    tenants: {
      findBySlug: async (slug: string) => mapNullable(toTenant)(await db.tenant.findUnique({ where: { slug } })),
      findById: async (id: string) => mapNullable(toTenant)(await db.tenant.findUnique({ where: { id } })),
      list: async () => (await db.tenant.findMany({ orderBy: { slug: "asc" } })).map(toTenant),
      /** Creates the tenant when missing; an existing tenant keeps its settings. */
      ensure: async (input: TTenantInput): Promise<TTenant> => {
        const found = await db.tenant.findUnique({ where: { slug: input.slug } });
        if (found) return toTenant(found);
        return toTenant(await db.tenant.create({ data: rowOf(input) }));
      },
      create: async (input: TTenantInput) => toTenant(await db.tenant.create({ data: rowOf(input) })),
    },
  };
}
