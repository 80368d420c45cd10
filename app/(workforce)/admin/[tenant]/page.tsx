import type { Metadata } from "next";
import Link from "next/link";
import { TenantNav } from "@/components/workforce/tenant-nav";
import { Field } from "@/components/ui/field";
import { getDeps } from "@/lib/next/deps";
import { requireStaffTenant } from "@/lib/next/workforce";
import { searchTenantUsers, USER_STATE_LABELS } from "@/lib/workforce/tenant-users";
import { ColumnHeads } from "@/components/ui/table";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const slug = (await params).tenant;
  const { tenant } = await requireStaffTenant("admin", slug, `/admin/${slug}`);
  const raw = (await searchParams).q;
  const q = typeof raw === "string" ? raw.slice(0, 254) : "";
  const results = await searchTenantUsers(getDeps(), tenant, q);
  return (
    <main>
      <TenantNav console="admin" tenant={tenant} current="" />
      <h1 className="mb-4 text-2xl font-bold">Users</h1>
      <p className="mb-4 text-sm">
        <Link href={`/admin/${tenant.slug}/users`} className="font-semibold underline">
          Invite someone
        </Link>{" "}
        <span className="text-gray-800">or see the open invitations.</span>
      </p>
      <form method="get" role="search" className="mb-6 flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <Field label="Search by email" name="q" type="search" defaultValue={q} autoComplete="off" />
        </div>
        <button type="submit" className="rounded-md bg-brand px-4 py-2 text-sm font-semibold text-brand-text">
          Search
        </button>
      </form>
      {results.length === 0 ? (
        <p className="text-gray-800">{q ? "No account matches that search." : "No accounts yet."}</p>
      ) : (
        <table className="w-full border-collapse rounded-lg bg-white text-left text-sm">
          <caption className="sr-only">Accounts{q ? ` matching ${q}` : ""}, newest first</caption>
          <ColumnHeads columns={["Email", "State", "Created"]} />
          <tbody>
            {results.map(({ user, state }) => (
              <tr key={user.id} className="border-b border-gray-200">
                <td className="p-3">
                  <Link href={`/admin/${tenant.slug}/users/${user.id}`} className="font-semibold underline">
                    {user.email}
                  </Link>
                </td>
                <td className="p-3">{USER_STATE_LABELS[state]}</td>
                <td className="p-3">
                  <time dateTime={user.createdAt.toISOString()}>{user.createdAt.toUTCString()}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
