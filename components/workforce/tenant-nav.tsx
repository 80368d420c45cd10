import Link from "next/link";
import type { TTenant } from "@/lib/tenancy/types";
import type { TConsole } from "@/lib/workforce/roles";

const LINKS: Record<TConsole, Array<{ href: string; label: string }>> = {
  admin: [
    { href: "", label: "Users" },
    { href: "/dashboard", label: "Dashboard" },
    { href: "/audit", label: "Audit log" },
    { href: "/organisations", label: "Organisations" },
    { href: "/team", label: "Staff" },
    { href: "/branding", label: "Branding" },
    { href: "/policies", label: "Sign-in and policies" },
    { href: "/step-up", label: "Assurance levels" },
    { href: "/apps", label: "Apps" },
  ],
  support: [{ href: "", label: "Queue" }],
};

/** Heading and section links of one tenant in a console. */
export function TenantNav({ console, tenant, current }: { console: TConsole; tenant: TTenant; current: string }) {
  return (
    <div className="mb-6 space-y-3">
      <p className="text-sm text-gray-800">
        <Link href={`/${console}`} className="underline">
          All tenants
        </Link>{" "}
        / <strong>{tenant.name}</strong>
      </p>
      <nav aria-label={`${tenant.name} sections`}>
        <ul className="flex flex-wrap gap-2">
          {LINKS[console].map((link) => {
            const href = `/${console}/${tenant.slug}${link.href}`;
            const active = current === link.href;
            return (
              <li key={link.label}>
                <Link
                  href={href}
                  aria-current={active ? "page" : undefined}
                  className={`rounded-md px-3 py-1 text-sm font-semibold ${active ? "bg-brand text-brand-text" : "border border-gray-400 bg-white text-gray-900"}`}
                >
                  {link.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </div>
  );
}
