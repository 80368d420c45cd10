import type { Metadata } from "next";
import { BrandPreview } from "@/components/workforce/brand-preview";
import { BrandingForm } from "@/components/workforce/settings-forms";
import { StepUpNotice } from "@/components/workforce/step-up-notice";
import { TenantNav } from "@/components/workforce/tenant-nav";
import { requireStaffTenant } from "@/lib/next/workforce";
import { BRANDING_LIMITS, brandingFormOf } from "@/lib/tenancy/branding-settings";

export const metadata: Metadata = { title: "Branding" };

export default async function BrandingPage({ params }: { params: Promise<{ tenant: string }> }) {
  const slug = (await params).tenant;
  const path = `/admin/${slug}/branding`;
  const { auth, tenant } = await requireStaffTenant("admin", slug, path);
  const initial = brandingFormOf(tenant);
  return (
    <main>
      <TenantNav console="admin" tenant={tenant} current="/branding" />
      <h1 className="mb-4 text-2xl font-bold">Branding</h1>
      <StepUpNotice console="admin" auth={auth} returnTo={path} />
      <section aria-labelledby="current-heading" className="mb-6 space-y-2">
        <h2 id="current-heading" className="text-lg font-semibold">
          Sign-in header now
        </h2>
        <BrandPreview
          name={initial.name}
          tagline={initial.tagline}
          primaryColor={initial.primaryColor}
          brandTextColor={initial.brandTextColor}
          accentColor={initial.accentColor}
          logoUrl={tenant.logoUrl}
        />
      </section>
      <BrandingForm tenant={tenant.slug} initial={initial} logoUrl={tenant.logoUrl} limits={BRANDING_LIMITS} />
    </main>
  );
}
