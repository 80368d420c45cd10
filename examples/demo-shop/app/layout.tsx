import Link from "next/link";
import type { ReactNode } from "react";

export const metadata = { title: "Demo Shop — signs in with Portico" };

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;color:#111827;background:#f9fafb;line-height:1.5}
header{background:#1f2937;color:#fff;padding:1rem 1.5rem}header a{color:#fff}
main{max-width:40rem;margin:2rem auto;padding:0 1.5rem}
button{font:inherit;padding:.5rem 1rem;border-radius:.375rem;border:1px solid #1f2937;background:#1f2937;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1f2937}
dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.25rem 1rem}dt{font-weight:600}
code{font-family:ui-monospace,monospace;word-break:break-all}
h1,dd{overflow-wrap:anywhere}
nav a{margin-right:1rem}
.notice{border-left:4px solid #b91c1c;background:#fef2f2;padding:.5rem 1rem}
`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <style>{STYLE}</style>
      </head>
      <body>
        <header>
          <nav aria-label="Shop">
            <Link href="/">Demo Shop</Link>
            <Link href="/orders">Orders</Link>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
