import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { StepUpNotice } from "@/components/workforce/step-up-notice";
import { InvitationActionForm, InviteForm } from "@/components/workforce/tenant-invitation-forms";
import { TenantNav } from "@/components/workforce/tenant-nav";
import { doneWords } from "@/lib/copy/words";
import { listOpenInvitations } from "@/lib/invitations/invitations";
import { getDeps } from "@/lib/next/deps";
import { requireStaffTenant } from "@/lib/next/workforce";
import { listOrganisations } from "@/lib/organisations/organisations";

export const metadata: Metadata = { title: "Invitations" };

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** The tenant's invitations of customers and partners: invite someone, and the open invitations. */
export default async function TenantInvitationsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const slug = (await params).tenant;
  const path = `/admin/${slug}/users`;
  const { tenant, auth } = await requireStaffTenant("admin", slug, path);
  const done = (await searchParams).done;
  const notice = doneWords("tenant_invitation", typeof done === "string" ? done : undefined);
  const deps = getDeps();
  const [invitations, organisations] = await Promise.all([
    listOpenInvitations(deps, tenant),
    listOrganisations(deps, tenant),
  ]);
  const now = deps.now();
  return (
    <main>
      <TenantNav console="admin" tenant={tenant} current="" />
      <h1 className="mb-4 text-2xl font-bold">Invitations</h1>
      <p className="mb-4 text-sm text-gray-800">
        {tenant.signupMode === "open"
          ? `People can also sign up on their own at ${tenant.name}.`
          : `${tenant.name} is by invitation only: this is how people get an account.`}{" "}
        <Link href={`/admin/${tenant.slug}`} className="underline">
          Search the accounts
        </Link>
      </p>
      {notice ? (
        <div className="mb-4">
          <Alert tone="success">{notice}</Alert>
        </div>
      ) : null}
      <StepUpNotice console="admin" auth={auth} returnTo={path} />
      <section aria-labelledby="open-invitations" className="mb-6 space-y-2">
        <h2 id="open-invitations" className="text-lg font-semibold">
          Open invitations
        </h2>
        {invitations.length === 0 ? (
          <p className="text-sm text-gray-800">No open invitations.</p>
        ) : (
          <ul
            className="divide-y divide-gray-300 rounded-lg border border-gray-300 bg-white"
            aria-label="Open invitations"
          >
            {invitations.map((i) => (
              <li key={i.id} className="space-y-3 p-4" data-testid="tenant-invitation">
                <p className="break-words">
                  <strong>{i.email}</strong>
                  {i.organisation
                    ? ` · ${i.organisation.name} · ${i.role === "org_admin" ? "organisation administrator" : "member"}`
                    : " · customer"}
                  <span className="block text-sm text-gray-800">
                    {i.expiresAt.getTime() <= now.getTime()
                      ? `Expired ${dateFormat.format(i.expiresAt)} UTC: resend it for a new link.`
                      : `Sent ${dateFormat.format(i.sentAt)} UTC, open until ${dateFormat.format(i.expiresAt)} UTC.`}
                  </span>
                  {i.outsideDomains && i.organisation ? (
                    <span className="block text-sm text-gray-800">
                      Not at {i.organisation.name}&apos;s domains ({i.organisation.domains.join(", ")}).
                    </span>
                  ) : null}
                </p>
                <div className="flex flex-wrap items-start gap-3">
                  <InvitationActionForm tenant={tenant.slug} invitationId={i.id} email={i.email} intent="resend" />
                  <InvitationActionForm tenant={tenant.slug} invitationId={i.id} email={i.email} intent="revoke" />
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <InviteForm
        tenant={tenant.slug}
        organisations={organisations.map((o) => ({ slug: o.slug, name: o.name, domains: o.domains }))}
      />
    </main>
  );
}
