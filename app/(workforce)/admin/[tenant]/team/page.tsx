import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { StepUpNotice } from "@/components/workforce/step-up-notice";
import { AddMemberForm, MemberActionForm } from "@/components/workforce/team-forms";
import { TenantNav } from "@/components/workforce/tenant-nav";
import { getDeps } from "@/lib/next/deps";
import { requireStaffTenant } from "@/lib/next/workforce";
import { canManageStaff, roleLabel } from "@/lib/workforce/roles";
import { listTeam, type TTeamMember } from "@/lib/workforce/team";

export const metadata: Metadata = { title: "Staff" };

const DONE: Record<string, string> = {
  add: "Done. A new member gets a set-up link at their own address.",
  reset: "Their sign-in is reset; a new set-up link went to their address and their sessions ended.",
  remove: "Their role here is removed.",
};

function factorSummary(factors: TTeamMember["factors"]): string {
  const parts = [factors.authenticatorApp ? "authenticator app" : null, factors.passkeys > 0 ? (factors.passkeys === 1 ? "a passkey" : `${factors.passkeys} passkeys`) : null].filter(Boolean);
  return parts.length > 0 ? `Password and ${parts.join(" and ")} set up.` : "Second factor not set up yet.";
}

export default async function TeamPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const slug = (await params).tenant;
  const path = `/admin/${slug}/team`;
  const { tenant, auth, role } = await requireStaffTenant("admin", slug, path);
  const done = (await searchParams).done;
  const team = await listTeam(getDeps(), tenant);
  const owner = canManageStaff(role);
  return (
    <main>
      <TenantNav console="admin" tenant={tenant} current="/team" />
      <h1 className="mb-4 text-2xl font-bold">Staff</h1>
      {typeof done === "string" && DONE[done] ? (
        <div className="mb-4">
          <Alert tone="success">{DONE[done]}</Alert>
        </div>
      ) : null}
      {owner ? <StepUpNotice console="admin" auth={auth} returnTo={path} /> : <p className="mb-4 text-sm text-gray-800">Only owners change the staff.</p>}
      <ul className="mb-6 divide-y divide-gray-300 rounded-lg border border-gray-300 bg-white" aria-label="Staff members">
        {team.map((m) => (
          <li key={m.staffId} className="space-y-3 p-4" data-testid="staff-member">
            <p>
              <strong>{m.name}</strong> · {m.email} · {roleLabel(m.role)}
            </p>
            <p className="text-sm text-gray-800">
              {!m.active ? "Disabled. " : ""}
              {m.setUp ? factorSummary(m.factors) : "Set-up link not used yet."}
            </p>
            {owner && m.staffId !== auth.staff.id ? (
              <div className="grid gap-4 md:grid-cols-2">
                <MemberActionForm tenant={tenant.slug} staffId={m.staffId} email={m.email} intent="reset" label="Reset their sign-in" />
                <MemberActionForm tenant={tenant.slug} staffId={m.staffId} email={m.email} intent="remove" label="Remove from this tenant" />
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {owner ? <AddMemberForm tenant={tenant.slug} /> : null}
    </main>
  );
}
