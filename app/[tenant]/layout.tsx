import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getNonce } from "@/lib/next/request";
import { findTenant, getTenantOrNotFound } from "@/lib/next/tenant";
import { brandCss, brandTheme } from "@/lib/tenancy/branding";

type TProps = { children: ReactNode; params: Promise<{ tenant: string }> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  const tenant = await findTenant((await params).tenant);
  if (!tenant) return { title: "Page not found · Portico" };
  return {
    title: { default: tenant.name, template: `%s · ${tenant.name}` },
    icons: tenant.logoUrl ? { icon: tenant.logoUrl } : undefined,
  };
}

export default async function TenantLayout({ children, params }: TProps) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const nonce = await getNonce();
  return (
    <>
      {/* Only validated #rrggbb values reach this rule (lib/tenancy/branding.ts). */}
      <style nonce={nonce}>{brandCss(brandTheme(tenant))}</style>
      <div className="flex min-h-screen flex-col">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:m-2 focus:rounded focus:bg-white focus:p-2"
        >
          Skip to content
        </a>
        <header className="border-b-4 border-accent bg-brand text-brand-text">
          <div className="mx-auto flex max-w-3xl items-center gap-3 px-4 py-4">
            {tenant.logoUrl ? (
              // eslint-disable-next-line @next/next/no-img-element -- a small same-origin logo (demo SVG or upload)
              <img src={tenant.logoUrl} alt="" width={36} height={36} className="h-9 w-9 rounded" />
            ) : null}
            <div>
              <p className="text-lg leading-tight font-bold">{tenant.name}</p>
              {tenant.tagline ? <p className="text-sm leading-tight">{tenant.tagline}</p> : null}
            </div>
          </div>
        </header>
        <div id="main" className="mx-auto w-full max-w-3xl flex-1 px-4 py-8">
          {children}
        </div>
        <footer className="border-t border-gray-300 bg-white">
          <div className="mx-auto flex max-w-3xl flex-wrap justify-between gap-2 px-4 py-4 text-sm text-gray-700">
            <span>
              {tenant.supportEmail ? (
                <>
                  Need help?{" "}
                  <a className="underline" href={`mailto:${tenant.supportEmail}`}>
                    {tenant.supportEmail}
                  </a>
                </>
              ) : null}
            </span>
            <span>Secured by Portico</span>
          </div>
        </footer>
      </div>
    </>
  );
}
