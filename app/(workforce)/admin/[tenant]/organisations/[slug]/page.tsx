import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { ColumnHeads } from "@/components/ui/table";
import { DomainsForm, InviteForm, OrganisationButtonForm, RenameForm } from "@/components/workforce/organisation-forms";
import { StepUpNotice } from "@/components/workforce/step-up-notice";
import { TenantNav } from "@/components/workforce/tenant-nav";
import { doneWords } from "@/lib/copy/words";
import { getDeps } from "@/lib/next/deps";
import { requireStaffTenant } from "@/lib/next/workforce";
import { consoleOrganisation } from "@/lib/workforce/organisations";
import { USER_STATE_LABELS } from "@/lib/workforce/tenant-users";

export const metadata: Metadata = { title: "Organisation" };

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default async function OrganisationPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string; slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant: tenantSlug, slug } = await params;
  const path = `/admin/${tenantSlug}/organisations/${encodeURIComponent(slug)}`;
  const { tenant, auth } = await requireStaffTenant("admin", tenantSlug, path);
  const view = await consoleOrganisation(getDeps(), tenant, slug);
  if (!view) notFound();
  const done = (await searchParams).done;
  const notice = doneWords("organisation", typeof done === "string" ? done : undefined);
  const { organisation, members, invitations } = view;
  const forms = { tenant: tenant.slug, organisation: organisation.id, slug: organisation.slug };
  return (
    <main>
      <TenantNav console="admin" tenant={tenant} current="/organisations" />
      <p className="mb-2 text-sm">
        <Link href={`/admin/${tenant.slug}/organisations`} className="underline">
          All organisations
        </Link>
      </p>
      <h1 className="mb-4 text-2xl font-bold break-words">{organisation.name}</h1>
      {notice ? (
        <div className="mb-4">
          <Alert tone="success">{notice}</Alert>
        </div>
      ) : null}
      <StepUpNotice console="admin" auth={auth} returnTo={path} />
      <nav aria-label={`${organisation.name} settings`} className="mb-6">
        <ul className="flex flex-wrap gap-3">
          <li>
            <Link
              href={`${path}/connection`}
              prefetch={false}
              className="inline-block rounded-md border border-gray-400 bg-white px-3 py-1.5 text-sm font-semibold"
            >
              Enterprise sign-in{view.hasConnection ? " (connected)" : ""}
            </Link>
          </li>
          <li>
            <Link
              href={`${path}/policy`}
              prefetch={false}
              className="inline-block rounded-md border border-gray-400 bg-white px-3 py-1.5 text-sm font-semibold"
            >
              Assurance policy
            </Link>
          </li>
        </ul>
      </nav>
      <section
        aria-labelledby="org-settings"
        className="mb-6 grid gap-6 rounded-lg border border-gray-300 bg-white p-6 md:grid-cols-2"
      >
        <h2 id="org-settings" className="text-lg font-semibold md:col-span-2">
          Name and domains
        </h2>
        <RenameForm {...forms} name={organisation.name} />
        <DomainsForm {...forms} domains={organisation.domains} />
      </section>
      <section aria-labelledby="org-members" className="mb-6 space-y-3">
        <h2 id="org-members" className="text-lg font-semibold">
          Members ({view.memberTotal})
        </h2>
        {members.length === 0 ? (
          <p className="text-gray-800">No members yet: invite someone below.</p>
        ) : (
          <div
            className="overflow-x-auto rounded-lg border border-gray-300 bg-white"
            role="region"
            aria-label={`Members of ${organisation.name}`}
            tabIndex={0}
          >
            <table className="w-full text-left text-sm" data-testid="org-console-members">
              <caption className="sr-only">Members of {organisation.name} and their roles</caption>
              <ColumnHeads columns={["Member", "Role", "Changes"]} />
              <tbody>
                {members.map((m) => (
                  <tr
                    key={m.id}
                    className="border-b border-gray-200 align-top last:border-0"
                    data-testid="org-console-member"
                  >
                    <td className="p-3">
                      <Link href={`/admin/${tenant.slug}/users/${m.id}`} className="font-semibold break-all underline">
                        {m.email}
                      </Link>
                      <span className="block text-gray-800">
                        {m.name ? `${m.name} · ` : ""}
                        {USER_STATE_LABELS[m.state]}
                      </span>
                    </td>
                    <td className="p-3">{m.role === "org_admin" ? "Administrator" : "Member"}</td>
                    <td className="space-y-2 p-3">
                      <OrganisationButtonForm
                        {...forms}
                        intent="role"
                        extra={{ userId: m.id, role: m.role === "org_admin" ? "member" : "org_admin" }}
                        label={m.role === "org_admin" ? "Make member" : "Make administrator"}
                        fullLabel={
                          m.role === "org_admin" ? `Make ${m.email} a member` : `Make ${m.email} an administrator`
                        }
                      />
                      <OrganisationButtonForm
                        {...forms}
                        intent="remove"
                        variant="danger"
                        extra={{ userId: m.id }}
                        label="Remove"
                        fullLabel={`Remove ${m.email}`}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="org-invitations" className="mb-6 space-y-3">
        <h2 id="org-invitations" className="text-lg font-semibold">
          Open invitations
        </h2>
        {invitations.length === 0 ? (
          <p className="text-gray-800">No open invitations.</p>
        ) : (
          <ul
            className="divide-y divide-gray-300 rounded-lg border border-gray-300 bg-white"
            aria-label="Open invitations"
          >
            {invitations.map((i) => (
              <li
                key={i.id}
                className="flex flex-wrap items-start justify-between gap-3 p-4"
                data-testid="org-invitation"
              >
                <p className="break-all">
                  {i.email} · {i.role === "org_admin" ? "Administrator" : "Member"}
                  <span className="block text-sm text-gray-800">
                    {i.state === "expired"
                      ? `Expired ${dateFormat.format(i.expiresAt)} UTC`
                      : `Open until ${dateFormat.format(i.expiresAt)} UTC`}
                    {i.outsideDomains ? " · not at one of the organisation's domains" : ""}
                  </span>
                </p>
                <div className="flex flex-wrap gap-2">
                  <OrganisationButtonForm
                    {...forms}
                    intent="resend"
                    extra={{ invitationId: i.id }}
                    label="Send again"
                    fullLabel={`Send the invitation to ${i.email} again`}
                  />
                  <OrganisationButtonForm
                    {...forms}
                    intent="revoke"
                    variant="danger"
                    extra={{ invitationId: i.id }}
                    label="Revoke"
                    fullLabel={`Revoke the invitation to ${i.email}`}
                  />
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <InviteForm tenant={tenant.slug} slug={organisation.slug} />
    </main>
  );
}
