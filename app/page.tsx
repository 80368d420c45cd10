import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getDeps } from "@/lib/next/deps";
import { listTenants } from "@/lib/tenancy/tenant-directory";

export const metadata: Metadata = { title: "Portico" };

export default async function Home() {
  await connection();
  const tenants = await listTenants(getDeps());
  return (
    <main className="mx-auto max-w-2xl px-6 py-12">
      <h1 className="text-3xl font-bold">Portico</h1>
      <p className="mt-3 text-gray-800">
        Hosted sign-in and account pages. Each organisation has its own branded portal:
      </p>
      <ul className="mt-6 space-y-3">
        {tenants.map((tenant) => (
          <li key={tenant.id} className="rounded-lg border border-gray-300 bg-white p-4">
            <p className="font-semibold">{tenant.name}</p>
            {tenant.tagline ? <p className="text-sm text-gray-700">{tenant.tagline}</p> : null}
            <p className="mt-2 flex gap-4 text-sm">
              <Link className="font-medium underline" href={`/${tenant.slug}/login`}>
                Sign in
              </Link>
              {tenant.signupMode === "open" ? (
                <Link className="font-medium underline" href={`/${tenant.slug}/signup`}>
                  Create an account
                </Link>
              ) : null}
            </p>
          </li>
        ))}
      </ul>
    </main>
  );
}
