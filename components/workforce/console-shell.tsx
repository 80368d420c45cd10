import Link from "next/link";
import type { ReactNode } from "react";
import { staffSignOutAction } from "@/actions/workforce/staff-sign-in";
import { getStaffAuth } from "@/lib/next/workforce";
import { getNonce } from "@/lib/next/request";
import { brandCss, brandTheme } from "@/lib/tenancy/branding";
import type { TConsole } from "@/lib/workforce/roles";

const TITLES: Record<TConsole, string> = { admin: "Admin console", support: "Support workbench" };
// The consoles wear Portico's own colours, never a tenant's: staff always know which realm they are in.
const WORKFORCE_THEME = brandTheme({ primaryColor: "#111827", accentColor: "#4f46e5" });

/** Frame of every console page: realm title, who is signed in, sign-out. */
export async function ConsoleShell({ console, children }: { console: TConsole; children: ReactNode }) {
  const auth = await getStaffAuth();
  const nonce = await getNonce();
  return (
    <>
      <style nonce={nonce}>{brandCss(WORKFORCE_THEME)}</style>
      <div className="flex min-h-screen flex-col">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:m-2 focus:rounded focus:bg-white focus:p-2"
        >
          Skip to content
        </a>
        <header className="border-b-4 border-accent bg-brand text-brand-text">
          <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3">
            <p className="text-lg font-bold">
              <Link href={`/${console}`} className="underline-offset-4 hover:underline">
                Portico · {TITLES[console]}
              </Link>
            </p>
            {auth ? (
              <form action={staffSignOutAction} className="flex items-center gap-3 text-sm">
                <span>
                  Signed in as <strong>{auth.staff.name}</strong>
                </span>
                <Link href={`/${console}/account`} className="underline underline-offset-4">
                  Your sign-in
                </Link>
                <input type="hidden" name="console" value={console} />
                <button type="submit" className="rounded-md border border-white px-3 py-1 font-semibold">
                  Sign out
                </button>
              </form>
            ) : null}
          </div>
        </header>
        <div id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-8">
          {children}
        </div>
        <footer className="border-t border-gray-300 bg-white">
          <p className="mx-auto max-w-5xl px-4 py-3 text-sm text-gray-700">
            Workforce access only. Every action here is recorded with your name.
          </p>
        </footer>
      </div>
    </>
  );
}
