import Link from "next/link";
import { getDeps } from "@/lib/next/deps";
import { requireStaff } from "@/lib/next/workforce";
import { roleLabel, tenantsInConsole, type TConsole } from "@/lib/workforce/roles";
import { listMyInvitations } from "@/lib/workforce/staff-invitations";
import { myStaffRoles } from "@/lib/workforce/staff-queries";

/** The tenants the signed-in member can open in this console. */
export async function TenantPicker({ console }: { console: TConsole }) {
  const auth = await requireStaff(console, `/${console}`);
  const [roles, invitations] = await Promise.all([myStaffRoles(getDeps(), auth), listMyInvitations(getDeps(), auth)]);
  const open = tenantsInConsole(roles, console);
  const other: TConsole = console === "admin" ? "support" : "admin";
  const elsewhere = tenantsInConsole(roles, other).length > 0;
  return (
    <main className="space-y-6">
      <h1 className="text-2xl font-bold">{console === "admin" ? "Your tenants" : "Support queues"}</h1>
      {invitations.length > 0 ? (
        <div
          className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-gray-400 bg-white p-4"
          data-testid="invitations-notice"
        >
          <p className="text-sm text-gray-900">
            {invitations.length === 1
              ? "A tenant invites you to a staff role."
              : `${invitations.length} tenants invite you to a staff role.`}{" "}
            Nothing changes until you accept.
          </p>
          <Link
            href={`/${console}/invitations`}
            className="rounded-md bg-brand px-3 py-1.5 text-sm font-semibold text-brand-text"
          >
            See your invitations
          </Link>
        </div>
      ) : null}
      {open.length === 0 ? (
        <p className="text-gray-800">
          You have no role here that opens the {console === "admin" ? "admin console" : "support workbench"}.
        </p>
      ) : (
        <ul className="divide-y divide-gray-300 rounded-lg border border-gray-300 bg-white">
          {open.map((r) => (
            <li key={r.tenant.id} className="flex flex-wrap items-center justify-between gap-2 p-4">
              <Link href={`/${console}/${r.tenant.slug}`} className="font-semibold text-gray-900 underline">
                {r.tenant.name}
              </Link>
              <span className="text-sm text-gray-800">
                /{r.tenant.slug} · {roleLabel(r.role)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {elsewhere ? (
        <p className="text-sm text-gray-800">
          You also work in the{" "}
          <Link href={`/${other}`} className="font-semibold underline">
            {other === "admin" ? "admin console" : "support workbench"}
          </Link>
          .
        </p>
      ) : null}
    </main>
  );
}
