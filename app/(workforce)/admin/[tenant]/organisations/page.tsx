import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { ColumnHeads } from "@/components/ui/table";
import { NewOrganisationForm } from "@/components/workforce/organisation-forms";
import { StepUpNotice } from "@/components/workforce/step-up-notice";
import { TenantNav } from "@/components/workforce/tenant-nav";
import { doneWords } from "@/lib/copy/words";
import { getDeps } from "@/lib/next/deps";
import { requireStaffTenant } from "@/lib/next/workforce";
import { consoleOrganisationList } from "@/lib/workforce/organisations";

export const metadata: Metadata = { title: "Organisations" };

export default async function OrganisationsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const slug = (await params).tenant;
  const path = `/admin/${slug}/organisations`;
  const { tenant, auth } = await requireStaffTenant("admin", slug, path);
  const done = (await searchParams).done;
  const notice = doneWords("organisation", typeof done === "string" ? done : undefined);
  const organisations = await consoleOrganisationList(getDeps(), tenant);
  return (
    <main>
      <TenantNav console="admin" tenant={tenant} current="/organisations" />
      <h1 className="mb-4 text-2xl font-bold">Organisations</h1>
      {notice ? (
        <div className="mb-4">
          <Alert tone="success">{notice}</Alert>
        </div>
      ) : null}
      <p className="mb-4 text-gray-800">
        The business customers and partners whose people use {tenant.name}. Each has its email domains, its members and,
        where it has one, its own enterprise sign-in.
      </p>
      {organisations.length === 0 ? (
        <p className="mb-6 text-gray-800">No organisations yet.</p>
      ) : (
        <div
          className="mb-6 overflow-x-auto rounded-lg border border-gray-300 bg-white"
          role="region"
          aria-label="Organisations table"
          tabIndex={0}
        >
          <table className="w-full text-left text-sm" data-testid="organisations">
            <caption className="sr-only">Organisations of {tenant.name}, by name</caption>
            <ColumnHeads columns={["Organisation", "Members", "Email domains", "Enterprise sign-in"]} />
            <tbody>
              {organisations.map((o) => (
                <tr key={o.slug} className="border-b border-gray-200 align-top last:border-0">
                  <td className="p-3">
                    <Link href={`${path}/${o.slug}`} className="font-semibold underline">
                      {o.name}
                    </Link>
                    <span className="block text-gray-800">{o.slug}</span>
                  </td>
                  <td className="p-3">{o.memberCount}</td>
                  <td className="p-3 break-all">{o.domains.length > 0 ? o.domains.join(", ") : "None"}</td>
                  <td className="p-3">{o.hasConnection ? "Connected" : "Not set up"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <StepUpNotice console="admin" auth={auth} returnTo={path} />
      <NewOrganisationForm tenant={tenant.slug} />
    </main>
  );
}
