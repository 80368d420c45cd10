import type { Metadata } from "next";
import { AttestationForm, PolicyForm } from "@/components/workforce/settings-forms";
import { StepUpNotice } from "@/components/workforce/step-up-notice";
import { TenantNav } from "@/components/workforce/tenant-nav";
import { requireStaffTenant } from "@/lib/next/workforce";
import { trustedRootsOf } from "@/lib/identity/attestation";
import { attestationFormOf } from "@/lib/tenancy/attestation-policy";
import { policyFormOf } from "@/lib/tenancy/tenant-policy";

export const metadata: Metadata = { title: "Sign-in and policies" };

export default async function PoliciesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const slug = (await params).tenant;
  const path = `/admin/${slug}/policies`;
  const { auth, tenant } = await requireStaffTenant("admin", slug, path);
  return (
    <main>
      <TenantNav console="admin" tenant={tenant} current="/policies" />
      <h1 className="mb-4 text-2xl font-bold">Sign-in methods and policies</h1>
      <StepUpNotice console="admin" auth={auth} returnTo={path} />
      <PolicyForm tenant={tenant.slug} initial={policyFormOf(tenant)} />
      <div className="mt-8">
        <AttestationForm
          tenant={tenant.slug}
          initial={attestationFormOf(tenant)}
          roots={trustedRootsOf(tenant).map((r) => ({
            subject: r.subject,
            sha256: r.sha256,
            notAfter: r.notAfter.toISOString().slice(0, 10),
          }))}
        />
      </div>
    </main>
  );
}
