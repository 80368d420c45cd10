// Repository for tenants: the configuration root every customer row hangs off.
import { randomUUID } from "node:crypto";
import type { Tenant } from "../generated/sqlite/client";
import type { TDb } from "../types";

export type TTenant = Tenant;

/** brandTextColor is optional: a tenant created without one gets black or white text automatically. */
export type TTenantInput = Omit<Tenant, "id" | "createdAt" | "updatedAt" | "brandTextColor"> & { brandTextColor?: string | null };

export function tenantRepositories(db: TDb) {
  return {
    tenants: {
      findBySlug: (slug: string) => db.tenant.findUnique({ where: { slug } }),
      findById: (id: string) => db.tenant.findUnique({ where: { id } }),
      list: () => db.tenant.findMany({ orderBy: { slug: "asc" } }),
      /** Creates the tenant when missing; an existing tenant keeps its settings. */
      ensure: async (input: TTenantInput): Promise<TTenant> => {
        const found = await db.tenant.findUnique({ where: { slug: input.slug } });
        if (found) return found;
        return db.tenant.create({ data: { id: randomUUID(), ...input } });
      },
      create: (input: TTenantInput) => db.tenant.create({ data: { id: randomUUID(), ...input } }),
    },
  };
}
