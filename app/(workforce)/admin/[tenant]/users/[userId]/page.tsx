import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TenantNav } from "@/components/workforce/tenant-nav";
import { UserOverview } from "@/components/workforce/user-overview";
import { getDeps } from "@/lib/next/deps";
import { requireStaffTenant } from "@/lib/next/workforce";
import { tenantUserOverview } from "@/lib/workforce/tenant-users";

export const metadata: Metadata = { title: "Customer account" };

export default async function Page({ params }: { params: Promise<{ tenant: string; userId: string }> }) {
  const { tenant: slug, userId } = await params;
  const { tenant } = await requireStaffTenant("admin", slug, `/admin/${slug}/users/${userId}`);
  const overview = await tenantUserOverview(getDeps(), tenant, userId);
  if (!overview) notFound();
  return (
    <main>
      <TenantNav console="admin" tenant={tenant} current="" />
      <h1 className="mb-4 text-2xl font-bold">{overview.user.email}</h1>
      <UserOverview overview={overview} />
    </main>
  );
}
