import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MemberActionForm } from "@/components/organisation/member-action-form";
import { OrgInvitationForm, OrgInviteForm } from "@/components/organisation/invitation-forms";
import { Alert } from "@/components/ui/alert";
import { ColumnHeads } from "@/components/ui/table";
import { messageFor } from "@/lib/copy";
import { ORGANISATION_PAGE } from "@/lib/copy/en";
import { copyContextOf, doneWords } from "@/lib/copy/words";
import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { requireAuth } from "@/lib/next/session";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { organisationView, type TMemberView } from "@/lib/org-admin/members";
import { safeReturnTo } from "@/lib/security/return-to";
import { stepUpPath } from "@/lib/step-up/step-up";

export const metadata: Metadata = { title: "Organisation" };

const W = ORGANISATION_PAGE;
const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function methodsOf(m: TMemberView): string[] {
  const f = m.factors;
  return [
    f.password ? W.methods.password : null,
    f.passkeys > 0 ? W.methods.passkeys(f.passkeys) : null,
    f.authenticatorApp ? W.methods.authenticatorApp : null,
    f.recoveryCodes > 0 ? W.methods.recoveryCodes(f.recoveryCodes) : null,
  ].filter((x): x is string => x !== null);
}

function MemberName({ member }: { member: Pick<TMemberView, "name" | "email"> }) {
  return member.name ? (
    <>
      <span className="block font-semibold">{member.name}</span>
      <span className="block text-sm break-all text-gray-800">{member.email}</span>
    </>
  ) : (
    <span className="block font-semibold break-all">{member.email}</span>
  );
}

/**
 * The account's organisation: every member sees its name, their role and its administrators; an
 * administrator, once stepped up, manages the members (one at a time, `?member=`).
 */
