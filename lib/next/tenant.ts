import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import type { TTenant } from "../tenancy/types";
import { isTenantSlug } from "../tenancy/slug";
import { getDeps } from "./deps";

export const findTenant = cache(async (slug: string): Promise<TTenant | null> => {
  if (!isTenantSlug(slug)) return null;
  return getDeps().store.tenants.findBySlug(slug);
});

/** The tenant of a `/{tenant}/…` page; an unknown slug renders the 404 page. */
export async function getTenantOrNotFound(slug: string): Promise<TTenant> {
  const tenant = await findTenant(slug);
  if (!tenant) notFound();
  return tenant;
}
