import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { OrgPolicyForm } from "@/components/workforce/org-policy-form";
import { StepUpNotice } from "@/components/workforce/step-up-notice";
import { TenantNav } from "@/components/workforce/tenant-nav";
import { Alert } from "@/components/ui/alert";
import { ORG_POLICY_WORDS } from "@/lib/copy/en";
import { formatMinutes } from "@/lib/copy/format";
import { getDeps } from "@/lib/next/deps";
import { requireStaffTenant } from "@/lib/next/workforce";
import { organisationPolicyView } from "@/lib/workforce/organisation-policy";

export const metadata: Metadata = { title: "Organisation policy" };

function Tightened({ on }: { on: boolean }) {
  return on ? (
    <span className="ml-2 inline-block rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900">
      {ORG_POLICY_WORDS.tightenedMark}
    </span>
  ) : null;
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="py-2">
      <dt className="text-sm font-medium text-gray-700">{term}</dt>
      <dd className="mt-0.5 text-gray-900">{children}</dd>
    </div>
  );
}

/** An organisation's tightening of the tenant's policy, and what a member of it gets. */
export default async function OrganisationPolicyPage({
  params,
}: {
  params: Promise<{ tenant: string; slug: string }>;
}) {
  const { tenant: tenantSlug, slug } = await params;
  const path = `/admin/${tenantSlug}/organisations/${slug}/policy`;
  const { auth, tenant } = await requireStaffTenant("admin", tenantSlug, path);
  const view = await organisationPolicyView(getDeps(), tenant, slug);
  if (!view.ok) notFound();
  const { organisation, member } = view.value;
  const words = ORG_POLICY_WORDS;
  const idle = (minutes: number | null) => (minutes === null ? "no idle limit" : `idle ${formatMinutes(minutes)}`);
  return (
    <main>
      <TenantNav console="admin" tenant={tenant} current="/organisations" />
      <p className="mb-1 text-sm">
        <a href={`/admin/${tenant.slug}/organisations/${organisation.slug}`} className="underline">
          {organisation.name}
        </a>
      </p>
      <h1 className="mb-4 text-2xl font-bold">Sign-in policy of {organisation.name}</h1>
      <p className="mb-4 max-w-3xl text-gray-800">
        An organisation can only make {tenant.name}&apos;s policy stricter for its members, never looser. Blank fields
        keep the tenant&apos;s values.
      </p>
      {view.value.policyUnreadable ? (
        <Alert tone="error">
          The stored policy could not be read; members are held to a second factor until it is saved again.
        </Alert>
      ) : null}
      <StepUpNotice console="admin" auth={auth} returnTo={path} />
      <div className="mt-4 grid gap-8 lg:grid-cols-2">
        <section
          aria-labelledby="member-gets"
          className="h-fit rounded-lg border border-gray-300 bg-white p-4 lg:order-2"
        >
          <h2 id="member-gets" className="text-lg font-semibold">
            What a member of {organisation.name} gets
          </h2>
          <dl className="mt-2 divide-y divide-gray-200">
            <Row term="Sign-in methods">
              {member.methods.length > 0
                ? member.methods.map((m) => words.methods[m]).join(", ")
                : "None (members cannot sign in)"}
              <Tightened on={member.tightened.methods} />
            </Row>
            <Row term="Second factor">
              {words.mfa[member.mfaPolicy]}
              <Tightened on={member.tightened.mfa} />
            </Row>
            <Row term="Minimum sign-in level">
              {words.level(member.minAal)}
              <Tightened on={member.tightened.minAal} />
            </Row>
            <Row term="Session lifetimes">
              <ul className="space-y-1">
                {(["1", "2", "3"] as const).map((level) => (
                  <li key={level}>
                    Level {level}: {formatMinutes(member.lifetimes[level].absoluteMinutes)},{" "}
                    {idle(member.lifetimes[level].idleMinutes)}
                    <Tightened on={member.lifetimes[level].tightened} />
                  </li>
                ))}
              </ul>
            </Row>
            <Row term="Step-up per action">
              <ul className="space-y-1">
                {member.stepUp.map((s) => (
                  <li key={s.action}>
                    {s.label}: level {s.minAal}, proof at most {formatMinutes(s.maxAgeMinutes)} old
                    <Tightened on={s.tightened} />
                  </li>
                ))}
              </ul>
            </Row>
          </dl>
        </section>
        <div className="lg:order-1">
          <OrgPolicyForm
            tenant={tenant.slug}
            organisation={organisation}
            initial={view.value.form}
            tenantMethods={view.value.tenantMethods}
            actions={member.stepUp.map((s) => ({ action: s.action, label: s.label }))}
          />
        </div>
      </div>
    </main>
  );
}
