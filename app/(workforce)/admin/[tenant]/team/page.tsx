import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { StepUpNotice } from "@/components/workforce/step-up-notice";
import { AddMemberForm, MemberActionForm, WithdrawInvitationForm } from "@/components/workforce/team-forms";
import { TenantNav } from "@/components/workforce/tenant-nav";
import { doneWords } from "@/lib/copy/words";
import { getDeps } from "@/lib/next/deps";
import { requireStaffTenant } from "@/lib/next/workforce";
import { canManageStaff, roleLabel } from "@/lib/workforce/roles";
import { listTeam, type TMemberSignIn } from "@/lib/workforce/team";

export const metadata: Metadata = { title: "Staff" };

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** What an owner may do to another member; a sign-in kept by another tenant is not theirs to reset. */
const MEMBER_ACTIONS = [
  { intent: "reset", label: "Reset their sign-in" },
  { intent: "remove", label: "Remove from this tenant" },
] as const;

function factorSummary(factors: TMemberSignIn["factors"]): string {
  const parts = [
    factors.authenticatorApp ? "authenticator app" : null,
    factors.passkeys > 0 ? (factors.passkeys === 1 ? "a passkey" : `${factors.passkeys} passkeys`) : null,
  ].filter(Boolean);
  return parts.length > 0 ? `Password and ${parts.join(" and ")} set up.` : "Second factor not set up yet.";
}

export default async function TeamPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const slug = (await params).tenant;
  const path = `/admin/${slug}/team`;
  const { tenant, auth, role } = await requireStaffTenant("admin", slug, path);
  const done = (await searchParams).done;
  const notice = doneWords("team", typeof done === "string" ? done : undefined);
  const { members, invitations } = await listTeam(getDeps(), tenant);
  const owner = canManageStaff(role);
  return (
    <main>
      <TenantNav console="admin" tenant={tenant} current="/team" />
      <h1 className="mb-4 text-2xl font-bold">Staff</h1>
      {notice ? (
        <div className="mb-4">
          <Alert tone="success">{notice}</Alert>
        </div>
      ) : null}
      {owner ? (
        <StepUpNotice console="admin" auth={auth} returnTo={path} />
      ) : (
        <p className="mb-4 text-sm text-gray-800">Only owners change the staff.</p>
      )}
      <ul
        className="mb-6 divide-y divide-gray-300 rounded-lg border border-gray-300 bg-white"
        aria-label="Staff members"
      >
        {members.map((m) => (
          <li key={m.staffId} className="space-y-3 p-4" data-testid="staff-member">
            <p className="break-words">
              <strong>{m.name}</strong> · {m.email} · {roleLabel(m.role)}
            </p>
            <p className="text-sm text-gray-800">
              {m.signIn === null
                ? "Also works for another tenant: their sign-in is theirs, and only the platform operator can reset it."
                : `${m.signIn.active ? "" : "Disabled. "}${m.signIn.setUp ? factorSummary(m.signIn.factors) : "Set-up link not used yet."}`}
            </p>
            {owner && m.staffId !== auth.staff.id ? (
              <div className="grid gap-4 md:grid-cols-2">
                {MEMBER_ACTIONS.filter((a) => a.intent !== "reset" || m.signIn !== null).map(({ intent, label }) => (
                  <MemberActionForm
                    key={intent}
                    tenant={tenant.slug}
                    staffId={m.staffId}
                    email={m.email}
                    intent={intent}
                    label={label}
                  />
                ))}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {invitations.length > 0 ? (
        <section aria-labelledby="team-invited" className="mb-6 space-y-2">
          <h2 id="team-invited" className="text-lg font-semibold">
            Invited
          </h2>
          <ul
            className="divide-y divide-gray-300 rounded-lg border border-gray-300 bg-white"
            aria-label="Open invitations"
          >
            {invitations.map((i) => (
              <li
                key={i.invitationId}
                className="flex flex-wrap items-center justify-between gap-3 p-4"
                data-testid="staff-invitation"
              >
                <p className="break-words">
                  {i.email} · {roleLabel(i.role)} · <strong>invited</strong>
                  <span className="block text-sm text-gray-800">
                    Open until {dateFormat.format(i.expiresAt)} UTC. Nothing is granted until they accept.
                  </span>
                </p>
                {owner ? (
                  <WithdrawInvitationForm tenant={tenant.slug} invitationId={i.invitationId} email={i.email} />
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {owner ? <AddMemberForm tenant={tenant.slug} /> : null}
    </main>
  );
}
