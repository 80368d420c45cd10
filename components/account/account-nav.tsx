"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

export function AccountNav({
  tenant,
  payouts,
  organisation,
}: {
  tenant: string;
  payouts: boolean;
  /** Whether the account belongs to an organisation (its page is shown to members only). */
  organisation: boolean;
}) {
  const pathname = usePathname();
  const items = [
    { href: `/${tenant}/account`, label: "Profile" },
    { href: `/${tenant}/account/security`, label: "Security" },
    { href: `/${tenant}/account/sessions`, label: "Sessions" },
    { href: `/${tenant}/account/apps`, label: "Connected apps" },
    ...(payouts ? [{ href: `/${tenant}/account/payout`, label: "Payouts" }] : []),
    ...(organisation ? [{ href: `/${tenant}/account/organisation`, label: "Organisation" }] : []),
  ];
  return (
    <nav aria-label="Account" className="border-b border-gray-300">
      <ul className="-mb-px flex flex-wrap gap-x-6 gap-y-1">
        {items.map((item) => {
          const current = pathname === item.href;
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? "page" : undefined}
                className={`inline-block border-b-4 px-1 pb-2 text-sm font-semibold ${current ? "border-brand text-gray-900" : "border-transparent text-gray-700 hover:text-gray-900"}`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
