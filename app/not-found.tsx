import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Page not found · Portico" };

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6 py-12">
      <p className="text-sm font-semibold tracking-wide text-gray-700 uppercase">Portico</p>
      <h1 className="mt-2 text-2xl font-bold">We can&apos;t find that page</h1>
      <p className="mt-4 text-gray-800">
        The address may be mistyped, or the organisation it belongs to may no longer use this portal. Check the link you
        followed, or go back to the site you came from.
      </p>
      <p className="mt-6">
        <Link href="/" className="font-semibold underline">
          Go to the Portico home page
        </Link>
      </p>
    </main>
  );
}