export default async function OrganisationPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const path = `/${tenant.slug}/account/organisation`;
  const auth = await requireAuth(tenant, path);
  const query = await searchParams;
  const view = await organisationView(getDeps(), tenant, auth, await getRequestMeta());
  if (!view.ok) notFound();
  const done = doneWords("org_admin", typeof query.done === "string" ? query.done : undefined);
  const selectedId = typeof query.member === "string" ? query.member : undefined;
  const manage = view.manage;
  const selected =
    manage?.access === "granted" && selectedId ? manage.members.find((m) => m.id === selectedId && !m.self) : undefined;
  const returnTo = safeReturnTo(tenant.slug, selected ? `${path}?member=${encodeURIComponent(selected.id)}` : path);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{view.organisation.name}</h1>
      {done ? <Alert tone="success">{done}</Alert> : null}
      <section aria-labelledby="org-you" className="rounded-lg border border-gray-300 bg-white p-6">
        <h2 id="org-you" className="text-lg font-semibold">
          {W.yourMembership}
        </h2>
        <p className="mt-1 text-gray-800" data-testid="org-role">
          {W.youAre(view.role, view.organisation.name)}
        </p>
        <h3 className="mt-4 font-semibold">{W.adminsHeading}</h3>
        {view.admins.length === 0 ? (
          <p className="text-sm text-gray-800">{W.noAdmins}</p>
        ) : (
          <ul className="mt-1 list-disc pl-5 text-sm text-gray-900" aria-label={W.adminsHeading}>
            {view.admins.map((a) => (
              <li key={a.email} className="break-all">
                {a.name ? `${a.name} (${a.email})` : a.email}
              </li>
            ))}
          </ul>
        )}
      </section>
      {manage === null ? null : manage.access === "step_up" ? (
        <section aria-labelledby="org-manage" className="rounded-lg border border-gray-300 bg-white p-6">
          <h2 id="org-manage" className="text-lg font-semibold">
            {W.membersHeading}
          </h2>
          {manage.check.code === "REQUIRED" ? (
            <div className="mt-2 space-y-3" data-testid="org-step-up">
              <p className="text-gray-800">{W.stepUpFirst}</p>
              <Link
                href={stepUpPath(tenant.slug, manage.check.params.action, returnTo)}
                className="inline-block rounded-md bg-brand px-4 py-2 font-semibold text-brand-text"
              >
                {W.confirm}
              </Link>
            </div>
          ) : (
            <div className="mt-2">
              <Alert tone="error">{messageFor(manage.check, copyContextOf(tenant))}</Alert>
            </div>
          )}
        </section>
      ) : (
        <>
          <section aria-labelledby="org-manage" className="space-y-3">
            <h2 id="org-manage" className="text-lg font-semibold">
              {W.membersHeading}
            </h2>
            <p className="text-sm text-gray-800">{W.membersIntro(manage.total)}</p>
            <div
              className="overflow-x-auto rounded-lg border border-gray-300 bg-white"
              role="region"
              aria-label={W.tableCaption(view.organisation.name)}
              tabIndex={0}
            >
              <table className="w-full text-left text-sm" data-testid="org-members">
                <caption className="sr-only">{W.tableCaption(view.organisation.name)}</caption>
                <ColumnHeads columns={W.columns} />
                <tbody>
                  {manage.members.map((m) => (
                    <tr
                      key={m.id}
                      className="border-b border-gray-200 align-top last:border-0"
                      data-testid="org-member"
                    >
                      <td className="p-3">
                        <MemberName member={m} />
                        <span className="block text-sm text-gray-800">
                          {m.role === "org_admin" ? W.roleAdmin : W.roleMember}
                          {m.self ? ` · ${W.you}` : ""}
                        </span>
                        {m.self ? null : (
                          <Link
                            href={`${path}?member=${encodeURIComponent(m.id)}#manage-member`}
                            className="mt-1 inline-block font-semibold text-gray-900 underline"
                            aria-label={W.manageLabel(m.name ?? m.email)}
                          >
                            {W.manage}
                          </Link>
                        )}
                      </td>
                      <td className="p-3">
                        <ul>
                          {methodsOf(m).map((method) => (
                            <li key={method}>{method}</li>
                          ))}
                        </ul>
                        {methodsOf(m).length === 0 ? W.methods.none : null}
                      </td>
                      <td className="p-3">
                        <span className="block">{W.status[m.status]}</span>
                        <span className="block text-gray-800">
                          {m.lastSignInAt ? W.lastSignIn(dateFormat.format(m.lastSignInAt)) : W.neverSignedIn}
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          {selected ? (
            <section aria-labelledby="manage-member" className="space-y-3" data-testid="org-member-actions">
              <h2 id="manage-member" className="text-lg font-semibold break-all">
                {W.manageHeading(selected.name ?? selected.email)}
              </h2>
              <div className="grid gap-4 md:grid-cols-3">
                {W.actions.map((a) => (
                  <MemberActionForm
                    key={a.intent}
                    tenant={tenant.slug}
                    memberId={selected.id}
                    intent={a.intent}
                    title={a.title}
                    description={a.description}
                    button={a.button}
                  />
                ))}
              </div>
            </section>
          ) : null}
          <section aria-labelledby="org-invitations" className="space-y-3">
            <h2 id="org-invitations" className="text-lg font-semibold">
              {W.invitationsHeading}
            </h2>
            {manage.invitations.length === 0 ? (
              <p className="text-sm text-gray-800">{W.noInvitations}</p>
            ) : (
              <ul className="space-y-3" aria-label={W.invitationsHeading}>
                {manage.invitations.map((i) => (
                  <li
                    key={i.id}
                    className="space-y-3 rounded-lg border border-gray-300 bg-white p-4"
                    data-testid="org-invitation"
                  >
                    <p>
                      <strong className="break-all">{i.email}</strong> ·{" "}
                      {i.role === "org_admin" ? W.roleAdmin : W.roleMember}
                      <span className="block text-sm text-gray-800">
                        {i.state === "expired"
                          ? W.invitationExpired(dateFormat.format(i.expiresAt))
                          : W.invitationOpen(dateFormat.format(i.expiresAt))}
                      </span>
                    </p>
                    <OrgInvitationForm tenant={tenant.slug} invitationId={i.id} email={i.email} />
                  </li>
                ))}
              </ul>
            )}
            <OrgInviteForm tenant={tenant.slug} />
          </section>
        </>
      )}
    </div>
  );
}
