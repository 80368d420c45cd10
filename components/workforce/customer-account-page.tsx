import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { doneWords } from "@/lib/copy/words";
import { getDeps } from "@/lib/next/deps";
import { requireStaffTenant } from "@/lib/next/workforce";
import type { TConsole } from "@/lib/workforce/roles";
import { tenantUserOverview } from "@/lib/workforce/tenant-users";
import { AccountActions } from "./account-actions";
import { StepUpNotice } from "./step-up-notice";
import { TenantNav } from "./tenant-nav";
import { UserOverview } from "./user-overview";

/** What Next hands a console's page of one customer account (`/<console>/[tenant]/users/[userId]`). */
export type TCustomerAccountRoute = {
  params: Promise<{ tenant: string; userId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** One customer account in a console: its state, methods, sessions, events, and this console's actions. */
export async function CustomerAccountPage({
  console,
  params,
  searchParams,
}: TCustomerAccountRoute & { console: TConsole }) {
  const { tenant: slug, userId } = await params;
  const done = (await searchParams).done;
  const path = `/${console}/${slug}/users/${userId}`;
  const { tenant, auth } = await requireStaffTenant(console, slug, path);
  const overview = await tenantUserOverview(getDeps(), tenant, userId);
  if (!overview) notFound();
  const notice = doneWords("account_action", typeof done === "string" ? done : undefined);
  return (
    <main>
      <TenantNav console={console} tenant={tenant} current="" />
      <h1 className="mb-4 text-2xl font-bold">{overview.user.email}</h1>
      {notice ? (
        <div className="mb-4">
          <Alert tone="success">{notice}</Alert>
        </div>
      ) : null}
      <StepUpNotice console={console} auth={auth} returnTo={path} />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <UserOverview overview={overview} />
        <AccountActions console={console} tenant={tenant.slug} overview={overview} />
      </div>
    </main>
  );
}
