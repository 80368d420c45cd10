import { redirect } from "next/navigation";
import { getAuth } from "@/lib/next/session";
import { getTenantOrNotFound } from "@/lib/next/tenant";

export default async function TenantHome({ params }: { params: Promise<{ tenant: string }> }) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  redirect((await getAuth(tenant)) ? `/${tenant.slug}/account` : `/${tenant.slug}/login`);
}
