import type { Metadata } from "next";
import Link from "next/link";
import { AppSignIns } from "@/components/workforce/app-sign-ins";
import { DayChart } from "@/components/workforce/day-chart";
import { TenantNav } from "@/components/workforce/tenant-nav";
import { getDeps } from "@/lib/next/deps";
import { requireStaffTenant } from "@/lib/next/workforce";
import { DASHBOARD_DAYS, tenantDashboard } from "@/lib/workforce/dashboard";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({ params }: { params: Promise<{ tenant: string }> }) {
  const slug = (await params).tenant;
  const { tenant } = await requireStaffTenant("admin", slug, `/admin/${slug}/dashboard`);
  const dashboard = await tenantDashboard(getDeps(), tenant);
  return (
    <main>
      <TenantNav console="admin" tenant={tenant} current="/dashboard" />
      <h1 className="mb-2 text-2xl font-bold">Dashboard</h1>
      <p className="mb-6 text-sm text-gray-800">
        Daily counts over the last {DASHBOARD_DAYS} days (UTC), from {dashboard.days[0]} to today. A sudden spike in
        failed sign-ins or lockouts usually means someone is trying stolen passwords:{" "}
        <Link href={`/admin/${tenant.slug}/audit?type=user.sign_in_failed`} className="underline">
          the failed sign-ins in the audit log
        </Link>{" "}
        show where they came from.
      </p>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        {dashboard.series.map((series) => (
          <DayChart key={series.type} series={series} days={dashboard.days} />
        ))}
      </div>
      <AppSignIns apps={dashboard.appSignIns} days={DASHBOARD_DAYS} />
    </main>
  );
}
