import type { Metadata } from "next";
import { ActionPolicyForm, NewActionForm } from "@/components/workforce/settings-forms";
import { StepUpNotice } from "@/components/workforce/step-up-notice";
import { TenantNav } from "@/components/workforce/tenant-nav";
import { getDeps } from "@/lib/next/deps";
import { requireStaffTenant } from "@/lib/next/workforce";
import { actionPolicySettings } from "@/lib/tenancy/step-up-settings";

export const metadata: Metadata = { title: "Assurance levels" };

export default async function StepUpSettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const slug = (await params).tenant;
  const path = `/admin/${slug}/step-up`;
  const { auth, tenant } = await requireStaffTenant("admin", slug, path);
  const policies = await actionPolicySettings(getDeps(), tenant);
  return (
    <main>
      <TenantNav console="admin" tenant={tenant} current="/step-up" />
      <h1 className="mb-2 text-2xl font-bold">Assurance levels</h1>
      <p className="mb-4 text-sm text-gray-800">
        Each sensitive action needs a level of proof (AAL1: one factor; AAL2: two factors or a passkey; AAL3: a passkey)
        given within its maximum age.
      </p>
      <StepUpNotice console="admin" auth={auth} returnTo={path} />
      <div className="space-y-6">
        {policies.map((p) => (
          <ActionPolicyForm
            key={p.action}
            tenant={tenant.slug}
            row={{
              builtIn: p.builtIn,
              values: {
                action: p.action,
                label: p.label,
                minAal: String(p.minAal),
                singleFactorAal: p.singleFactorAal === null ? "" : String(p.singleFactorAal),
                maxAgeMinutes: String(p.maxAgeMinutes),
                methods: p.methods.join(","),
                singleUse: p.singleUse ? "on" : "",
              },
            }}
          />
        ))}
        <NewActionForm tenant={tenant.slug} />
      </div>
    </main>
  );
}
